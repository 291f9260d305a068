/**
 * `bitmesh decode <hex | file> [--key <ed25519 pub hex>] [--json] [--all] [--strict]`: the
 * annotated packet inspector.
 * @module
 */
import { parseArgs } from 'node:util'
import { stringifyJson } from '@bitmesh/conformance'
import { collectFragmentSets } from '../inspect/fragment-sets.js'
import { inspectFrame, type FrameInspection } from '../inspect/inspect-frame.js'
import { looksLikeText, parseCaptureText, parseHex, type InputFrame } from '../inspect/input.js'
import { renderFrameText } from '../inspect/render-text.js'
import type { CliIo } from '../io.js'
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from './types.js'

const USAGE = `Usage: bitmesh decode <hex | file> [options]

Decode bitchat frames and annotate every field: header with offsets, flags, addressing, route,
compression, the payload decoded by type, padding, signature and packet ID.

<hex | file>   a frame as hex, or a file: binary (one frame) or text with one hex frame per
               line ('#' starts a comment; the comment line above a frame labels it)

Options:
  --key <hex>    Ed25519 public key (64 hex) to verify signatures with; announces are
                 verified with the key they carry
  --all          decode every frame of a file (default: the first one) and rebuild
                 fragment sets found in it
  --json         print the report as JSON
  --strict       with --all, exit 1 if any frame is invalid, legacy or badly signed
  -h, --help     show this help

Exit status: 0 decoded; 1 invalid or legacy frame, or a signature that does not verify
(with --all only under --strict); 2 usage error.

Examples:
  bitmesh decode 01020701020304050607080000031011121314151617aabbcc
  bitmesh decode examples/captures/sample.hex --all
  bitmesh decode frame.bin --key 79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664
`

interface Decoded {
  input: InputFrame
  position: number
  inspection: FrameInspection | null
}

function isBad(d: Decoded): boolean {
  if (d.inspection === null) return true
  return d.inspection.status !== 'ok' || d.inspection.signature.status === 'invalid'
}

function title(d: Decoded, count: number): string {
  const parts = [`frame ${d.position + 1}${count > 1 ? ` of ${count}` : ''}`]
  if (d.input.line !== undefined) parts.push(`line ${d.input.line}`)
  return `── ${parts.join(' · ')}${d.input.label === undefined ? '' : ` · ${d.input.label}`} ──`
}

/** Read the positional argument as frames. */
function readFrames(arg: string, io: CliIo): { frames: InputFrame[] } | { error: string } {
  let file: Uint8Array | null
  try {
    file = io.readFile(arg)
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) }
  }
  if (file !== null) {
    if (file.length === 0) return { error: `${arg} is empty` }
    if (!looksLikeText(file)) return { frames: [{ bytes: file }] }
    const frames = parseCaptureText(new TextDecoder().decode(file))
    return frames.length === 0 ? { error: `${arg} contains no frames` } : { frames }
  }
  const bytes = parseHex(arg)
  if (bytes === null) return { error: `${JSON.stringify(arg.length > 40 ? arg.slice(0, 40) + '…' : arg)} is neither a file nor hex` }
  return { frames: [{ bytes }] }
}

async function run(args: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        key: { type: 'string' },
        json: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (err) {
    io.stderr(`bitmesh decode: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`)
    return EXIT_USAGE
  }
  const { values, positionals } = parsed
  if (values.help) {
    io.stdout(USAGE)
    return EXIT_OK
  }
  if (positionals.length !== 1) {
    io.stderr(`bitmesh decode: expected one <hex | file> argument, got ${positionals.length}\n\n${USAGE}`)
    return EXIT_USAGE
  }
  let key: Uint8Array | undefined
  if (values.key !== undefined) {
    const k = parseHex(values.key)
    if (k === null || k.length !== 32) {
      io.stderr('bitmesh decode: --key must be a 32-byte Ed25519 public key in hex (64 characters)\n')
      return EXIT_USAGE
    }
    key = k
  }
  const read = readFrames(positionals[0]!, io)
  if ('error' in read) {
    io.stderr(`bitmesh decode: ${read.error}\n`)
    return EXIT_USAGE
  }
  const all = values.all === true
  const selected = all ? read.frames : read.frames.slice(0, 1)
  const decoded: Decoded[] = selected.map((input, position) => ({
    input,
    position,
    inspection: input.bytes === null ? null : inspectFrame(input.bytes, { key }),
  }))

  const sets = all
    ? collectFragmentSets(
        decoded
          .filter((d) => d.inspection?.status === 'ok' && d.inspection.type === 0x20 && d.input.bytes !== null)
          .map((d) => ({ index: d.position, bytes: d.input.bytes! })),
      )
    : []
  const rebuilt = sets.map((set) => ({ set, inspection: set.original === null ? null : inspectFrame(set.original, { key }) }))

  const bad = decoded.filter(isBad).length
  if (values.json === true) {
    io.stdout(
      stringifyJson({
        frames: decoded.map((d) => ({
          position: d.position + 1,
          line: d.input.line ?? null,
          label: d.input.label ?? null,
          ...(d.inspection === null ? { status: 'unreadable', error: d.input.error ?? null } : d.inspection),
        })),
        fragmentSets: rebuilt.map(({ set, inspection }) => ({
          fragmentId: set.fragmentId,
          senderId: set.senderId,
          frames: set.frames.map((i) => i + 1),
          total: set.total,
          problem: set.problem ?? null,
          original: inspection,
        })),
        remainingFrames: read.frames.length - selected.length,
      }) + '\n',
    )
  } else {
    const lines: string[] = []
    for (const d of decoded) {
      if (lines.length > 0) lines.push('')
      if (d.inspection === null) lines.push(title(d, decoded.length), `  unreadable: ${d.input.error ?? 'not hex'}`)
      else lines.push(...renderFrameText(d.inspection, title(d, decoded.length)))
    }
    for (const { set, inspection } of rebuilt) {
      lines.push('')
      const heading = `── fragment set ${set.fragmentId} from ${set.senderId}: frames ${set.frames.map((i) => i + 1).join(', ')} ──`
      if (inspection === null) lines.push(heading, `  not reassembled: ${set.problem ?? 'unknown problem'}`)
      else lines.push(...renderFrameText(inspection, `${heading}\n  reassembled original frame:`))
    }
    if (read.frames.length > selected.length) {
      lines.push('', `(${read.frames.length - selected.length} more frame(s) in the file; use --all to decode them)`)
    }
    if (all) {
      lines.push('', `${decoded.length} frame(s): ${decoded.length - bad} decoded, ${bad} invalid, legacy or badly signed`)
    }
    io.stdout(lines.join('\n') + '\n')
  }
  if (all) return values.strict === true && bad > 0 ? EXIT_FAILURE : EXIT_OK
  return bad > 0 ? EXIT_FAILURE : EXIT_OK
}

/** The `decode` command. */
export const decodeCommand: Command = {
  name: 'decode',
  summary: 'annotate bitchat frames (hex or capture file): header, payload, compression, signature',
  usage: USAGE,
  run,
}
