/**
 * The envelope of the BitMesh conformance adapter protocol, version 1
 * (`shared/spec/conformance-adapter.md`): one JSON object per line in each direction.
 * @module
 */
import type { JsonObject, JsonValue } from './json.js'

/** Version of the adapter protocol this package speaks. */
export const ADAPTER_PROTOCOL_VERSION = 1

/**
 * Error codes an adapter answers with. The first three are fixed by the spec; the others are
 * the codes BitMesh's own adapter uses for failures the spec leaves open.
 */
export const AdapterErrorCode = {
  /** The `op` is not implemented. The adapter keeps running. */
  UNSUPPORTED_OP: 'UNSUPPORTED_OP',
  /** The line is not JSON, not an object, lacks `op`, or an argument is missing or malformed. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** A frame or payload cannot be decoded; the finer reason goes in `error.reason`. */
  DECODE_ERROR: 'DECODE_ERROR',
  /** A value cannot be encoded (field too long, v1 payload over 65 535 bytes). */
  ENCODE_ERROR: 'ENCODE_ERROR',
  /** AEAD authentication failed (Noise). */
  AUTH_FAILED: 'AUTH_FAILED',
  /** A replayed or too-old Noise nonce. */
  REPLAY: 'REPLAY',
  /** Anything else: a bug in the implementation under test. */
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const

/** A request as sent by a runner: `{"id", "op", ...arguments}`. */
export interface AdapterRequest extends JsonObject {
  id: number | bigint | string
  op: string
}

/** The `error` member of a failed response. */
export interface AdapterError {
  code: string
  message: string
  /** Finer decode reason (`TRUNCATED`, `BAD_VERSION`, ...), when the adapter gives one. */
  reason?: string
}

/** A successful response. */
export interface AdapterSuccess {
  id: RequestId
  ok: true
  result: JsonObject
}

/** A failed response. */
export interface AdapterFailure {
  id: RequestId
  ok: false
  error: AdapterError
}

/** Any response line. */
export type AdapterResponse = AdapterSuccess | AdapterFailure

/** Request id as read from a line; `null` when none could be read. */
export type RequestId = number | bigint | string | null

/**
 * Read a usable request id from a parsed line.
 * @param value - The `id` member (any JSON value).
 * @returns The id when it is a number (or exact big integer) or a string, otherwise `null`.
 */
export function readRequestId(value: JsonValue | undefined): RequestId {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return value
  // An integer id beyond 2^53 is echoed exactly rather than rounded.
  if (typeof value === 'bigint') return value
  return null
}
