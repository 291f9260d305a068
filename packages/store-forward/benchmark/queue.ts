/**
 * Enqueue+ack throughput of the outbound queue. Baseline: the in-memory backend, measured in the
 * same run. SQLite runs with durability on (WAL, synchronous=FULL: every commit fsynced).
 *
 *   cd /work/main && pnpm turbo run build --filter=@bitmesh/store-forward...
 *   cd packages/store-forward && pnpm bench
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DrainDriver, memoryQueueBackend, OutboundQueue, type QueueBackend } from '../src/index.js'
import { SqliteStore } from '../src/sqlite/index.js'

const PACKET_BYTES = 300
const RUN_MS = 1_500
const dir = mkdtempSync(join(tmpdir(), 'sf-bench-'))

const clock = { now: () => Date.now(), setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) }
const rng = { next: Math.random, randomBytes: (n: number) => new Uint8Array(randomBytes(n)) }
const packet = new Uint8Array(randomBytes(PACKET_BYTES))

/** Items enqueued and then acked per second, `batch` items per transaction (1 = unbatched). */
async function measure(backend: QueueBackend, batch: number): Promise<number> {
  const queue = await OutboundQueue.open({ backend, clock, rng, maxItems: 100_000 })
  const inputs = Array.from({ length: batch }, (_, i) => ({ packet, recipient: 'peer', messageId: `m${i}` }))
  const round = async (): Promise<void> => {
    if (batch === 1) {
      const item = await queue.enqueue(inputs[0]!)
      await queue.ack(item.id)
    } else {
      const items = await queue.enqueueBatch(inputs)
      await queue.ack(items.map((i) => i.id))
    }
  }
  for (let i = 0; i < 5; i++) await round() // warm-up
  let items = 0
  const start = performance.now()
  while (performance.now() - start < RUN_MS) {
    await round()
    items += batch
  }
  const seconds = (performance.now() - start) / 1000
  await queue.close()
  return items / seconds
}

function sqliteBackend(name: string, synchronous: 'full' | 'normal' = 'full'): { backend: QueueBackend; close: () => void } {
  const store = SqliteStore.open(join(dir, `${name}.db`), { synchronous })
  return { backend: store.queueBackend('outbound'), close: () => store.close() }
}

const rows: Array<[string, number]> = []
const baseline = await measure(memoryQueueBackend(), 1)
rows.push(['memory backend, unbatched (baseline)', baseline])
for (const [label, batch, sync] of [
  ['SQLite durable, batched ×100', 100, 'full'],
  ['SQLite durable, batched ×10', 10, 'full'],
  ['SQLite durable, unbatched', 1, 'full'],
  ['SQLite synchronous=NORMAL, unbatched', 1, 'normal'],
] as const) {
  const { backend, close } = sqliteBackend(label.replace(/\W+/g, '-'), sync)
  rows.push([label, await measure(backend, batch)])
  close()
}

/**
 * Queue-side cost of draining 1 000 queued items to a peer that just connected: the send
 * function resolves at once (no radio model; the simulator adds BLE airtime), so this is the
 * storage + driver overhead (one durable ack per item).
 */
async function drainMs(backend: QueueBackend): Promise<number> {
  const queue = await OutboundQueue.open({ backend, clock, rng, maxItems: 100_000 })
  await queue.enqueueBatch(Array.from({ length: 1_000 }, (_, i) => ({ packet, recipient: 'peer', messageId: `m${i}` })))
  const driver = new DrainDriver({ queue, clock, send: async () => true })
  const start = performance.now()
  driver.transportUp('ble')
  await driver.drain()
  while (queue.size > 0) await driver.drain()
  const ms = performance.now() - start
  await driver.stop()
  await queue.close()
  return ms
}
const drainMemory = await drainMs(memoryQueueBackend())
const drainSqlite = sqliteBackend('drain')
const drainDurable = await drainMs(drainSqlite.backend)
drainSqlite.close()
rmSync(dir, { recursive: true, force: true })

console.log(`enqueue+ack of ${PACKET_BYTES}-byte packets, Node ${process.version}`)
for (const [label, rate] of rows) {
  console.log(`${label.padEnd(40)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} items/s   ×${(rate / baseline).toFixed(4)} of baseline`)
}
console.log(`drain 1 000 items to a reconnected peer (instant send): memory ${drainMemory.toFixed(1)} ms (baseline), SQLite durable ${drainDurable.toFixed(1)} ms (×${(drainDurable / drainMemory).toFixed(1)})`)
