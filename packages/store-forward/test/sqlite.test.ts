import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DrainDriver, OutboundQueue, StorageError, StorageFullError, type AtRestCipher } from '../src/index.js'
import { SqliteStore } from '../src/sqlite/index.js'
import { bytes, manualClock, seededRng } from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'sf-sqlite-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let fileNo = 0
const freshPath = (): string => join(dir, `db-${fileNo++}.sqlite`)

/** ChaCha20-Poly1305 from node:crypto: nonce ‖ ciphertext ‖ tag. */
function testCipher(key: Uint8Array = randomBytes(32)): AtRestCipher {
  return {
    seal(plain, ad) {
      const nonce = randomBytes(12)
      const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 })
      c.setAAD(ad, { plaintextLength: plain.length })
      const body = Buffer.concat([c.update(plain), c.final()])
      return new Uint8Array(Buffer.concat([nonce, body, c.getAuthTag()]))
    },
    open(sealed, ad) {
      const d = createDecipheriv('chacha20-poly1305', key, sealed.subarray(0, 12), { authTagLength: 16 })
      d.setAAD(ad, { plaintextLength: sealed.length - 28 })
      d.setAuthTag(sealed.subarray(sealed.length - 16))
      return new Uint8Array(Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]))
    },
  }
}

async function openQueue(store: SqliteStore, name = 'outbound', cipher?: AtRestCipher) {
  return OutboundQueue.open({ backend: store.queueBackend(name, cipher ? { cipher } : {}), clock: manualClock(), rng: seededRng(fileNo) })
}

describe('SQLite queue backend', () => {
  it('uses WAL with full fsync and keeps queues apart', async () => {
    const store = SqliteStore.open(freshPath())
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2)
    const a = await openQueue(store, 'a')
    const b = await openQueue(store, 'b')
    await a.enqueue({ packet: bytes(3), messageId: 'in-a' })
    expect(b.size).toBe(0)
    expect((await openQueue(store, 'a')).items().map((i) => i.messageId)).toEqual(['in-a'])
    store.close()
  })

  it('persists items, order, metadata and retry state across reopen', async () => {
    const path = freshPath()
    let store = SqliteStore.open(path)
    let queue = await openQueue(store)
    const t = 1_700_000_000_000
    await queue.enqueueBatch([
      { packet: bytes(5, 5), recipient: 'peer-b', messageId: 'second', createdAt: t + 2, cls: 'group' },
      { packet: bytes(4, 4), recipient: 'peer-a', messageId: 'first', createdAt: t + 1 },
    ])
    const third = await queue.enqueue({ packet: bytes(2, 2), messageId: 'third', createdAt: t + 3 })
    await queue.fail(third.id)
    await queue.ack(queue.items()[1]!.id)
    store.close()
    store = SqliteStore.open(path)
    queue = await openQueue(store)
    const items = queue.items()
    expect(items.map((i) => [i.messageId, i.recipient, i.cls, i.attempts])).toEqual([
      ['first', 'peer-a', 'dm', 0],
      ['third', '', 'public', 1],
    ])
    expect(await queue.readPacket(items[0]!.id)).toEqual(bytes(4, 4))
    store.close()
  })

  it('encrypts packet and metadata at rest with the AtRestCipher; ordering columns stay usable', async () => {
    const path = freshPath()
    const key = randomBytes(32)
    let store = SqliteStore.open(path)
    let queue = await openQueue(store, 'outbound', testCipher(key))
    const secret = new TextEncoder().encode('SECRET-PACKET-BYTES-0123456789')
    await queue.enqueue({ packet: secret, recipient: 'recipient-label-xyz', messageId: 'message-id-abc' })
    store.checkpoint()
    store.close()
    const raw = readFileSync(path).toString('latin1')
    expect(raw).not.toContain('SECRET-PACKET')
    expect(raw).not.toContain('recipient-label-xyz')
    expect(raw).not.toContain('message-id-abc')

    store = SqliteStore.open(path)
    queue = await openQueue(store, 'outbound', testCipher(key))
    expect(queue.items()[0]).toMatchObject({ recipient: 'recipient-label-xyz', messageId: 'message-id-abc' })
    expect(await queue.readPacket(queue.items()[0]!.id)).toEqual(secret)
    // Another key (a crypto-shredded queue) cannot read it: a typed error, nothing silently dropped.
    const wrong = await openQueue(store, 'outbound', testCipher()).catch((e: unknown) => e)
    expect(wrong).toBeInstanceOf(StorageError)
    expect(wrong).toMatchObject({ code: 'STORAGE_ERROR', reason: 'cipher' })
    // A blob moved to another row fails its associated-data check.
    const rows = store.db.prepare('SELECT id, packet FROM sf_items').all() as Array<{ id: string; packet: Uint8Array }>
    await queue.enqueue({ packet: bytes(3), messageId: 'other' })
    const otherId = queue.items()[1]!.id
    store.db.prepare('UPDATE sf_items SET packet = ? WHERE id = ?').run(rows[0]!.packet, otherId)
    await expect(queue.readPacket(otherId)).rejects.toMatchObject({ reason: 'cipher' })
    store.close()
  })

  it('disk full: SQLITE_FULL becomes StorageFullError, and every resolved enqueue survives', async () => {
    const path = freshPath()
    const store = SqliteStore.open(path, { maxPageCount: 40 })
    const queue = await openQueue(store)
    const stored: string[] = []
    let error: unknown
    for (let i = 0; i < 500 && error === undefined; i++) {
      try {
        stored.push((await queue.enqueue({ packet: bytes(2000, i & 0xff), messageId: `m${i}` })).messageId)
      } catch (e) {
        error = e
      }
    }
    expect(error).toBeInstanceOf(StorageFullError)
    expect(error).toMatchObject({ code: 'CAPACITY_EXCEEDED' })
    expect(stored.length).toBeGreaterThan(5)
    // A failed batch stores nothing of itself.
    await expect(queue.enqueueBatch([{ packet: bytes(10) }, { packet: bytes(4000) }])).rejects.toBeInstanceOf(StorageFullError)
    expect(queue.items().map((i) => i.messageId)).toEqual(stored)
    // Acks still work on a full disk (deletes free pages), then enqueues work again.
    await queue.ack(queue.items()[0]!.id)
    await queue.enqueue({ packet: bytes(100), messageId: 'after' })
    store.close()
    const reopened = SqliteStore.open(path)
    const again = await openQueue(reopened)
    expect(again.items().map((i) => i.messageId)).toEqual([...stored.slice(1), 'after'])
    reopened.close()
  })

  it('a restarted node drains what the previous run queued (SQLite + DrainDriver)', async () => {
    const path = freshPath()
    let store = SqliteStore.open(path)
    let queue = await openQueue(store)
    for (let i = 0; i < 5; i++) await queue.enqueue({ packet: bytes(3, i), recipient: 'peer', messageId: `m${i}` })
    store.close()
    store = SqliteStore.open(path)
    queue = await openQueue(store)
    const clock = manualClock()
    const sent: number[] = []
    const driver = new DrainDriver({ queue, clock, send: async (_item, packet) => (sent.push(packet[0]!), true) })
    driver.transportUp('ble')
    await driver.drain()
    await driver.stop()
    expect(sent).toEqual([0, 1, 2, 3, 4])
    expect(await store.queueBackend('outbound').load()).toEqual([])
    store.close()
  })

  it('a file that is not a database is refused with StorageError "corrupt"', () => {
    const path = freshPath()
    writeFileSync(path, randomBytes(8192))
    const error = (() => {
      try {
        SqliteStore.open(path)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(StorageError)
    expect(error).toMatchObject({ code: 'STORAGE_ERROR', reason: 'corrupt' })
  })

  it('a damaged page fails the integrity check at open with StorageError "corrupt"', async () => {
    const path = freshPath()
    const store = SqliteStore.open(path)
    const queue = await openQueue(store)
    for (let i = 0; i < 50; i++) await queue.enqueue({ packet: bytes(700, i), messageId: `m${i}` })
    store.checkpoint()
    store.close()
    const size = statSync(path).size
    expect(size).toBeGreaterThan(8 * 4096)
    // Scribble over the b-tree pages (not the 100-byte file header).
    const fd = openSync(path, 'r+')
    for (let page = 2; page * 4096 < size; page += 2) writeSync(fd, randomBytes(64), 0, 64, page * 4096)
    closeSync(fd)
    let error: unknown
    try {
      SqliteStore.open(path).close()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(StorageError)
    expect(error).toMatchObject({ reason: 'corrupt' })
  })

  it('closing the store makes later backend calls fail with a typed error', async () => {
    const store = SqliteStore.open(freshPath())
    const backend = store.queueBackend('q')
    store.close()
    await expect(backend.load()).rejects.toBeInstanceOf(StorageError)
    expect(() => store.queueBackend('q')).toThrow(/closed/)
  })
})
