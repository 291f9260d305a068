/**
 * Packet signatures (§3): Ed25519 over the §3.2 preimage.
 *
 * The preimage contains the *compressed* payload bytes, so this module never re-compresses a
 * received packet: `wireCompression` (kept by the decoder) is reused, which makes packets from
 * encoders with other DEFLATE settings (Android's level 6) verify (§3.3).
 * @module
 */
import { defaultCryptoProvider } from '@bitmesh/crypto'
import type { CryptoProvider } from '@bitmesh/interface'
import { isBytes } from './bytes.js'
import { deflateRawPayload, shouldCompress } from './compression.js'
import { ED25519_KEY_BYTES, PacketFlag, SIGNATURE_BYTES } from './constants.js'
import { encodeWith, PadMode } from './encode.js'
import type { BitchatPacket, WireCompression } from './types.js'

/**
 * The exact bytes bitchat signs (§3.2): the packet encoded with TTL 0, no signature, IS_RSR clear,
 * PKCS#7 padding applied whatever the type, and the payload compressed as transmitted (the
 * received `wireCompression` bytes when present, else the §1.5 rule at level 5).
 * @param packet - The packet to sign or verify.
 * @returns The preimage (a new array).
 * @throws EncodeError / TypeError / RangeError as {@link encodePacket} does.
 */
export function signingBytes(packet: BitchatPacket): Uint8Array {
  return encodeWith(packet, PadMode.ALL, true, true)
}

/**
 * Sign a packet (§3). Compression is settled first and recorded in the copy's `wireCompression`,
 * so encoding the result transmits exactly the bytes that were signed.
 * @param packet - The packet; its `signature` is ignored.
 * @param signingSeed - 32-byte Ed25519 secret seed.
 * @param provider - Crypto provider (default: `@bitmesh/crypto`'s portable provider).
 * @returns A copy of `packet` with `signature` set (byte fields are shared, not copied).
 * @throws RangeError when the seed is not 32 bytes; encoder errors as {@link signingBytes}.
 */
export function signPacket(
  packet: BitchatPacket,
  signingSeed: Uint8Array,
  provider: CryptoProvider = defaultCryptoProvider,
): BitchatPacket {
  if (!isBytes(signingSeed) || signingSeed.length !== ED25519_KEY_BYTES) {
    throw new RangeError(`signingSeed must be a ${ED25519_KEY_BYTES}-byte Uint8Array`)
  }
  // Settle compression once (null = uncompressed), so encoding the result never runs DEFLATE again.
  let wireCompression: WireCompression | null | undefined = packet.wireCompression
  if (wireCompression === undefined) {
    const deflated = shouldCompress(packet.payload, packet.version) ? deflateRawPayload(packet.payload) : null
    wireCompression = deflated === null ? null : { deflated }
  }
  const unsigned: BitchatPacket = {
    version: packet.version,
    type: packet.type,
    ttl: packet.ttl,
    timestamp: packet.timestamp,
    senderId: packet.senderId,
    recipientId: packet.recipientId,
    route: packet.route,
    payload: packet.payload,
    signature: null,
    isRsr: packet.isRsr,
    wireCompression,
  }
  unsigned.signature = provider.ed25519.sign(signingBytes(unsigned), signingSeed)
  return unsigned
}

/**
 * Verify a packet's signature (§3) against the sender's announced Ed25519 key.
 *
 * Uses the received compressed bytes when the packet has them. A packet received uncompressed
 * (`wireCompression: null`) is checked against the uncompressed preimage first — what its signer
 * sent is almost always what it signed, and no DEFLATE runs — then, only if that fails and the §1.5
 * rule would compress it, against the compressed one. A constructed packet (`undefined`) whose payload
 * the rule would compress is checked against the compressed preimage first (what bitchat signers
 * produce) and then against the uncompressed one; all describe the same packet content.
 * @param packet - A decoded packet.
 * @param publicKey - 32-byte Ed25519 public key.
 * @param provider - Crypto provider (default: `@bitmesh/crypto`'s portable provider).
 * @returns True when the signature is valid; false when absent, malformed or wrong (never throws
 *   for bad signatures or keys).
 */
export function verifyPacketSignature(
  packet: BitchatPacket,
  publicKey: Uint8Array,
  provider: CryptoProvider = defaultCryptoProvider,
): boolean {
  const signature = packet.signature
  if (!isBytes(signature) || signature.length !== SIGNATURE_BYTES) return false
  if (!isBytes(publicKey) || publicKey.length !== ED25519_KEY_BYTES) return false
  const preimage = signingBytes(packet)
  if (provider.ed25519.verify(signature, preimage, publicKey)) return true
  const wire = packet.wireCompression
  if (wire === null) {
    // Received uncompressed, yet a signer may have signed the compressed form (a relay that
    // re-encoded it): the §1.5 rule tells whether that form exists.
    if (!shouldCompress(packet.payload, packet.version)) return false
    const compressed = encodeWith({ ...packet, wireCompression: undefined }, PadMode.ALL, true, true)
    if ((compressed[11]! & PacketFlag.IS_COMPRESSED) === 0) return false
    return provider.ed25519.verify(signature, compressed, publicKey)
  }
  if (wire !== undefined || (preimage[11]! & PacketFlag.IS_COMPRESSED) === 0) return false
  const uncompressed = encodeWith(packet, PadMode.ALL, false, true)
  return provider.ed25519.verify(signature, uncompressed, publicKey)
}
