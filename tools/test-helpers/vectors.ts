/**
 * Locates the third-party test vectors. They are read in place from `shared/vectors` beside the
 * repository checkout (never copied into the repo). `BITMESH_VECTORS_DIR` overrides the location.
 * A missing folder fails the suite and says where it looked.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, '..', '..')

/** Absolute path of the vectors directory (may not exist). */
export function vectorsDir(): string {
  return process.env.BITMESH_VECTORS_DIR ?? resolve(repoRoot, '..', 'shared', 'vectors')
}

/** Absolute path of one vector file; throws a clear error when it is missing. */
export function vectorPath(...parts: string[]): string {
  const path = join(vectorsDir(), ...parts)
  if (!existsSync(path)) {
    throw new Error(
      `test vectors not found: looked for ${path}. The vectors live in shared/vectors beside the ` +
        'repository checkout; set BITMESH_VECTORS_DIR to point elsewhere.',
    )
  }
  return path
}

/** Read and parse a JSON vector file. */
export function loadJsonVectors<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(vectorPath(...parts), 'utf8')) as T
}

/** Decode lowercase or uppercase hex. */
export function hex(value: string): Uint8Array {
  const clean = value.replace(/\s+/g, '')
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`bad hex: ${value.slice(0, 40)}`)
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16)
  return out
}

/** Encode bytes as lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}
