/**
 * PREKEY_BUNDLE (`0x24`, iOS only) payload (`shared/spec/bitchat-wire.md` §2.10): one-time
 * X25519 prekeys bound to a Noise static key by an Ed25519 signature. TLVs with 1-byte type and
 * 2-byte length.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { utf8Encode } from '../packet/bytes.js'
import { cannotEncode, checkBytes, checkUnsigned, checkUnsignedBigInt, fail, readU32, readU64, writeU32, writeU64 } from './internal/bin.js'
import { forEachTlv, TlvWriter } from './internal/tlv.js'

/** Prekey bundle TLV type numbers. */
export const PrekeyTlv = {
  NOISE_STATIC_PUBLIC_KEY: 0x01,
  PREKEYS: 0x02,
  GENERATED_AT: 0x03,
  SIGNATURE: 0x04,
} as const

/** Most prekeys in one bundle. */
export const MAX_BUNDLE_PREKEYS = 8
/** Signing context of a bundle. */
export const PREKEY_BUNDLE_CONTEXT = 'bitchat-prekey-bundle-v1'
const ENTRY_BYTES = 4 + 32

/** One one-time prekey. */
export interface Prekey {
  /** u32 identifier (quoted by courier envelopes sealed to it). */
  id: number
  /** 32-byte X25519 public key. */
  publicKey: Uint8Array
}

/** A prekey bundle. */
export interface PrekeyBundle {
  /** Owner's 32-byte Noise static public key. */
  noiseStaticPublicKey: Uint8Array
  /** 1–8 prekeys with distinct IDs. */
  prekeys: Prekey[]
  /** Generation time (ms); newer bundles replace older ones. */
  generatedAt: bigint
  /** 64-byte Ed25519 signature over {@link prekeyBundleSigningBytes}. */
  signature: Uint8Array
}

/**
 * Encode a bundle: 01 key, 02 entries (id ‖ key)…, 03 generatedAt, 04 signature.
 * @param bundle - The bundle.
 * @returns The TLV payload.
 * @throws TypeError for wrong-size keys or signature; EncodeError for 0 or more than 8 prekeys
 *   or duplicate IDs; RangeError for out-of-range numbers.
 */
export function encodePrekeyBundle(bundle: PrekeyBundle): Uint8Array {
  checkBytes(bundle.noiseStaticPublicKey, 32, 'noiseStaticPublicKey')
  checkBytes(bundle.signature, 64, 'signature')
  checkUnsignedBigInt(bundle.generatedAt, 64, 'generatedAt')
  const n = bundle.prekeys.length
  if (n === 0 || n > MAX_BUNDLE_PREKEYS) throw cannotEncode(`a bundle carries 1…${MAX_BUNDLE_PREKEYS} prekeys, got ${n}`)
  if (new Set(bundle.prekeys.map((k) => k.id)).size !== n) throw cannotEncode('duplicate prekey IDs')
  const entries = new Uint8Array(n * ENTRY_BYTES)
  bundle.prekeys.forEach((k, i) => {
    checkUnsigned(k.id, 32, 'prekey id')
    checkBytes(k.publicKey, 32, 'prekey publicKey')
    writeU32(entries, i * ENTRY_BYTES, k.id)
    entries.set(k.publicKey, i * ENTRY_BYTES + 4)
  })
  const generatedAt = new Uint8Array(8)
  writeU64(generatedAt, 0, bundle.generatedAt)
  return new TlvWriter(2)
    .add(PrekeyTlv.NOISE_STATIC_PUBLIC_KEY, bundle.noiseStaticPublicKey, 'noiseStaticPublicKey')
    .add(PrekeyTlv.PREKEYS, entries, 'prekeys')
    .add(PrekeyTlv.GENERATED_AT, generatedAt, 'generatedAt')
    .add(PrekeyTlv.SIGNATURE, bundle.signature, 'signature')
    .finish()
}

/**
 * Decode a bundle (iOS rules: exact sizes, 1–8 entries, distinct IDs, unknown TLVs skipped, a
 * partial trailing header rejects). Verify the signature before use.
 * @param payload - The TLV payload.
 * @returns The bundle (keys are views into `payload`).
 * @throws DecodeError `TRUNCATED`, `BAD_LENGTH`, `BAD_TLV` (missing field) or `BAD_VALUE`
 *   (duplicate prekey IDs).
 */
export function decodePrekeyBundle(payload: Uint8Array): PrekeyBundle {
  let noiseStaticPublicKey: Uint8Array | undefined
  let prekeys: Prekey[] | undefined
  let generatedAt: bigint | undefined
  let signature: Uint8Array | undefined
  forEachTlv(payload, 0, 2, 'reject', (type, v) => {
    switch (type) {
      case PrekeyTlv.NOISE_STATIC_PUBLIC_KEY:
        noiseStaticPublicKey = exact(v, 32, 'noise key')
        break
      case PrekeyTlv.PREKEYS:
        if (v.length === 0 || v.length % ENTRY_BYTES !== 0 || v.length / ENTRY_BYTES > MAX_BUNDLE_PREKEYS) {
          throw fail(DecodeReason.BAD_LENGTH, `prekey entries of ${v.length} bytes`)
        }
        prekeys = []
        for (let o = 0; o < v.length; o += ENTRY_BYTES) prekeys.push({ id: readU32(v, o), publicKey: v.subarray(o + 4, o + ENTRY_BYTES) })
        break
      case PrekeyTlv.GENERATED_AT:
        generatedAt = readU64(exact(v, 8, 'generatedAt'), 0)
        break
      case PrekeyTlv.SIGNATURE:
        signature = exact(v, 64, 'signature')
        break
      default:
    }
  })
  if (noiseStaticPublicKey === undefined || prekeys === undefined || generatedAt === undefined || signature === undefined) {
    throw fail(DecodeReason.BAD_TLV, 'prekey bundle lacks a field')
  }
  if (new Set(prekeys.map((k) => k.id)).size !== prekeys.length) throw fail(DecodeReason.BAD_VALUE, 'duplicate prekey IDs')
  return { noiseStaticPublicKey, prekeys, generatedAt, signature }
}

/**
 * Bytes a bundle signature covers: u8-len "bitchat-prekey-bundle-v1" ‖ noise key ‖ u8 count ‖
 * (u32 id ‖ key)… ‖ u64 generatedAt. Keys are cut or zero-padded to 32 bytes, as iOS does.
 * @param bundle - The bundle (its `signature` is ignored).
 * @returns The preimage.
 */
export function prekeyBundleSigningBytes(bundle: Omit<PrekeyBundle, 'signature'>): Uint8Array {
  const context = utf8Encode(PREKEY_BUNDLE_CONTEXT)
  const prekeys = bundle.prekeys.slice(0, 255)
  const out = new Uint8Array(1 + context.length + 32 + 1 + prekeys.length * ENTRY_BYTES + 8)
  let o = 0
  out[o++] = context.length
  out.set(context, o)
  o += context.length
  out.set(bundle.noiseStaticPublicKey.subarray(0, 32), o) // shorter keys leave zero padding
  o += 32
  out[o++] = prekeys.length
  for (const k of prekeys) {
    writeU32(out, o, k.id)
    out.set(k.publicKey.subarray(0, 32), o + 4)
    o += ENTRY_BYTES
  }
  checkUnsignedBigInt(bundle.generatedAt, 64, 'generatedAt')
  writeU64(out, o, bundle.generatedAt)
  return out
}

function exact(value: Uint8Array, length: number, name: string): Uint8Array {
  if (value.length !== length) throw fail(DecodeReason.BAD_LENGTH, `prekey bundle ${name} is ${value.length} bytes, expected ${length}`)
  return value
}
