/**
 * @packageDocumentation
 * `@bitmesh/panic-wipe`: instant, verifiable destruction of everything a BitMesh node keeps.
 *
 * - {@link DataKeyStore} + {@link createAtRestCipher} + {@link encryptedKeyValueStore}:
 *   crypto-shredding — everything persisted is sealed under per-purpose data keys held in one
 *   small key store, so destroying it makes all data unreadable at once.
 * - {@link PanicWipe}: the durable wipe transaction (marker first, keys, components, hooks,
 *   commit), the `wiping` / `sendsAllowed` flags and `onWipeStart` hook the mesh uses to stay
 *   silent, and {@link PanicWipe.resumePendingWipe} for start-up after a crash.
 * - {@link WipeRegistry}: named, prioritised {@link Wipeable} components with a per-step report.
 * - Triggers: {@link DecoyPinGate} / {@link checkPin} (decoy PIN), {@link TripleTapDetector}.
 * - After the wipe: {@link createFreshIdentity}, {@link createDecoyProfile}, {@link installProfile}.
 *
 * This entry is portable (no `node:*`). File-system pieces (key-store file, journal file,
 * directory scrubber, sealed files) are in `@bitmesh/panic-wipe/node`.
 *
 * @example
 * ```ts
 * import { DataKeyStore, PanicWipe, createAtRestCipher, encryptedKeyValueStore, memoryKeyStoreBackend } from '@bitmesh/panic-wipe'
 * import { defaultCryptoProvider as crypto } from '@bitmesh/crypto'
 * import { memoryKeyValueStore } from '@bitmesh/mesh'
 *
 * const clock = { now: () => Date.now(), setTimeout, clearTimeout }
 * const keys = await DataKeyStore.open({ crypto, backend: memoryKeyStoreBackend() })
 * const kv = encryptedKeyValueStore(memoryKeyValueStore(), createAtRestCipher(crypto, await keys.key('kv')))
 * await kv.set('secret', new TextEncoder().encode('meet at 6'))
 *
 * const panic = new PanicWipe({ clock, keys })
 * panic.register({ wipeName: 'kv', wipe: () => kv.clear() })
 * const report = await panic.wipe()
 * report.ok // true; kv.get('secret') now throws: its key is gone
 * ```
 */
export {
  AEAD_TAG_BYTES,
  AT_REST_FORMAT_VERSION,
  AT_REST_OVERHEAD_BYTES,
  AT_REST_RANDOM_BYTES,
  BLINDED_NAME_HEX_CHARS,
  DATA_KEY_BYTES,
  DEFAULT_COMPONENT_TIMEOUT_MS,
  DEFAULT_PIN_ITERATIONS,
  DEFAULT_TAP_COUNT,
  DEFAULT_TAP_MAX_GAP_MS,
  DEFAULT_TAP_WINDOW_MS,
  MAX_DATA_KEYS,
  MAX_PIN_BYTES,
  MAX_PIN_ITERATIONS,
  MAX_PURPOSE_BYTES,
  MIN_PIN_ITERATIONS,
  WipePriority,
} from './constants.js'
export { DataKey } from './data-key.js'
export { DataKeyStore, memoryKeyStoreBackend, type DataKeyStoreOptions, type KeyDestroyer, type KeyStoreBackend } from './key-store.js'
export { decodeKeyStore, encodeKeyStore, type KeyEntries } from './key-store-format.js'
export { createAtRestCipher, type AtRestCipher, type BlindingCipher } from './at-rest-cipher.js'
export { encryptedKeyValueStore } from './encrypted-kv.js'
export { WipeRegistry, type ComponentListener, type RegisterOptions } from './registry.js'
export type { ComponentReport, StepReport, WipeReport } from './report.js'
export { decodeJournalRecord, encodeJournalRecord, memoryWipeJournal, type WipeJournal, type WipeJournalRecord } from './journal.js'
export {
  PanicWipe,
  type AfterWipeHook,
  type PanicWipeOptions,
  type WipeProgress,
  type WipeStartInfo,
  type WipeState,
} from './panic-wipe.js'
export {
  checkPin,
  createPinRecord,
  decodePinRecord,
  encodePinRecord,
  pbkdf2Sha256,
  pinRecordAfterDecoyWipe,
  type CreatePinRecordOptions,
  type PinCheck,
  type PinRecord,
} from './pin.js'
export { DecoyPinGate, type DecoyPinGateOptions, type PinGateResult } from './pin-gate.js'
export { TripleTapDetector, type TripleTapOptions } from './triple-tap.js'
export {
  DEFAULT_DECOY_TEXTS,
  createDecoyProfile,
  createFreshIdentity,
  installProfile,
  type DecoyMessage,
  type DecoyProfile,
  type DecoyProfileOptions,
  type FreshIdentity,
  type FreshIdentityOptions,
  type ProfileLayout,
} from './identity.js'
