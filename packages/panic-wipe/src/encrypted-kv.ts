/**
 * A {@link KeyValueStore} that hides keys and values from the store beneath it: each key is
 * stored under its blinded name (HMAC, see {@link BlindingCipher.blindName}) and each value is
 * sealed together with its real key name. Destroying the data key leaves the inner store full of
 * random-looking names and ciphertexts.
 * @module
 */
import { DecodeError, DecodeReason, type KeyValueStore } from '@bitmesh/interface'
import { assertBytes, utf8 } from './bytes.js'
import type { BlindingCipher } from './at-rest-cipher.js'

const decoder = new TextDecoder('utf-8', { fatal: true })
const AD_PREFIX = 'bitmesh-ekv-v1\u0000'

/** Compare by Unicode code point (the order SQLite's binary collation gives UTF-8 keys). */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]()
  const ib = b[Symbol.iterator]()
  for (;;) {
    const x = ia.next()
    const y = ib.next()
    if (x.done === true) return y.done === true ? 0 : -1
    if (y.done === true) return 1
    const d = (x.value.codePointAt(0) as number) - (y.value.codePointAt(0) as number)
    if (d !== 0) return d
  }
}

/** `u32 nameLength ‖ name ‖ value` — the real name travels inside the ciphertext. */
function pack(name: Uint8Array, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + name.length + value.length)
  new DataView(out.buffer).setUint32(0, name.length)
  out.set(name, 4)
  out.set(value, 4 + name.length)
  return out
}

function unpack(plain: Uint8Array): { name: string; value: Uint8Array } {
  if (plain.length < 4) throw new DecodeError(DecodeReason.TRUNCATED, 'encrypted value is truncated')
  const nameLength = new DataView(plain.buffer, plain.byteOffset, plain.byteLength).getUint32(0)
  if (4 + nameLength > plain.length) throw new DecodeError(DecodeReason.BAD_LENGTH, 'encrypted value name overruns the value')
  let name: string
  try {
    name = decoder.decode(plain.subarray(4, 4 + nameLength))
  } catch (error) {
    throw new DecodeError(DecodeReason.BAD_UTF8, 'encrypted value name is not UTF-8', { cause: error })
  }
  return { name, value: plain.slice(4 + nameLength) }
}

/**
 * Wrap `inner` so it only ever sees blinded keys and sealed values.
 *
 * The wrapper owns `inner`: `clear()` and `close()` pass through. `keys(prefix)` cannot use the
 * inner store's prefix search (blinded names have no prefixes), so it reads and opens every value:
 * O(n) in the number of keys — fine for identity and settings, not for large tables.
 * @param inner - The store that persists the blinded data (e.g. `SqliteKeyValueStore`).
 * @param cipher - A cipher from {@link createAtRestCipher} (its data key is what a wipe destroys).
 * @returns The encrypted store.
 * @example
 * ```ts
 * const kv = encryptedKeyValueStore(new SqliteKeyValueStore('state.db'), createAtRestCipher(crypto, await keys.key('kv')))
 * await kv.set('identity/noise-static', secretKey) // inner sees a 32-hex key and ciphertext
 * ```
 */
export function encryptedKeyValueStore(inner: KeyValueStore, cipher: BlindingCipher): KeyValueStore {
  const ad = (blinded: string): Uint8Array => utf8(AD_PREFIX + blinded)

  const openEntry = (blinded: string, sealed: Uint8Array): { name: string; value: Uint8Array } => {
    const plain = cipher.open(sealed, ad(blinded))
    try {
      return unpack(plain)
    } finally {
      plain.fill(0)
    }
  }

  return {
    async get(key) {
      if (typeof key !== 'string') throw new TypeError('key must be a string')
      const blinded = cipher.blindName(key)
      const sealed = await inner.get(blinded)
      if (sealed === undefined) return undefined
      const entry = openEntry(blinded, sealed)
      // A different name here means two names share a blinded name (2^-128) or a row was moved.
      if (entry.name !== key) throw new DecodeError(DecodeReason.BAD_VALUE, 'encrypted entry belongs to another key')
      return entry.value
    },
    async set(key, value) {
      if (typeof key !== 'string') throw new TypeError('key must be a string')
      assertBytes(value, 'value')
      const blinded = cipher.blindName(key)
      const plain = pack(utf8(key), value)
      try {
        await inner.set(blinded, cipher.seal(plain, ad(blinded)))
      } finally {
        plain.fill(0)
      }
    },
    async delete(key) {
      if (typeof key !== 'string') throw new TypeError('key must be a string')
      await inner.delete(cipher.blindName(key))
    },
    async keys(prefix = '') {
      if (typeof prefix !== 'string') throw new TypeError('prefix must be a string')
      const out: string[] = []
      for (const blinded of await inner.keys()) {
        const sealed = await inner.get(blinded)
        if (sealed === undefined) continue // deleted meanwhile
        const { name, value } = openEntry(blinded, sealed)
        value.fill(0)
        if (name.startsWith(prefix)) out.push(name)
      }
      return out.sort(compareCodePoints)
    },
    clear: () => inner.clear(),
    close: () => inner.close(),
  }
}
