/**
 * A {@link Wipeable} that deletes everything under a data directory (optionally zeroing each file
 * first), except the paths it is told to keep (the wipe marker).
 * @module
 */
import type { Wipeable } from '@bitmesh/interface'
import { lstat, readdir, rmdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { durableDelete, fsyncDirectory } from './atomic-file.js'

/** Deepest directory nesting the scrubber descends into (a bound against symlink-free loops and hostile trees). */
export const MAX_SCRUB_DEPTH = 64

/** Files overwritten and deleted concurrently. */
export const SCRUB_CONCURRENCY = 8

/** Options of {@link directoryScrubber}. */
export interface DirectoryScrubberOptions {
  /** Paths (files) to leave in place, e.g. the wipe marker and its temp file. */
  keep?: readonly string[]
  /**
   * Zero each file before unlinking it (default `true`). Data sealed under a destroyed key is
   * already unreadable; overwriting matters for files that were never encrypted. A function
   * decides per file.
   */
  overwrite?: boolean | ((path: string, sizeBytes: number) => boolean)
  /** Report name (default `'files'`). */
  name?: string
}

/**
 * Scrub `dir`: delete every file below it (symlinks are unlinked, never followed) and every
 * emptied subdirectory; `dir` itself stays. Idempotent: a crash halfway is finished by running it
 * again.
 * @param dir - The data directory.
 * @param options - Paths to keep, overwrite policy.
 * @returns A wipeable component (register it at `WipePriority.FILES`, after stores are closed).
 */
export function directoryScrubber(dir: string, options: DirectoryScrubberOptions = {}): Wipeable & { readonly dir: string } {
  const root = resolve(dir)
  const keep = new Set((options.keep ?? []).map((p) => resolve(p)))
  const overwrite = options.overwrite ?? true

  async function collect(path: string, depth: number, files: Array<{ path: string; size: number }>, dirs: string[]): Promise<void> {
    if (depth > MAX_SCRUB_DEPTH) throw new RangeError(`directory tree under ${root} is deeper than ${MAX_SCRUB_DEPTH}`)
    let entries: string[]
    try {
      entries = await readdir(path)
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return
      throw error
    }
    for (const name of entries) {
      const child = join(path, name)
      if (keep.has(child)) continue
      const st = await lstat(child).catch(() => undefined)
      if (st === undefined) continue
      if (st.isDirectory()) {
        await collect(child, depth + 1, files, dirs)
        dirs.push(child)
      } else {
        files.push({ path: child, size: st.isFile() ? st.size : 0 })
      }
    }
  }

  return {
    wipeName: options.name ?? 'files',
    dir: root,
    async wipe() {
      const files: Array<{ path: string; size: number }> = []
      const dirs: string[] = []
      await collect(root, 0, files, dirs)
      let next = 0
      const worker = async (): Promise<void> => {
        while (next < files.length) {
          const file = files[next++] as { path: string; size: number }
          const zero = typeof overwrite === 'function' ? overwrite(file.path, file.size) : overwrite
          // Directory fsyncs are batched below: one per directory instead of one per file.
          await durableDelete(file.path, { overwrite: zero, syncDirectory: false })
        }
      }
      await Promise.all(Array.from({ length: Math.min(SCRUB_CONCURRENCY, files.length) }, worker))
      // Deepest first (collect pushes children before parents).
      for (const d of dirs) {
        await fsyncDirectory(d)
        try {
          await rmdir(d)
        } catch (error) {
          // A kept file inside keeps its directory.
          if ((error as { code?: string }).code !== 'ENOTEMPTY' && (error as { code?: string }).code !== 'ENOENT') throw error
        }
      }
      await fsyncDirectory(root)
    },
  }
}
