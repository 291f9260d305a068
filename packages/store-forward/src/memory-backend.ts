/**
 * In-memory {@link QueueBackend}: for tests and the simulator (DESIGN §2: memory stores are not
 * a production default). Copies bytes in and out so callers cannot alter stored packets.
 * @module
 */
import { ClosedError } from '@bitmesh/interface'
import { StorageFullError } from './errors.js'
import type { QueueBackend, StoredItem, StoredItemWithPacket } from './types.js'

interface Row {
  meta: StoredItem
  packet: Uint8Array
}

/** Options of {@link memoryQueueBackend}. */
export interface MemoryQueueBackendOptions {
  /**
   * Simulated medium size in bytes: an insert that would exceed it fails with
   * `StorageFullError`, like a full disk. Default: unlimited.
   */
  capacityBytes?: number
}

/**
 * Create an in-memory queue backend.
 * @param options - See {@link MemoryQueueBackendOptions}.
 * @returns A new, empty backend.
 */
export function memoryQueueBackend(options: MemoryQueueBackendOptions = {}): QueueBackend {
  const rows = new Map<string, Row>()
  const capacity = options.capacityBytes ?? Infinity
  let used = 0
  let closed = false
  const open = (): void => {
    if (closed) throw new ClosedError('queue backend is closed')
  }
  return {
    load: async () => {
      open()
      return [...rows.values()].map((r) => r.meta)
    },
    insert: async (items: readonly StoredItemWithPacket[]) => {
      open()
      let add = 0
      for (const item of items) add += item.packet.length
      if (used + add > capacity) {
        throw new StorageFullError(`memory backend full: ${used + add} > ${capacity} bytes`)
      }
      for (const { packet, ...meta } of items) {
        const prev = rows.get(meta.id)
        if (prev !== undefined) used -= prev.packet.length
        rows.set(meta.id, { meta, packet: packet.slice() })
      }
      used += add
    },
    readPacket: async (id) => {
      open()
      return rows.get(id)?.packet.slice()
    },
    updateAttempt: async (id, attempts, nextAttemptAt) => {
      open()
      const row = rows.get(id)
      if (row !== undefined) row.meta = { ...row.meta, attempts, nextAttemptAt }
    },
    remove: async (ids) => {
      open()
      for (const id of ids) {
        const row = rows.get(id)
        if (row === undefined) continue
        used -= row.packet.length
        row.packet.fill(0)
        rows.delete(id)
      }
    },
    clear: async () => {
      open()
      for (const row of rows.values()) row.packet.fill(0)
      rows.clear()
      used = 0
    },
    close: async () => {
      closed = true
    },
  }
}
