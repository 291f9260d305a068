/**
 * The SQLite {@link QueueBackend}: one row per item, one transaction per insert batch / remove.
 * Ordering columns (`seq`, `created_at`, `next_attempt_at`, `attempts`, `size`) stay in clear;
 * the packet and the metadata blob (recipient, class, message ID) go through the optional
 * {@link AtRestCipher}, bound to their row by associated data.
 * @module
 */
import type Database from 'better-sqlite3'
import { ClosedError } from '@bitmesh/interface'
import { StorageError } from '../errors.js'
import { checkClass } from '../ids.js'
import type { AtRestCipher, MessageClass, QueueBackend, StoredItem, StoredItemWithPacket } from '../types.js'
import { guard } from './errors.js'

interface Row {
  id: string
  seq: number
  created_at: number
  next_attempt_at: number
  attempts: number
  size: number
  meta: Uint8Array
}

interface Meta {
  r: string
  c: MessageClass
  m: string
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/** Associated data binding a blob to (queue, id, field). */
function associatedData(queue: string, id: string, field: 'm' | 'p'): Uint8Array {
  return encoder.encode(`bitmesh-sf-v1\u0000${queue}\u0000${id}\u0000${field}`)
}

function decodeMeta(bytes: Uint8Array, id: string): Meta {
  try {
    const parsed = JSON.parse(decoder.decode(bytes)) as Partial<Meta>
    if (typeof parsed.r !== 'string' || typeof parsed.m !== 'string') throw new TypeError('bad fields')
    return { r: parsed.r, c: checkClass(parsed.c), m: parsed.m }
  } catch (error) {
    throw new StorageError('corrupt', `queue item ${id}: unreadable metadata`, { cause: error })
  }
}

/**
 * Create the backend of one named queue over an open database (schema already created).
 * @param db - The connection.
 * @param queue - Queue name.
 * @param cipher - Optional at-rest cipher.
 * @returns The backend.
 */
export function createSqliteQueueBackend(db: Database.Database, queue: string, cipher?: AtRestCipher): QueueBackend {
  const selectAll = db.prepare<[string], Row>(
    'SELECT id, seq, created_at, next_attempt_at, attempts, size, meta FROM sf_items WHERE queue = ?',
  )
  const selectPacket = db.prepare<[string, string], { packet: Uint8Array }>('SELECT packet FROM sf_items WHERE queue = ? AND id = ?')
  const insertRow = db.prepare(
    'INSERT INTO sf_items (queue, id, seq, created_at, next_attempt_at, attempts, size, meta, packet) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const updateRow = db.prepare('UPDATE sf_items SET attempts = ?, next_attempt_at = ? WHERE queue = ? AND id = ?')
  const deleteRow = db.prepare('DELETE FROM sf_items WHERE queue = ? AND id = ?')
  const deleteAll = db.prepare('DELETE FROM sf_items WHERE queue = ?')

  const seal = (plain: Uint8Array, id: string, field: 'm' | 'p'): Uint8Array =>
    cipher === undefined ? plain : cipher.seal(plain, associatedData(queue, id, field))
  const open = (sealed: Uint8Array, id: string, field: 'm' | 'p'): Uint8Array => {
    if (cipher === undefined) return sealed
    try {
      return cipher.open(sealed, associatedData(queue, id, field))
    } catch (error) {
      throw new StorageError('cipher', `queue item ${id}: at-rest decryption failed (wrong key or tampered row)`, { cause: error })
    }
  }

  const insertMany = db.transaction((items: readonly StoredItemWithPacket[]) => {
    for (const item of items) {
      const meta = encoder.encode(JSON.stringify({ r: item.recipient, c: item.cls, m: item.messageId } satisfies Meta))
      insertRow.run(
        queue,
        item.id,
        item.seq,
        item.createdAt,
        item.nextAttemptAt,
        item.attempts,
        item.size,
        seal(meta, item.id, 'm'),
        seal(item.packet, item.id, 'p'),
      )
    }
  })
  const removeMany = db.transaction((ids: readonly string[]) => {
    for (const id of ids) deleteRow.run(queue, id)
  })

  let closed = false
  const check = (): void => {
    if (closed) throw new ClosedError('queue backend is closed')
  }

  return {
    load: async () => {
      check()
      const rows = guard(`load queue ${queue}`, () => selectAll.all(queue))
      return rows.map(
        (row): StoredItem => {
          const meta = decodeMeta(open(row.meta, row.id, 'm'), row.id)
          return {
            id: row.id,
            seq: row.seq,
            createdAt: row.created_at,
            nextAttemptAt: row.next_attempt_at,
            attempts: row.attempts,
            size: row.size,
            recipient: meta.r,
            cls: meta.c,
            messageId: meta.m,
          }
        },
      )
    },
    insert: async (items) => {
      check()
      guard(`enqueue into ${queue}`, () => insertMany(items))
    },
    readPacket: async (id) => {
      check()
      const row = guard(`read item of ${queue}`, () => selectPacket.get(queue, id))
      if (row === undefined) return undefined
      return new Uint8Array(open(row.packet, id, 'p'))
    },
    updateAttempt: async (id, attempts, nextAttemptAt) => {
      check()
      guard(`update item of ${queue}`, () => updateRow.run(attempts, nextAttemptAt, queue, id))
    },
    remove: async (ids) => {
      check()
      if (ids.length === 0) return
      guard(`ack items of ${queue}`, () => removeMany(ids))
    },
    clear: async () => {
      check()
      guard(`clear ${queue}`, () => deleteAll.run(queue))
    },
    close: async () => {
      closed = true
    },
  }
}
