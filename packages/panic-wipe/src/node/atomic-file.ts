/**
 * Durable file primitives: atomic replace (temp + fsync + rename + fsync directory), durable
 * delete (unlink + fsync directory) and overwrite-in-place.
 * @module
 */
import { open, rename, unlink, lstat } from 'node:fs/promises'
import { dirname } from 'node:path'

/** Bytes written per call when overwriting a file. */
export const OVERWRITE_CHUNK_BYTES = 1024 * 1024

function isErrno(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes((error as { code?: string }).code ?? '')
}

/**
 * fsync a directory so a rename or unlink inside it survives power loss. Platforms that cannot
 * open directories (Windows) are skipped: their rename is already durable enough or unfixable here.
 * @param dir - Directory path.
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
  } catch (error) {
    if (isErrno(error, 'EISDIR', 'EPERM', 'EACCES')) return
    throw error
  }
  try {
    await handle.sync()
  } catch (error) {
    if (!isErrno(error, 'EINVAL', 'EPERM', 'EBADF')) throw error
  } finally {
    await handle.close()
  }
}

/**
 * Replace `path` with `data` atomically and durably: a crash leaves either the old or the new
 * content, never a mix, and the new content survives power loss once this resolves.
 * @param path - Target file.
 * @param data - New content.
 */
export async function atomicWriteFile(path: string, data: Uint8Array): Promise<void> {
  const temp = `${path}.tmp`
  const handle = await open(temp, 'w', 0o600)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temp, path)
  await fsyncDirectory(dirname(path))
}

/**
 * Overwrite a regular file's bytes with zeros in place and fsync. On flash storage and
 * copy-on-write file systems the old blocks may survive elsewhere; this is best effort.
 * @param path - File to overwrite (symlinks are not followed: they are left alone).
 * @returns `false` when the file does not exist or is not a regular file.
 */
export async function overwriteFile(path: string): Promise<boolean> {
  let size: number
  try {
    const st = await lstat(path)
    if (!st.isFile()) return false
    size = st.size
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false
    throw error
  }
  const handle = await open(path, 'r+')
  try {
    const zeros = new Uint8Array(Math.min(size, OVERWRITE_CHUNK_BYTES))
    for (let offset = 0; offset < size; offset += zeros.length) {
      await handle.write(zeros, 0, Math.min(zeros.length, size - offset), offset)
    }
    await handle.sync()
  } finally {
    await handle.close()
  }
  return true
}

/**
 * Delete a file durably (unlink + fsync of its directory); a missing file is fine.
 * @param path - File to delete.
 * @param options - `overwrite`: zero its bytes first.
 */
export async function durableDelete(path: string, options: { overwrite?: boolean; syncDirectory?: boolean } = {}): Promise<void> {
  if (options.overwrite === true) await overwriteFile(path)
  try {
    await unlink(path)
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return
    throw error
  }
  if (options.syncDirectory !== false) await fsyncDirectory(dirname(path))
}

/**
 * Read a file, or `undefined` when it does not exist.
 * @param path - File path.
 */
export async function readFileIfExists(path: string): Promise<Uint8Array | undefined> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined
    throw error
  }
  try {
    return new Uint8Array(await handle.readFile())
  } finally {
    await handle.close()
  }
}
