/**
 * Authenticated peer state, Noise payload `0x21` (`shared/spec/bitchat-wire.md` §2.5.6):
 * `01` (version) then 1-byte-type/1-byte-length TLVs `01` capabilities and `02` signing key.
 * Carried inside an established Noise session, so unlike the announce it proves the capability
 * set and signing key belong to the holder of the Noise static key. Decoding is strict.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { checkBytes, fail } from './internal/bin.js'
import { forEachTlv } from './internal/tlv.js'
import { decodeCapabilities, encodeCapabilities, isCanonicalCapabilities } from './capabilities.js'

/** The only version both apps accept. */
export const PEER_STATE_VERSION = 1
/** Peer state TLV type numbers. */
export const PeerStateTlv = {
  CAPABILITIES: 0x01,
  SIGNING_PUBLIC_KEY: 0x02,
} as const

/** Decoded authenticated peer state. */
export interface AuthenticatedPeerState {
  /** Capability bitfield (see `PeerCapability`). */
  capabilities: bigint
  /** 32-byte Ed25519 signing public key. */
  signingPublicKey: Uint8Array
}

/**
 * Encode `01 01 len caps 02 20 key`.
 * @param state - Capabilities and signing key.
 * @returns The payload data (without the Noise type byte).
 * @throws TypeError when the key is not 32 bytes; RangeError when capabilities are not u64.
 */
export function encodeAuthenticatedPeerState(state: AuthenticatedPeerState): Uint8Array {
  checkBytes(state.signingPublicKey, 32, 'signingPublicKey')
  const caps = encodeCapabilities(state.capabilities)
  const out = new Uint8Array(1 + 2 + caps.length + 2 + 32)
  out[0] = PEER_STATE_VERSION
  out[1] = PeerStateTlv.CAPABILITIES
  out[2] = caps.length
  out.set(caps, 3)
  out[3 + caps.length] = PeerStateTlv.SIGNING_PUBLIC_KEY
  out[4 + caps.length] = 32
  out.set(state.signingPublicKey, 5 + caps.length)
  return out
}

/**
 * Decode an authenticated peer state with the apps' strict rules: version must be 1; both TLVs
 * exactly once, in any order; capabilities canonical (1–8 bytes, minimal); key exactly 32 bytes;
 * unknown TLVs skipped; a partial trailing TLV header rejects.
 * @param data - The payload data (after the Noise type byte).
 * @returns The state; the key is a view into `data`.
 * @throws DecodeError `BAD_VERSION` (or `TRUNCATED` when empty), `BAD_TLV` for duplicates, a
 *   missing field or a non-canonical capability field, `BAD_LENGTH` for a key that is not 32
 *   bytes, `TRUNCATED` when a TLV runs past the end.
 */
export function decodeAuthenticatedPeerState(data: Uint8Array): AuthenticatedPeerState {
  if (data.length === 0) throw fail(DecodeReason.TRUNCATED, 'empty peer state')
  if (data[0] !== PEER_STATE_VERSION) throw fail(DecodeReason.BAD_VERSION, `peer state version ${data[0]} is not 1`)
  let capabilities: bigint | undefined
  let signingPublicKey: Uint8Array | undefined
  forEachTlv(data, 1, 1, 'reject', (type, value) => {
    if (type === PeerStateTlv.CAPABILITIES) {
      if (capabilities !== undefined) throw fail(DecodeReason.BAD_TLV, 'duplicate capabilities TLV')
      if (!isCanonicalCapabilities(value)) throw fail(DecodeReason.BAD_TLV, 'capabilities are not minimally encoded')
      capabilities = decodeCapabilities(value)
    } else if (type === PeerStateTlv.SIGNING_PUBLIC_KEY) {
      if (signingPublicKey !== undefined) throw fail(DecodeReason.BAD_TLV, 'duplicate signing key TLV')
      if (value.length !== 32) throw fail(DecodeReason.BAD_LENGTH, `signing key is ${value.length} bytes, expected 32`)
      signingPublicKey = value
    }
  })
  if (capabilities === undefined) throw fail(DecodeReason.BAD_TLV, 'peer state has no capabilities TLV')
  if (signingPublicKey === undefined) throw fail(DecodeReason.BAD_TLV, 'peer state has no signing key TLV')
  return { capabilities, signingPublicKey }
}
