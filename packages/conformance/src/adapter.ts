/**
 * BitMesh's own conformance adapter: answers the JSON Lines requests of
 * `shared/spec/conformance-adapter.md` with the `@bitmesh/*` implementation.
 *
 * Operations live in tables, one module per family (`ops/packet.ts`, `ops/gcs.ts`, ...), so a
 * new family (Noise) is one more table. Every failure becomes an error response; nothing a
 * request contains can stop the adapter.
 * @module
 */
import { isBitMeshError } from '@bitmesh/interface'
import { isJsonObject, JsonSyntaxError, parseJson, stringifyJson, type JsonObject } from './json.js'
import { readLines, DEFAULT_MAX_LINE_CHARS, type ChunkSource } from './line-reader.js'
import { defaultOps } from './ops/index.js'
import { RequestError, type OpTable } from './ops/types.js'
import { AdapterErrorCode, readRequestId, type AdapterResponse, type RequestId } from './protocol.js'
import { CONFORMANCE_VERSION } from './version.js'

/** Options of {@link createAdapterHandler}. */
export interface AdapterHandlerOptions {
  /** Operation tables; default {@link defaultOps}. `hello` is always answered by the handler. */
  ops?: OpTable
  /** `implementation` reported by `hello`; default `"bitmesh"`. */
  implementation?: string
  /** `version` reported by `hello`; default this package's version. */
  version?: string
}

/** Answers one request line at a time. */
export interface AdapterHandler {
  /**
   * Answer one line.
   * @param line - One request line (without its newline).
   * @returns The response object.
   */
  handle(line: string): Promise<AdapterResponse>
  /**
   * Answer one line as text.
   * @param line - One request line.
   * @returns The response as one JSON line (no trailing newline).
   */
  handleLine(line: string): Promise<string>
  /** Names of every operation answered (including `hello`), sorted. */
  readonly ops: readonly string[]
}

function failure(id: RequestId, code: string, message: string, reason?: string): AdapterResponse {
  return { id, ok: false, error: reason === undefined ? { code, message } : { code, message, reason } }
}

/** Map anything an op threw to an error response. */
function errorResponse(id: RequestId, err: unknown): AdapterResponse {
  if (err instanceof RequestError) return failure(id, err.code, err.message, err.reason)
  if (isBitMeshError(err)) {
    const reason = (err as { reason?: unknown }).reason
    // Every decode failure, the legacy dialect included, answers DECODE_ERROR with the finer
    // reason in `error.reason`, as the spec asks.
    if (typeof reason === 'string') return failure(id, AdapterErrorCode.DECODE_ERROR, err.message, reason)
    return failure(id, err.code, err.message)
  }
  // TypeError/RangeError from the library mean the arguments were unusable (programmer misuse
  // from the library's point of view, bad request from ours).
  if (err instanceof TypeError || err instanceof RangeError) return failure(id, AdapterErrorCode.BAD_REQUEST, err.message)
  const message = err instanceof Error ? err.message : String(err)
  return failure(id, AdapterErrorCode.INTERNAL_ERROR, message)
}

/**
 * Create a request handler.
 * @param options - Operation tables and the identity `hello` reports.
 * @returns A handler; it keeps no state between requests (Noise sessions will live in their op
 *   family's module).
 */
export function createAdapterHandler(options: AdapterHandlerOptions = {}): AdapterHandler {
  const table: Record<string, (req: JsonObject) => JsonObject | Promise<JsonObject>> = Object.create(null)
  for (const [name, fn] of Object.entries(options.ops ?? defaultOps)) table[name] = fn
  const implementation = options.implementation ?? 'bitmesh'
  const version = options.version ?? CONFORMANCE_VERSION
  table.hello = () => ({ implementation, version, ops: opNames })
  const opNames = Object.keys(table).sort()

  async function handle(line: string): Promise<AdapterResponse> {
    let request: unknown
    try {
      request = parseJson(line)
    } catch (err) {
      const message = err instanceof JsonSyntaxError ? err.message : 'unreadable request'
      return failure(null, AdapterErrorCode.BAD_REQUEST, `malformed JSON: ${message}`)
    }
    if (!isJsonObject(request)) return failure(null, AdapterErrorCode.BAD_REQUEST, 'a request must be a JSON object')
    const id = readRequestId(request.id)
    const op = request.op
    if (typeof op !== 'string') return failure(id, AdapterErrorCode.BAD_REQUEST, 'missing "op" string')
    const fn = table[op]
    if (fn === undefined) return failure(id, AdapterErrorCode.UNSUPPORTED_OP, `unsupported op ${JSON.stringify(op)}`)
    try {
      const result = await fn(request)
      return { id, ok: true, result }
    } catch (err) {
      return errorResponse(id, err)
    }
  }

  return {
    handle,
    async handleLine(line: string): Promise<string> {
      const response = await handle(line)
      try {
        return stringifyJson(response)
      } catch (err) {
        // A result the serializer cannot write is our bug; still answer on one line.
        return stringifyJson(failure(response.id, AdapterErrorCode.INTERNAL_ERROR, String(err)))
      }
    },
    ops: opNames,
  }
}

/** Where responses go: a Node `Writable` or anything with a compatible `write`. */
export interface LineSink {
  write(text: string): boolean | void
  once?(event: 'drain', listener: () => void): unknown
}

/** Options of {@link runAdapter}. */
export interface RunAdapterOptions extends AdapterHandlerOptions {
  /** Longest request line accepted (characters); longer lines answer BAD_REQUEST. */
  maxLineChars?: number
  /** Use this handler instead of creating one from the other options. */
  handler?: AdapterHandler
}

/**
 * Serve requests from `input` until it ends, answering each line in order on `output`.
 * Blank lines are ignored.
 * @param input - Request stream (for example `process.stdin`).
 * @param output - Response sink (for example `process.stdout`); waits for `drain` when the sink
 *   signals back-pressure.
 * @param options - Operation tables, identity and limits.
 * @returns Resolves when `input` has ended and every response has been written.
 */
export async function runAdapter(input: ChunkSource, output: LineSink, options: RunAdapterOptions = {}): Promise<void> {
  const handler = options.handler ?? createAdapterHandler(options)
  const maxLineChars = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS
  for await (const item of readLines(input, maxLineChars)) {
    let text: string
    if (item.kind === 'overlong') {
      text = stringifyJson(failure(null, AdapterErrorCode.BAD_REQUEST, `request line longer than ${maxLineChars} characters`))
    } else {
      if (item.text.trim() === '') continue
      text = await handler.handleLine(item.text)
    }
    if (output.write(text + '\n') === false && output.once !== undefined) {
      await new Promise<void>((resolve) => output.once!('drain', resolve))
    }
  }
}
