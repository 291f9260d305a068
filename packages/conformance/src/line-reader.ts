/**
 * Splits a byte or text stream into lines with a length cap, so a peer that never sends a
 * newline cannot make us buffer without bound.
 * @module
 */

/** A source of chunks: a Node `Readable`, a web stream reader turned iterable, an array... */
export type ChunkSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>

/** One item produced by {@link readLines}. */
export type LineItem =
  /** A complete line without its terminator (`\n` or `\r\n`). */
  | { readonly kind: 'line'; readonly text: string }
  /** A line longer than the cap; its text was discarded up to the next newline. */
  | { readonly kind: 'overlong'; readonly length: number }

/** Default cap on one line, in UTF-16 code units: fits a maximal frame as hex several times. */
export const DEFAULT_MAX_LINE_CHARS = 16 * 1024 * 1024

/**
 * Yield the lines of a stream. A final line without a newline is still yielded.
 * @param source - Chunks of UTF-8 bytes or text.
 * @param maxLineChars - Longest line kept; longer lines are reported as `overlong`.
 * @returns An async iterator of lines.
 */
export async function* readLines(
  source: ChunkSource,
  maxLineChars: number = DEFAULT_MAX_LINE_CHARS,
): AsyncGenerator<LineItem, void, undefined> {
  const decoder = new TextDecoder('utf-8')
  let pending = ''
  // Characters of the current line thrown away because it went over the cap (0 = keeping it).
  let dropped = 0
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    let start = 0
    for (;;) {
      const nl = text.indexOf('\n', start)
      if (nl < 0) {
        const restLength = text.length - start
        if (dropped > 0) dropped += restLength
        else if (pending.length + restLength > maxLineChars) {
          dropped = pending.length + restLength
          pending = ''
        } else pending += text.slice(start)
        break
      }
      const pieceLength = nl - start
      if (dropped > 0 || pending.length + pieceLength > maxLineChars) {
        yield { kind: 'overlong', length: dropped + pending.length + pieceLength }
      } else {
        const line = pending + text.slice(start, nl)
        yield { kind: 'line', text: line.endsWith('\r') ? line.slice(0, -1) : line }
      }
      start = nl + 1
      pending = ''
      dropped = 0
    }
  }
  const tail = pending + decoder.decode()
  if (dropped > 0) yield { kind: 'overlong', length: dropped + tail.length }
  else if (tail.length > 0) yield { kind: 'line', text: tail.endsWith('\r') ? tail.slice(0, -1) : tail }
}
