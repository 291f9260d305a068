/**
 * What the CLI needs from its environment, injected so every command runs in tests without
 * spawning a process.
 * @module
 */
import { readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { ChunkSource, LineSink } from '@bitmesh/conformance'

/** The CLI's window on the world. */
export interface CliIo {
  /** Write to standard output (text is written as given; add your own newlines). */
  stdout(text: string): void
  /** Write to standard error. */
  stderr(text: string): void
  /**
   * Read a file.
   * @returns Its bytes, or `null` when `path` does not name a readable regular file.
   * @throws Error when the file is larger than {@link MAX_INPUT_FILE_BYTES}.
   */
  readFile(path: string): Uint8Array | null
  /** Working directory for relative paths and spawned adapters. */
  readonly cwd: string
  /** Environment for spawned adapters. */
  readonly env: NodeJS.ProcessEnv
  /** Standard input (used by `conformance adapter`). */
  readonly stdin: ChunkSource
  /** Standard output as a stream sink (used by `conformance adapter`). */
  readonly stdoutSink: LineSink
}

/** Largest file `decode` reads (a capture of many frames as hex). */
export const MAX_INPUT_FILE_BYTES = 64 * 1024 * 1024

/**
 * The real process environment.
 * @returns An {@link CliIo} over `process`.
 */
export function nodeIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readFile(path) {
      const full = resolve(process.cwd(), path)
      let size: number
      try {
        const stat = statSync(full)
        if (!stat.isFile()) return null
        size = stat.size
      } catch {
        return null
      }
      if (size > MAX_INPUT_FILE_BYTES) throw new Error(`${path} is larger than ${MAX_INPUT_FILE_BYTES} bytes`)
      try {
        return new Uint8Array(readFileSync(full))
      } catch {
        return null
      }
    },
    cwd: process.cwd(),
    env: process.env,
    stdin: process.stdin,
    stdoutSink: process.stdout,
  }
}
