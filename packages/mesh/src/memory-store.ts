/**
 * An in-memory {@link KeyValueStore}, for tests and the simulator.
 * @module
 */
import type { KeyValueStore } from '@bitmesh/interface'

/**
 * A {@link KeyValueStore} held in a `Map`. Values are copied in and out, so callers cannot alter
 * stored bytes by mutating their arrays.
 * @returns A new, empty store.
 */
export function memoryKeyValueStore(): KeyValueStore {
  const map = new Map<string, Uint8Array>()
  let closed = false
  const open = (): void => {
    if (closed) throw new TypeError('store is closed')
  }
  return {
    get: async (key) => {
      open()
      return map.get(key)?.slice()
    },
    set: async (key, value) => {
      open()
      map.set(key, value.slice())
    },
    delete: async (key) => {
      open()
      map.delete(key)
    },
    keys: async (prefix = '') => {
      open()
      return [...map.keys()].filter((k) => k.startsWith(prefix)).sort()
    },
    clear: async () => {
      open()
      for (const value of map.values()) value.fill(0)
      map.clear()
    },
    close: async () => {
      closed = true
    },
  }
}
