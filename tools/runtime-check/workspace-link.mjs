/**
 * A throw-away consumer folder whose node_modules/@bitmesh/* link to the built packages, so the
 * checks import `@bitmesh/x/sub` by name: resolution goes through each package.json `exports`,
 * exactly as in an app, instead of reaching into dist/ by path.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { listPackages } from './entries.mjs'

/**
 * Create the consumer folder.
 * @param {string} label - Folder name prefix.
 * @returns {{ dir: string, dispose: () => void }}
 */
export function createConsumer(label) {
  const dir = mkdtempSync(join(tmpdir(), `bitmesh-${label}-`))
  const scope = join(dir, 'node_modules', '@bitmesh')
  mkdirSync(scope, { recursive: true })
  for (const pkg of listPackages()) {
    const local = pkg.name.split('/')[1]
    symlinkSync(pkg.dir, join(scope, local), 'dir')
  }
  return {
    dir,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  }
}
