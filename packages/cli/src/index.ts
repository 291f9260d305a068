/**
 * @packageDocumentation
 * The `bitmesh` command line: an annotated packet inspector for bitchat frames (`bitmesh
 * decode`) and the conformance runner (`bitmesh conformance run --adapter "<command>"`).
 * Everything is also importable, e.g. to embed the inspector in another tool.
 *
 * @example
 * ```ts
 * import { inspectFrame } from '@bitmesh/cli'
 *
 * const report = inspectFrame(frameBytes)
 * console.log(report.typeLabel, report.signature.status)
 * ```
 */
export { runCli } from './cli.js'
export { commands, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from './commands/index.js'
export { nodeIo, MAX_INPUT_FILE_BYTES, type CliIo } from './io.js'
export { CLI_VERSION } from './version.js'
export {
  inspectFrame,
  type CompressionInfo,
  type FrameInspection,
  type InspectOptions,
  type PaddingInfo,
  type PayloadInfo,
  type SignatureInfo,
  type TlvInfo,
} from './inspect/inspect-frame.js'
export { renderFrameText } from './inspect/render-text.js'
export { readLayout, describeTimestamp, type FrameLayout, type LayoutField } from './inspect/layout.js'
export { decompressLegacyLz4, MAX_LEGACY_ORIGINAL_BYTES, type Lz4Result } from './inspect/lz4.js'
export { parseLegacyMessage, describeLegacyPayload, type LegacyMessage } from './inspect/legacy.js'
export { parseCaptureText, parseHex, looksLikeText, type InputFrame } from './inspect/input.js'
export { collectFragmentSets, type CapturedFragment, type FragmentSet } from './inspect/fragment-sets.js'
export { typeLabel, flagNames } from './inspect/names.js'
