/**
 * GROUP_MESSAGE (`0x25`, iOS only) payload (`shared/spec/bitchat-wire.md` §2.10): the cleartext
 * framing of an encrypted group message. TLVs with 1-byte type and 2-byte length.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { cannotEncode, checkBytes, checkIsBytes, checkUnsigned, fail, readU32, writeU32 } from './internal/bin.js'
import { forEachTlv, TlvWriter } from './internal/tlv.js'

/** Group message TLV type numbers. */
export const GroupMessageTlv = {
  GROUP_ID: 0x01,
  EPOCH: 0x02,
  NONCE: 0x03,
  CIPHERTEXT: 0x04,
} as const

/** Group ID size. */
export const GROUP_ID_BYTES = 16
/** ChaCha20-Poly1305 nonce size. */
export const GROUP_NONCE_BYTES = 12

/** A group message envelope. */
export interface GroupMessageEnvelope {
  /** 16-byte group ID. */
  groupId: Uint8Array
  /** Key epoch. */
  epoch: number
  /** 12-byte AEAD nonce. */
  nonce: Uint8Array
  /** ChaCha20-Poly1305 ciphertext ‖ 16-byte tag (non-empty). */
  ciphertext: Uint8Array
}

/**
 * Encode 01 groupID, 02 epoch, 03 nonce, 04 ciphertext.
 * @param envelope - The envelope.
 * @returns The TLV payload.
 * @throws TypeError for a wrong-size ID or nonce; EncodeError for an empty or > 65 535-byte
 *   ciphertext; RangeError for an epoch that is not u32.
 */
export function encodeGroupMessage(envelope: GroupMessageEnvelope): Uint8Array {
  checkBytes(envelope.groupId, GROUP_ID_BYTES, 'groupId')
  checkBytes(envelope.nonce, GROUP_NONCE_BYTES, 'nonce')
  checkUnsigned(envelope.epoch, 32, 'epoch')
  checkIsBytes(envelope.ciphertext, 'ciphertext')
  if (envelope.ciphertext.length === 0) throw cannotEncode('group ciphertext is empty')
  const epoch = new Uint8Array(4)
  writeU32(epoch, 0, envelope.epoch)
  return new TlvWriter(2)
    .add(GroupMessageTlv.GROUP_ID, envelope.groupId, 'groupId')
    .add(GroupMessageTlv.EPOCH, epoch, 'epoch')
    .add(GroupMessageTlv.NONCE, envelope.nonce, 'nonce')
    .add(GroupMessageTlv.CIPHERTEXT, envelope.ciphertext, 'ciphertext')
    .finish()
}

/**
 * Decode an envelope as iOS does: a field of the wrong size is ignored (an epoch of the wrong
 * size unsets it), unknown TLVs are skipped, a partial trailing header rejects.
 * @param payload - The TLV payload.
 * @returns The envelope (byte fields are views into `payload`).
 * @throws DecodeError `TRUNCATED`, or `BAD_TLV` when a field is missing.
 */
export function decodeGroupMessage(payload: Uint8Array): GroupMessageEnvelope {
  let groupId: Uint8Array | undefined
  let epoch: number | undefined
  let nonce: Uint8Array | undefined
  let ciphertext: Uint8Array | undefined
  forEachTlv(payload, 0, 2, 'reject', (type, v) => {
    if (type === GroupMessageTlv.GROUP_ID && v.length === GROUP_ID_BYTES) groupId = v
    else if (type === GroupMessageTlv.EPOCH) epoch = v.length === 4 ? readU32(v, 0) : undefined
    else if (type === GroupMessageTlv.NONCE && v.length === GROUP_NONCE_BYTES) nonce = v
    else if (type === GroupMessageTlv.CIPHERTEXT && v.length > 0) ciphertext = v
  })
  if (groupId === undefined || epoch === undefined || nonce === undefined || ciphertext === undefined) {
    throw fail(DecodeReason.BAD_TLV, 'group message lacks group ID, epoch, nonce or ciphertext')
  }
  return { groupId, epoch, nonce, ciphertext }
}
