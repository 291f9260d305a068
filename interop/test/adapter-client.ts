/**
 * A conformance adapter (`spec/conformance-adapter.md`) driven from a test: one request at a
 * time over the adapter's stdin/stdout, through the runner's own `AdapterProcess`.
 * @module
 */
import { AdapterProcess, isJsonObject, parseJson, stringifyJson, systemClock, type JsonObject } from '@bitmesh/conformance'

/** Deadline for one response (ms). Generous: the TypeScript adapter compiles on first start. */
export const RESPONSE_TIMEOUT_MS = 30_000

/** An adapter's answer. */
export type Answer = { ok: true; result: JsonObject } | { ok: false; error: { code: string; message: string; reason?: string } }

/** One running adapter. */
export class AdapterClient {
  readonly #process: AdapterProcess
  #nextId = 1

  /**
   * @param name - Label used in error messages (`bitmesh`, `go-noise`).
   * @param command - Shell command starting the adapter.
   * @param options - Working directory and environment.
   */
  constructor(
    readonly name: string,
    command: string,
    options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
  ) {
    this.#process = AdapterProcess.start({ command, clock: systemClock, cwd: options.cwd, env: options.env })
  }

  /**
   * Send one request.
   * @param op - Operation name.
   * @param args - Arguments.
   * @returns The answer (success or error).
   * @throws Error when the adapter does not answer, answers out of order or with something that
   *   is not a protocol response.
   */
  async call(op: string, args: JsonObject = {}): Promise<Answer> {
    const id = this.#nextId++
    this.#process.send(stringifyJson({ id, op, ...args }))
    const outcome = await this.#process.next(RESPONSE_TIMEOUT_MS)
    if (outcome.kind !== 'line') {
      throw new Error(`${this.name}: no answer to ${op} (${outcome.kind}); stderr: ${this.#process.stderrTail()}`)
    }
    const response = parseJson(outcome.text)
    if (!isJsonObject(response) || response.id !== id || typeof response.ok !== 'boolean') {
      throw new Error(`${this.name}: not a response to request ${id} (${op}): ${outcome.text.slice(0, 200)}`)
    }
    if (response.ok) {
      if (!isJsonObject(response.result)) throw new Error(`${this.name}: ${op} answered ok without a result object`)
      return { ok: true, result: response.result }
    }
    const error = response.error
    if (!isJsonObject(error) || typeof error.code !== 'string' || typeof error.message !== 'string') {
      throw new Error(`${this.name}: ${op} answered an error without code/message`)
    }
    return { ok: false, error: { code: error.code, message: error.message, ...(typeof error.reason === 'string' ? { reason: error.reason } : {}) } }
  }

  /**
   * Send one request that must succeed.
   * @param op - Operation name.
   * @param args - Arguments.
   * @returns The result object.
   * @throws Error naming the adapter and the error it answered.
   */
  async ok(op: string, args: JsonObject = {}): Promise<JsonObject> {
    const answer = await this.call(op, args)
    if (!answer.ok) throw new Error(`${this.name}: ${op} failed with ${answer.error.code}: ${answer.error.message}`)
    return answer.result
  }

  /**
   * A string member of a successful result.
   * @param op - Operation name.
   * @param args - Arguments.
   * @param member - Result member to return.
   * @returns Its value.
   */
  async str(op: string, args: JsonObject, member: string): Promise<string> {
    const value = (await this.ok(op, args))[member]
    if (typeof value !== 'string') throw new Error(`${this.name}: ${op} result has no string ${member}`)
    return value
  }

  /**
   * Close stdin and wait for the exit.
   * @returns The exit code (`null` when killed by a signal).
   */
  async close(): Promise<number | null> {
    return (await this.#process.close(5_000)).code
  }
}
