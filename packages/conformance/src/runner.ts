/**
 * Runs conformance suites against any adapter command (`conformance-adapter.md`): spawns it,
 * sends each case's requests one at a time, checks every response, and returns a report.
 *
 * A hung adapter is killed after `timeoutMs` and restarted for the next case (a bounded number
 * of times); one that dies is restarted the same way.
 *
 * Adapters that implement a subset (say Noise only, or everything but Noise):
 * * cases using an optional family — BitMesh extension ops (`bitmesh.*`) and `noise.*` — are
 *   skipped without a request when the adapter's `hello` does not list the op;
 * * a case whose other op the adapter answers with `UNSUPPORTED_OP` counts as **skipped** when
 *   `hello` does not list that op, and as **failed** when it does (the adapter contradicts
 *   itself) or when `hello` gave no usable op list;
 * * with `skipUnsupported`, every case whose op `hello` does not list is skipped up front.
 * @module
 */
import type { Clock } from '@bitmesh/interface'
import { AdapterProcess } from './adapter-process.js'
import { isJsonObject, parseJson, stringifyJson, type JsonObject } from './json.js'
import { matchJson } from './match.js'
import { AdapterErrorCode, type RequestId } from './protocol.js'
import { allSuites } from './suites/index.js'
import { caseOps, EXTENSION_OP_PREFIX, type CaseStep, type ConformanceCase, type ConformanceSuite } from './suites/types.js'
import { systemClock } from './system-clock.js'

const UNSUPPORTED_OP = AdapterErrorCode.UNSUPPORTED_OP

/** Default deadline for one response. */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 10_000
/** Default number of times a dead or hung adapter is restarted. */
export const DEFAULT_MAX_RESTARTS = 3
/** How long the adapter gets to exit after its stdin closes. */
export const EXIT_GRACE_MS = 3_000

/** Options of {@link runConformance}. */
export interface RunConformanceOptions {
  /** Shell command that starts the adapter, e.g. `"./my-adapter"` or `"node adapter.js"`. */
  adapterCommand: string
  /** Suites to run; default every suite. */
  suites?: readonly ConformanceSuite[]
  /** Deadline for each response; default {@link DEFAULT_RESPONSE_TIMEOUT_MS}. */
  timeoutMs?: number
  /** Restarts allowed after a timeout or crash; default {@link DEFAULT_MAX_RESTARTS}. */
  maxRestarts?: number
  /**
   * Skip, without sending anything, every case whose operations the adapter's `hello` does not
   * list. Off by default: such cases are sent, and count as skipped only if the adapter answers
   * `UNSUPPORTED_OP` (see the module notes). Optional families (`bitmesh.*`, `noise.*`) are
   * always skipped up front when missing.
   */
  skipUnsupported?: boolean
  /** Working directory of the adapter. */
  cwd?: string
  /** Environment of the adapter; default the runner's. */
  env?: NodeJS.ProcessEnv
  /** Clock for deadlines and durations; default the system clock. */
  clock?: Clock
  /** Called after each case (for progress output). */
  onResult?: (result: CaseResult) => void
}

/** Outcome of one case. */
export interface CaseResult {
  suite: string
  name: string
  source: string
  status: 'pass' | 'fail' | 'skip'
  /** Why it failed or was skipped. */
  message?: string
  durationMs: number
}

/** What the adapter said about itself. */
export interface AdapterInfo {
  implementation: string
  version: string
  ops: string[]
}

/** Result of {@link runConformance}. */
export interface ConformanceReport {
  adapterCommand: string
  /** From `hello`; `null` when it did not answer properly. */
  adapter: AdapterInfo | null
  passed: number
  failed: number
  skipped: number
  results: CaseResult[]
  /** Tail of the adapter's standard error (last instance). */
  stderrTail: string
  durationMs: number
}

/** Prefix of the Noise ops: a family an implementation of the wire format alone may leave out. */
export const NOISE_OP_PREFIX = 'noise.'

/** Name of the runner's own check that the adapter exits with status 0 on end of input. */
export const EXIT_CHECK_NAME = 'exits with status 0 when stdin closes'

interface Session {
  process: AdapterProcess | null
  restarts: number
  nextId: number
}

/**
 * Run conformance suites against an adapter.
 * @param options - Adapter command, suites, deadlines.
 * @returns The report; it never throws for adapter misbehaviour (that is what it reports).
 */
export async function runConformance(options: RunConformanceOptions): Promise<ConformanceReport> {
  const clock = options.clock ?? systemClock
  const timeoutMs = options.timeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS
  const maxRestarts = options.maxRestarts ?? DEFAULT_MAX_RESTARTS
  const suites = options.suites ?? allSuites
  if (typeof options.adapterCommand !== 'string' || options.adapterCommand.trim() === '') {
    throw new TypeError('runConformance: adapterCommand must be a non-empty command line')
  }
  const startedAt = clock.now()
  const results: CaseResult[] = []
  const session: Session = { process: null, restarts: -1, nextId: 1 }
  let stderrTail = ''

  const start = (): AdapterProcess | null => {
    if (session.restarts >= maxRestarts) return null
    session.restarts++
    session.process = AdapterProcess.start({ command: options.adapterCommand, clock, cwd: options.cwd, env: options.env })
    return session.process
  }
  const live = (): AdapterProcess | null => {
    const p = session.process
    if (p !== null && !p.exited) return p
    if (p !== null) stderrTail = p.stderrTail()
    return start()
  }

  const record = (result: CaseResult): void => {
    results.push(result)
    options.onResult?.(result)
  }

  try {
    const adapter = await probeHello(live, session, timeoutMs)
    for (const suite of suites) {
      for (const c of suite.cases) {
        const caseStart = clock.now()
        const skip = skipReason(c, adapter, options.skipUnsupported === true)
        if (skip !== undefined) {
          record({ suite: suite.name, name: c.name, source: c.source, status: 'skip', message: skip, durationMs: 0 })
          continue
        }
        const outcome = await runCase(c, adapter, live, session, timeoutMs)
        record({
          suite: suite.name,
          name: c.name,
          source: c.source,
          status: outcome === undefined ? 'pass' : outcome.status,
          ...(outcome === undefined ? {} : { message: outcome.message }),
          durationMs: clock.now() - caseStart,
        })
      }
    }

    if (suites.some((s) => s.name === 'protocol')) {
      const p = session.process
      const checkStart = clock.now()
      let message: string | undefined
      if (p === null) message = 'adapter was not running at the end'
      else {
        const status = await p.close(EXIT_GRACE_MS)
        if (status.killed) message = `did not exit within ${EXIT_GRACE_MS} ms of stdin closing (killed)`
        else if (status.code !== 0) message = `exit status ${status.code ?? `signal ${status.signal}`}`
      }
      record({
        suite: 'protocol',
        name: EXIT_CHECK_NAME,
        source: 'conformance-adapter.md',
        status: message === undefined ? 'pass' : 'fail',
        ...(message === undefined ? {} : { message }),
        durationMs: clock.now() - checkStart,
      })
    }
    return {
      adapterCommand: options.adapterCommand,
      adapter,
      passed: results.filter((r) => r.status === 'pass').length,
      failed: results.filter((r) => r.status === 'fail').length,
      skipped: results.filter((r) => r.status === 'skip').length,
      results,
      stderrTail: session.process?.stderrTail() ?? stderrTail,
      durationMs: clock.now() - startedAt,
    }
  } finally {
    const p = session.process
    if (p !== null) await p.close(0).catch(() => {})
  }
}

/** Ask `hello` once up front to learn the adapter's ops; `null` when it does not answer well. */
async function probeHello(live: () => AdapterProcess | null, session: Session, timeoutMs: number): Promise<AdapterInfo | null> {
  const p = live()
  if (p === null) return null
  const id = `runner-hello-${session.nextId++}`
  p.send(stringifyJson({ id, op: 'hello' }))
  const outcome = await p.next(timeoutMs)
  if (outcome.kind === 'timeout') {
    p.kill()
    await p.whenClosed()
  }
  if (outcome.kind !== 'line') return null
  let response: unknown
  try {
    response = parseJson(outcome.text)
  } catch {
    return null
  }
  if (!isJsonObject(response) || response.id !== id || response.ok !== true || !isJsonObject(response.result)) return null
  const r = response.result
  if (!Array.isArray(r.ops)) return null
  return {
    implementation: typeof r.implementation === 'string' ? r.implementation : '',
    version: typeof r.version === 'string' ? r.version : '',
    ops: r.ops.filter((op): op is string => typeof op === 'string'),
  }
}

function skipReason(c: ConformanceCase, adapter: AdapterInfo | null, skipUnsupported: boolean): string | undefined {
  for (const op of caseOps(c)) {
    if (adapter !== null && adapter.ops.includes(op)) continue
    if (op.startsWith(EXTENSION_OP_PREFIX)) return `extension op ${op} not offered by the adapter`
    if (op.startsWith(NOISE_OP_PREFIX)) return `noise op ${op} not offered by the adapter (not in hello)`
    if (skipUnsupported && !c.alwaysRun && op !== 'hello') return `op ${op} not listed by hello`
  }
  return undefined
}

/** Why a case did not pass. */
interface CaseOutcome {
  status: 'fail' | 'skip'
  message: string
}

/** A step's response judged: the result to keep, a failure, or an `UNSUPPORTED_OP` answer. */
type Verdict =
  | { kind: 'ok'; result: JsonObject }
  | { kind: 'fail'; message: string }
  /** `message`: the failure as it reads when the answer cannot count as a skip. */
  | { kind: 'unsupported'; message: string; adapterMessage: string }

/** Run one case; returns `undefined` on success, else whether it failed or was skipped, and why. */
async function runCase(
  c: ConformanceCase,
  adapter: AdapterInfo | null,
  live: () => AdapterProcess | null,
  session: Session,
  timeoutMs: number,
): Promise<CaseOutcome | undefined> {
  const outcome = await runSteps(c, adapter, live, session, timeoutMs)
  return typeof outcome === 'string' ? { status: 'fail', message: outcome } : outcome
}

/** The steps of {@link runCase}; a string is a failure message. */
async function runSteps(
  c: ConformanceCase,
  adapter: AdapterInfo | null,
  live: () => AdapterProcess | null,
  session: Session,
  timeoutMs: number,
): Promise<CaseOutcome | string | undefined> {
  const results: JsonObject[] = []
  for (let i = 0; i < c.steps.length; i++) {
    const step = c.steps[i]!
    const where = c.steps.length > 1 ? `step ${i + 1}: ` : ''
    const p = live()
    if (p === null) return `${where}adapter unavailable (restarted ${session.restarts} times)`
    let line: string
    let expectedId: RequestId
    if ('raw' in step) {
      line = step.raw
      expectedId = step.id ?? null
    } else {
      expectedId = session.nextId++
      let args: JsonObject
      try {
        args = typeof step.args === 'function' ? step.args({ results }) : (step.args ?? {})
      } catch (err) {
        // From earlier results, or from data loaded at run time (the Noise vector file).
        return `${where}cannot build the request: ${err instanceof Error ? err.message : String(err)}`
      }
      line = stringifyJson({ id: expectedId, op: step.op, ...args })
    }
    p.send(line)
    const outcome = await p.next(timeoutMs)
    if (outcome.kind === 'timeout') {
      p.kill()
      await p.whenClosed()
      return `${where}no response within ${timeoutMs} ms (adapter killed)`
    }
    if (outcome.kind === 'exit') {
      return `${where}adapter exited (${outcome.code ?? `signal ${outcome.signal}`}) without answering`
    }
    if (outcome.kind === 'overlong') return `${where}response line of ${outcome.length} characters is too long`
    const verdict = judge(step, expectedId, outcome.text, results)
    if (verdict.kind === 'fail') return where + verdict.message
    if (verdict.kind === 'unsupported') {
      const op = 'op' in step ? step.op : undefined
      if (op === undefined || adapter === null) return where + verdict.message
      if (adapter.ops.includes(op)) return `${where}hello lists ${op}, yet the adapter answered UNSUPPORTED_OP: ${verdict.adapterMessage}`
      return { status: 'skip', message: `op ${op} unsupported (answered UNSUPPORTED_OP, not listed by hello)` }
    }
    results.push(verdict.result)
  }
  return undefined
}

/** Check one response line. */
function judge(step: CaseStep, expectedId: RequestId, text: string, earlier: readonly JsonObject[]): Verdict {
  const fail = (message: string): Verdict => ({ kind: 'fail', message })
  let response: unknown
  try {
    response = parseJson(text)
  } catch (err) {
    return fail(`response is not JSON (${err instanceof Error ? err.message : String(err)}): ${text.slice(0, 80)}`)
  }
  if (!isJsonObject(response)) return fail('response is not a JSON object')
  const id = response.id === undefined ? undefined : response.id
  if (!sameId(id, expectedId)) return fail(`response id ${stringifyJson(id ?? null)} does not match request id ${stringifyJson(expectedId)}`)
  if (typeof response.ok !== 'boolean') return fail('response has no boolean "ok"')
  const expect = step.expect
  if (response.ok) {
    if (!isJsonObject(response.result)) return fail('ok response has no "result" object')
    if ('error' in expect) return fail(`expected error ${expect.error}, got ok: ${stringifyJson(response.result).slice(0, 160)}`)
    let problem: string | undefined
    try {
      problem = 'result' in expect ? matchJson(expect.result, response.result) : expect.check(response.result, { results: earlier })
    } catch (err) {
      // A check reading earlier results or run-time data must not bring the whole run down.
      problem = `cannot check the result: ${err instanceof Error ? err.message : String(err)}`
    }
    return problem === undefined ? { kind: 'ok', result: response.result } : fail(problem)
  }
  const error = response.error
  if (!isJsonObject(error) || typeof error.code !== 'string' || typeof error.message !== 'string') {
    return fail('error response lacks error.code / error.message strings')
  }
  const expected = 'error' in expect ? `error ${expect.error}` : 'ok'
  if (error.code === UNSUPPORTED_OP && expected !== `error ${UNSUPPORTED_OP}`) {
    return { kind: 'unsupported', message: `expected ${expected}, got error ${error.code}: ${error.message}`, adapterMessage: error.message }
  }
  if (!('error' in expect)) return fail(`expected ok, got error ${error.code}: ${error.message}`)
  if (error.code !== expect.error) return fail(`expected error ${expect.error}, got ${error.code}: ${error.message}`)
  if (expect.reasons !== undefined && error.reason !== undefined) {
    if (typeof error.reason !== 'string' || !expect.reasons.includes(error.reason)) {
      return fail(`error.reason ${stringifyJson(error.reason)} is not one of ${expect.reasons.join(', ')}`)
    }
  }
  return { kind: 'ok', result: {} }
}

function sameId(actual: unknown, expected: RequestId): boolean {
  if (expected === null) return actual === null
  const a = typeof actual === 'number' && Number.isInteger(actual) ? BigInt(actual) : actual
  const e = typeof expected === 'number' && Number.isInteger(expected) ? BigInt(expected) : expected
  return a === e
}
