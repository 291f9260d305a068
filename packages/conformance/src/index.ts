/**
 * @packageDocumentation
 * BitMesh conformance kit: the stdio adapter of `spec/conformance-adapter.md` backed by the
 * `@bitmesh/*` implementation, data-driven suites (bitchat's §10.1 golden vectors and BitMesh's
 * own cases with independently computed expectations) and a runner that checks any adapter, in
 * any language.
 *
 * @example
 * ```ts
 * import { runConformance } from '@bitmesh/conformance'
 *
 * const report = await runConformance({ adapterCommand: './my-adapter' })
 * console.log(`${report.passed} passed, ${report.failed} failed`)
 * ```
 */
export { createAdapterHandler, runAdapter, type AdapterHandler, type AdapterHandlerOptions, type LineSink, type RunAdapterOptions } from './adapter.js'
export {
  runConformance,
  DEFAULT_MAX_RESTARTS,
  DEFAULT_RESPONSE_TIMEOUT_MS,
  EXIT_CHECK_NAME,
  EXIT_GRACE_MS,
  type AdapterInfo,
  type CaseResult,
  type ConformanceReport,
  type RunConformanceOptions,
} from './runner.js'
export { AdapterProcess, type ReadOutcome } from './adapter-process.js'
export * from './suites/index.js'
export * from './ops/index.js'
export { matchJson } from './match.js'
export { parseJson, stringifyJson, isJsonObject, JsonSyntaxError, MAX_JSON_DEPTH, type JsonObject, type JsonValue } from './json.js'
export { readLines, DEFAULT_MAX_LINE_CHARS, type ChunkSource, type LineItem } from './line-reader.js'
export {
  ADAPTER_PROTOCOL_VERSION,
  AdapterErrorCode,
  readRequestId,
  type AdapterError,
  type AdapterFailure,
  type AdapterRequest,
  type AdapterResponse,
  type AdapterSuccess,
  type RequestId,
} from './protocol.js'
export { CONFORMANCE_VERSION } from './version.js'
export { systemClock } from './system-clock.js'
