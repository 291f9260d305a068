import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CliIo } from '../src/io.js'
import { runCli } from '../src/cli.js'

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

/** Run the CLI in-process and capture its output. */
export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readFile(path) {
      try {
        return new Uint8Array(readFileSync(resolve(repoRoot, path)))
      } catch {
        return null
      }
    },
    cwd: repoRoot,
    env: process.env,
    stdin: [],
    stdoutSink: { write: (t: string) => void (stdout += t) },
  }
  const code = await runCli(argv, io)
  return { code, stdout, stderr }
}

/** Lines of the sample capture's frames, keyed by their label. */
export function sampleFrames(): Map<string, string> {
  const text = readFileSync(resolve(repoRoot, 'examples/captures/sample.hex'), 'utf8').split('\n')
  const out = new Map<string, string>()
  for (let i = 0; i + 1 < text.length; i++) {
    if (text[i]!.startsWith('# ') && /^[0-9a-f]+$/.test(text[i + 1]!)) out.set(text[i]!.slice(2), text[i + 1]!)
  }
  return out
}
