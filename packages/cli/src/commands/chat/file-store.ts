/**
 * A small durable `KeyValueStore` in one JSON file (values base64), for `bitmesh chat`'s identity
 * and settings. Writes go to a temporary file that is renamed over the old one, so a crash leaves
 * either the old or the new content; the file is private to the user (0600, directory 0700).
 * @module
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { KeyValueStore } from '@bitmesh/interface'

/** Largest store file read, in bytes (an identity is a few hundred bytes). */
export const CHAT_STORE_MAX_BYTES = 1024 * 1024

/**
 * Open (or create) the store at `path`.
 * @param path - the JSON file
 * @returns the store; a missing or unreadable file starts empty
 */
export async function fileKeyValueStore(path: string): Promise<KeyValueStore> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const map = new Map<string, Uint8Array>()
  try {
    const text = await readFile(path, 'utf8')
    if (text.length <= CHAT_STORE_MAX_BYTES) {
      const parsed = JSON.parse(text) as unknown
      if (parsed !== null && typeof parsed === 'object') {
        for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') map.set(k, new Uint8Array(Buffer.from(v, 'base64')))
      }
    }
  } catch {
    // Missing or corrupt: start fresh (a new identity is created).
  }
  let chain: Promise<void> = Promise.resolve()
  let closed = false
  const flush = (): Promise<void> => {
    const snapshot = JSON.stringify(Object.fromEntries([...map].map(([k, v]) => [k, Buffer.from(v).toString('base64')])))
    chain = chain.then(async () => {
      const tmp = `${path}.tmp`
      await writeFile(tmp, snapshot, { mode: 0o600 })
      await rename(tmp, path)
    })
    return chain
  }
  const live = (): void => {
    if (closed) throw new Error('store is closed')
  }
  return {
    async get(key) {
      live()
      const v = map.get(key)
      return v === undefined ? undefined : v.slice()
    },
    async set(key, value) {
      live()
      map.set(key, value.slice())
      await flush()
    },
    async delete(key) {
      live()
      if (map.delete(key)) await flush()
    },
    async keys(prefix = '') {
      live()
      return [...map.keys()].filter((k) => k.startsWith(prefix)).sort()
    },
    async clear() {
      live()
      for (const v of map.values()) v.fill(0)
      map.clear()
      await flush()
    },
    async close() {
      closed = true
      await chain
    },
  }
}
