/**
 * BOARD_POST (`0x23`, iOS only) payload (`shared/spec/bitchat-wire.md` §2.10): a signed bulletin
 * post or a tombstone deleting one. TLVs with 1-byte type and 2-byte length.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { utf8Encode } from '../packet/bytes.js'
import { cannotEncode, checkBytes, checkUnsigned, checkUnsignedBigInt, fail, readU64, writeU16, writeU64 } from './internal/bin.js'
import { forEachTlv, TlvWriter } from './internal/tlv.js'
import { tryUtf8 } from './internal/text.js'

/** Board TLV type numbers. */
export const BoardTlv = {
  KIND: 0x01,
  POST_ID: 0x02,
  GEOHASH: 0x03,
  CONTENT: 0x04,
  AUTHOR_SIGNING_KEY: 0x05,
  AUTHOR_NICKNAME: 0x06,
  CREATED_AT: 0x07,
  EXPIRES_AT: 0x08,
  FLAGS: 0x09,
  SIGNATURE: 0x0a,
  DELETED_AT: 0x0b,
} as const

/** Post ID size. */
export const BOARD_POST_ID_BYTES = 16
/** Longest post content in UTF-8 bytes. */
export const MAX_BOARD_CONTENT_BYTES = 512
/** Longest author nickname in UTF-8 bytes. */
export const MAX_BOARD_NICKNAME_BYTES = 64
/** Longest geohash (empty = mesh-local board). */
export const MAX_BOARD_GEOHASH_BYTES = 12
/** A post lives at most 7 days past its creation. */
export const MAX_BOARD_LIFETIME_MS = 7n * 24n * 60n * 60n * 1000n
/** Flag bit: urgent post. */
export const BOARD_FLAG_URGENT = 0x01
/** Signing context of a post. */
export const BOARD_POST_CONTEXT = 'bitchat-board-v1'
/** Signing context of a tombstone. */
export const BOARD_TOMBSTONE_CONTEXT = 'bitchat-board-del-v1'

const GEOHASH_ALPHABET = /^[0-9bcdefghjkmnpqrstuvwxyz]*$/

/** A bulletin post. */
export interface BoardPost {
  kind: 'post'
  /** 16 random bytes. */
  postId: Uint8Array
  /** Geohash cell, or `''` for the mesh-local board. */
  geohash: string
  /** 1–512 UTF-8 bytes. */
  content: string
  /** Author's 32-byte Ed25519 key. */
  authorSigningKey: Uint8Array
  /** ≤ 64 UTF-8 bytes. */
  authorNickname: string
  /** ms since the epoch. */
  createdAt: bigint
  /** ms since the epoch; after `createdAt`, at most 7 days later. */
  expiresAt: bigint
  /** Bit 0 = urgent. */
  flags: number
  /** 64-byte Ed25519 signature over {@link boardPostSigningBytes}. */
  signature: Uint8Array
}

/** A deletion marker for a post. */
export interface BoardTombstone {
  kind: 'tombstone'
  /** The deleted post. */
  postId: Uint8Array
  /** Author's 32-byte Ed25519 key. */
  authorSigningKey: Uint8Array
  /** ms since the epoch. */
  deletedAt: bigint
  /** 64-byte signature over {@link boardTombstoneSigningBytes}. */
  signature: Uint8Array
}

/** A board payload. */
export type BoardPayload = BoardPost | BoardTombstone

/**
 * Encode a post (kind, postID, geohash, content, key, nickname, createdAt, expiresAt, flags,
 * signature) or a tombstone (kind, postID, key, deletedAt, signature), in iOS order.
 * @param board - The post or tombstone.
 * @returns The TLV payload.
 * @throws TypeError for wrong-size IDs, keys or signatures; EncodeError for over-long text;
 *   RangeError for out-of-range numbers.
 */
export function encodeBoardPayload(board: BoardPayload): Uint8Array {
  checkBytes(board.postId, BOARD_POST_ID_BYTES, 'postId')
  checkBytes(board.authorSigningKey, 32, 'authorSigningKey')
  checkBytes(board.signature, 64, 'signature')
  const w = new TlvWriter(2)
  if (board.kind === 'post') {
    const geohash = limited(board.geohash, MAX_BOARD_GEOHASH_BYTES, 'geohash')
    const content = limited(board.content, MAX_BOARD_CONTENT_BYTES, 'content')
    const nickname = limited(board.authorNickname, MAX_BOARD_NICKNAME_BYTES, 'authorNickname')
    checkUnsigned(board.flags, 8, 'flags')
    w.add(BoardTlv.KIND, Uint8Array.of(1), 'kind')
    w.add(BoardTlv.POST_ID, board.postId, 'postId')
    w.add(BoardTlv.GEOHASH, geohash, 'geohash')
    w.add(BoardTlv.CONTENT, content, 'content')
    w.add(BoardTlv.AUTHOR_SIGNING_KEY, board.authorSigningKey, 'authorSigningKey')
    w.add(BoardTlv.AUTHOR_NICKNAME, nickname, 'authorNickname')
    w.add(BoardTlv.CREATED_AT, u64(board.createdAt, 'createdAt'), 'createdAt')
    w.add(BoardTlv.EXPIRES_AT, u64(board.expiresAt, 'expiresAt'), 'expiresAt')
    w.add(BoardTlv.FLAGS, Uint8Array.of(board.flags), 'flags')
  } else {
    w.add(BoardTlv.KIND, Uint8Array.of(2), 'kind')
    w.add(BoardTlv.POST_ID, board.postId, 'postId')
    w.add(BoardTlv.AUTHOR_SIGNING_KEY, board.authorSigningKey, 'authorSigningKey')
    w.add(BoardTlv.DELETED_AT, u64(board.deletedAt, 'deletedAt'), 'deletedAt')
  }
  w.add(BoardTlv.SIGNATURE, board.signature, 'signature')
  return w.finish()
}

/**
 * Decode a board payload (structure only; verify the signature before use). iOS rules: fixed-size
 * fields must have their size, text fields their caps; a timestamp TLV that is not 8 bytes unsets
 * the field; unknown TLVs and a partial trailing header are ignored; a post needs every field, a
 * valid geohash, non-empty content and `createdAt < expiresAt ≤ createdAt + 7 d`.
 * @param payload - The TLV payload.
 * @returns The post or tombstone (byte fields are views into `payload`).
 * @throws DecodeError `TRUNCATED`, `BAD_LENGTH`, `BAD_TLV` (missing/unknown kind or field),
 *   `BAD_UTF8`, or `BAD_VALUE` (geohash alphabet, lifetime).
 */
export function decodeBoardPayload(payload: Uint8Array): BoardPayload {
  let kind: number | undefined
  let postId: Uint8Array | undefined
  let geohash: string | null | undefined
  let content: string | null | undefined
  let contentBytes = 0
  let authorSigningKey: Uint8Array | undefined
  let authorNickname: string | null | undefined
  let createdAt: bigint | undefined
  let expiresAt: bigint | undefined
  let flags: number | undefined
  let signature: Uint8Array | undefined
  let deletedAt: bigint | undefined
  forEachTlv(payload, 0, 2, 'ignore', (type, v) => {
    switch (type) {
      case BoardTlv.KIND:
        kind = exact(v, 1, 'kind')[0]
        break
      case BoardTlv.POST_ID:
        postId = exact(v, BOARD_POST_ID_BYTES, 'post ID')
        break
      case BoardTlv.GEOHASH:
        geohash = tryUtf8(atMost(v, MAX_BOARD_GEOHASH_BYTES, 'geohash'))
        break
      case BoardTlv.CONTENT:
        contentBytes = atMost(v, MAX_BOARD_CONTENT_BYTES, 'content').length
        content = tryUtf8(v)
        break
      case BoardTlv.AUTHOR_SIGNING_KEY:
        authorSigningKey = exact(v, 32, 'signing key')
        break
      case BoardTlv.AUTHOR_NICKNAME:
        authorNickname = tryUtf8(atMost(v, MAX_BOARD_NICKNAME_BYTES, 'nickname'))
        break
      case BoardTlv.CREATED_AT:
        createdAt = v.length === 8 ? readU64(v, 0) : undefined
        break
      case BoardTlv.EXPIRES_AT:
        expiresAt = v.length === 8 ? readU64(v, 0) : undefined
        break
      case BoardTlv.FLAGS:
        flags = exact(v, 1, 'flags')[0]
        break
      case BoardTlv.SIGNATURE:
        signature = exact(v, 64, 'signature')
        break
      case BoardTlv.DELETED_AT:
        deletedAt = v.length === 8 ? readU64(v, 0) : undefined
        break
      default:
    }
  })
  if (postId === undefined || authorSigningKey === undefined || signature === undefined) {
    throw fail(DecodeReason.BAD_TLV, 'board payload lacks post ID, signing key or signature')
  }
  if (kind === 1) {
    if (geohash === null || content === null || authorNickname === null) throw fail(DecodeReason.BAD_UTF8, 'board text is not UTF-8')
    if (geohash === undefined || content === undefined || authorNickname === undefined) {
      throw fail(DecodeReason.BAD_TLV, 'board post lacks geohash, content or nickname')
    }
    if (createdAt === undefined || expiresAt === undefined || flags === undefined) {
      throw fail(DecodeReason.BAD_TLV, 'board post lacks timestamps or flags')
    }
    if (contentBytes < 1) throw fail(DecodeReason.BAD_VALUE, 'board post content is empty')
    if (!GEOHASH_ALPHABET.test(geohash)) throw fail(DecodeReason.BAD_VALUE, 'board geohash has non-geohash characters')
    if (expiresAt <= createdAt || expiresAt - createdAt > MAX_BOARD_LIFETIME_MS) {
      throw fail(DecodeReason.BAD_VALUE, 'board post lifetime must be positive and at most 7 days')
    }
    return { kind: 'post', postId, geohash, content, authorSigningKey, authorNickname, createdAt, expiresAt, flags, signature }
  }
  if (kind === 2) {
    if (deletedAt === undefined) throw fail(DecodeReason.BAD_TLV, 'board tombstone lacks deletedAt')
    return { kind: 'tombstone', postId, authorSigningKey, deletedAt, signature }
  }
  throw fail(DecodeReason.BAD_TLV, `board kind ${kind ?? 'missing'} is neither post (1) nor tombstone (2)`)
}

/**
 * Bytes a post signature covers: u8-len context ‖ postID ‖ u16-len geohash ‖ u16-len content ‖
 * key ‖ u16-len nickname ‖ u64 createdAt ‖ u64 expiresAt ‖ flags.
 * @param post - The post (its `signature` is ignored).
 * @returns The preimage.
 */
export function boardPostSigningBytes(post: Omit<BoardPost, 'signature' | 'kind'>): Uint8Array {
  const parts = [
    context(BOARD_POST_CONTEXT),
    post.postId,
    u16Prefixed(utf8Encode(post.geohash)),
    u16Prefixed(utf8Encode(post.content)),
    post.authorSigningKey,
    u16Prefixed(utf8Encode(post.authorNickname)),
    u64(post.createdAt, 'createdAt'),
    u64(post.expiresAt, 'expiresAt'),
    Uint8Array.of(post.flags & 0xff),
  ]
  return join(parts)
}

/**
 * Bytes a tombstone signature covers: u8-len context ‖ postID ‖ u64 deletedAt.
 * @param postId - The deleted post's ID.
 * @param deletedAt - Deletion time (ms).
 * @returns The preimage.
 */
export function boardTombstoneSigningBytes(postId: Uint8Array, deletedAt: bigint): Uint8Array {
  return join([context(BOARD_TOMBSTONE_CONTEXT), postId, u64(deletedAt, 'deletedAt')])
}

function limited(text: string, max: number, name: string): Uint8Array {
  const bytes = utf8Encode(text)
  if (bytes.length > max) throw cannotEncode(`board ${name} is ${bytes.length} bytes; at most ${max}`)
  return bytes
}

function u64(value: bigint, name: string): Uint8Array {
  checkUnsignedBigInt(value, 64, name)
  const out = new Uint8Array(8)
  writeU64(out, 0, value)
  return out
}

function context(text: string): Uint8Array {
  const bytes = utf8Encode(text)
  const out = new Uint8Array(1 + bytes.length)
  out[0] = bytes.length
  out.set(bytes, 1)
  return out
}

function u16Prefixed(bytes: Uint8Array): Uint8Array {
  // iOS clamps to 65 535 bytes; the TLV caps keep real fields far below that.
  const value = bytes.subarray(0, 0xffff)
  const out = new Uint8Array(2 + value.length)
  writeU16(out, 0, value.length)
  out.set(value, 2)
  return out
}

function join(parts: Uint8Array[]): Uint8Array {
  let size = 0
  for (const p of parts) size += p.length
  const out = new Uint8Array(size)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

function exact(value: Uint8Array, length: number, name: string): Uint8Array {
  if (value.length !== length) throw fail(DecodeReason.BAD_LENGTH, `board ${name} is ${value.length} bytes, expected ${length}`)
  return value
}

function atMost(value: Uint8Array, max: number, name: string): Uint8Array {
  if (value.length > max) throw fail(DecodeReason.BAD_LENGTH, `board ${name} is ${value.length} bytes; at most ${max}`)
  return value
}
