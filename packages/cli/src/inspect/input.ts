/**
 * Turning the `decode` argument into frames: a hex string, a binary file (one frame) or a text
 * file of hex frames, one per line, with `#` comments.
 * @module
 */

/** One frame to inspect. */
export interface InputFrame {
  /** The frame, or `null` when the line was not valid hex. */
  bytes: Uint8Array | null
  /** The comment line just above it (capture files), if any. */
  label?: string
  /** 1-based line number in a text file. */
  line?: number
  /** Why `bytes` is null. */
  error?: string
}

/** Most frames read from one file. */
export const MAX_INPUT_FRAMES = 100_000

/**
 * Parse hex text (spaces, `0x` prefix and `:` separators allowed).
 * @param text - The hex.
 * @returns The bytes, or `null` when it is not an even number of hex digits.
 */
export function parseHex(text: string): Uint8Array | null {
  const clean = text.trim().replace(/^0x/i, '').replace(/[\s:]/g, '')
  if (clean.length === 0 || clean.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(clean)) return null
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16)
  return out
}

/**
 * Whether file contents look like text: valid UTF-8 without control characters other than tab,
 * CR and LF. Frames always start with a version byte 0x01/0x02, so a binary frame is never
 * mistaken for text.
 * @param bytes - File contents.
 * @returns True for text.
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false
    if (b === 0x7f) return false
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/**
 * Read a capture file: one hex frame per line; `#` starts a comment (whole line or after the
 * hex); the last comment line above a frame becomes its label; a blank line clears the label.
 * @param text - File contents.
 * @returns The frames in order (lines that are not hex come back with `bytes: null`).
 */
export function parseCaptureText(text: string): InputFrame[] {
  const frames: InputFrame[] = []
  let label: string | undefined
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length && frames.length < MAX_INPUT_FRAMES; i++) {
    const raw = lines[i]!
    const hash = raw.indexOf('#')
    const comment = hash >= 0 ? raw.slice(hash + 1).trim() : ''
    const body = (hash >= 0 ? raw.slice(0, hash) : raw).trim()
    if (body === '') {
      if (hash >= 0) label = comment
      else label = undefined
      continue
    }
    const frame: InputFrame = { bytes: parseHex(body), line: i + 1 }
    const frameLabel = comment !== '' ? comment : label
    if (frameLabel !== undefined && frameLabel !== '') frame.label = frameLabel
    if (frame.bytes === null) frame.error = `line ${i + 1} is not hex`
    frames.push(frame)
    label = undefined
  }
  return frames
}
