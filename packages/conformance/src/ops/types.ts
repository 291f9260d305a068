/**
 * How adapter operations are declared: each op family is one module exporting an
 * {@link OpTable}; the adapter merges the tables it is given.
 * @module
 */
import type { JsonObject } from '../json.js'

/**
 * One operation. Receives the request object (its `id` and `op` included) and returns the
 * `result` object. Input problems are reported by throwing a {@link RequestError} or a BitMesh
 * error (`DecodeError`, `EncodeError`, ...); the adapter turns either into an error response.
 */
export type OpHandler = (request: JsonObject) => JsonObject | Promise<JsonObject>

/** Operation name → handler. */
export type OpTable = Readonly<Record<string, OpHandler>>

/**
 * A failure the adapter reports with a given protocol error code (for example `BAD_REQUEST`
 * for a malformed argument).
 */
export class RequestError extends Error {
  /** The protocol error code to answer with. */
  readonly code: string
  /** Optional finer reason (`error.reason`). */
  readonly reason: string | undefined

  /**
   * @param code - Protocol error code (see `AdapterErrorCode`).
   * @param message - Human-readable explanation, sent in `error.message`.
   * @param reason - Optional finer reason.
   */
  constructor(code: string, message: string, reason?: string) {
    super(message)
    this.name = 'RequestError'
    this.code = code
    this.reason = reason
  }
}
