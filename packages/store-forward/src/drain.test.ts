import { describe, expect, it } from 'vitest'
import { bytes, flush, manualClock, seededRng } from '../test/helpers.js'
import { DrainDriver } from './drain.js'
import { memoryQueueBackend } from './memory-backend.js'
import { OutboundQueue } from './outbound-queue.js'
import type { StoredItem } from './types.js'

async function setup(send: (item: StoredItem, packet: Uint8Array, kind: string) => Promise<boolean>) {
  const clock = manualClock()
  const queue = await OutboundQueue.open({ backend: memoryQueueBackend(), clock, rng: seededRng(3) })
  const driver = new DrainDriver({ queue, clock, send })
  return { clock, queue, driver }
}

describe('DrainDriver', () => {
  it('does nothing until a transport is up, then sends due items in createdAt order and acks them', async () => {
    const sent: string[] = []
    const { queue, driver, clock } = await setup(async (item, packet, kind) => {
      sent.push(`${item.messageId}:${packet[0]}:${kind}`)
      return true
    })
    await queue.enqueue({ packet: bytes(1, 2), messageId: 'b', createdAt: clock.now() + 2 })
    await queue.enqueue({ packet: bytes(1, 1), messageId: 'a', createdAt: clock.now() + 1 })
    expect(await driver.drain()).toEqual({ sent: 0, failed: 0 })
    driver.transportUp('ble')
    await flush()
    expect(sent).toEqual(['a:1:ble', 'b:2:ble'])
    expect(queue.size).toBe(0)
  })

  it('tries transports in priority order: BLE, fast links, then bridges', async () => {
    const tried: string[] = []
    const { queue, driver } = await setup(async (_item, _p, kind) => {
      tried.push(kind)
      return kind === 'nostr'
    })
    driver.transportUp('nostr')
    driver.transportUp('wifi-direct')
    driver.transportUp('exotic')
    driver.transportUp('ble')
    expect(driver.available()).toEqual(['ble', 'wifi-direct', 'nostr', 'exotic'])
    await queue.enqueue({ packet: bytes(1) })
    await driver.drain()
    await flush()
    expect(tried).toEqual(['ble', 'wifi-direct', 'nostr'])
    expect(queue.size).toBe(0)
  })

  it('backs off a failing item and retries it from the clock timer while a transport is up', async () => {
    let accept = false
    let calls = 0
    const { queue, driver, clock } = await setup(async () => {
      calls++
      return accept
    })
    await queue.enqueue({ packet: bytes(1) })
    driver.transportUp('ble')
    await flush()
    expect(calls).toBe(1)
    const item = queue.items()[0]!
    expect(item.attempts).toBe(1)
    clock.advance(item.nextAttemptAt - clock.now() - 1)
    await flush()
    expect(calls).toBe(1)
    accept = true
    clock.advance(1)
    await flush()
    expect(calls).toBe(2)
    expect(queue.size).toBe(0)
    expect(clock.pending()).toBe(0)
  })

  it('a throwing send counts as a failure and is reported', async () => {
    const errors: unknown[] = []
    const clock = manualClock()
    const queue = await OutboundQueue.open({ backend: memoryQueueBackend(), clock, rng: seededRng(1) })
    const driver = new DrainDriver({
      queue,
      clock,
      send: async () => {
        throw new Error('radio on fire')
      },
      onError: (e) => errors.push(e),
    })
    await queue.enqueue({ packet: bytes(1) })
    driver.transportUp('ble')
    const report = await driver.drain()
    await flush()
    expect(report.sent + report.failed).toBeLessThanOrEqual(1)
    expect(errors.length).toBe(1)
    expect(queue.items()[0]!.attempts).toBe(1)
  })

  it('kick(recipient) skips the backoff of that recipient when it connects', async () => {
    let reachable = false
    const { queue, driver } = await setup(async (item) => reachable && item.recipient === 'peer')
    await queue.enqueue({ packet: bytes(1), recipient: 'peer' })
    driver.transportUp('ble')
    await flush()
    expect(queue.size).toBe(1)
    reachable = true
    const report = await driver.kick('peer')
    expect(report.sent).toBe(1)
    expect(queue.size).toBe(0)
  })

  it('stops when the last transport goes down and cancels its timer', async () => {
    const { queue, driver, clock } = await setup(async () => false)
    await queue.enqueue({ packet: bytes(1) })
    driver.transportUp('ble')
    await flush()
    expect(clock.pending()).toBe(1)
    driver.transportDown('ble')
    expect(clock.pending()).toBe(0)
    expect(driver.available()).toEqual([])
    await driver.stop()
    driver.transportUp('ble')
    expect(await driver.drain()).toEqual({ sent: 0, failed: 0 })
  })

  it('each item is tried once per pass even if storage keeps it due', async () => {
    const calls: string[] = []
    const clock = manualClock()
    const backend = memoryQueueBackend()
    const queue = await OutboundQueue.open({ backend, clock, rng: seededRng(1) })
    await queue.enqueue({ packet: bytes(1) })
    // Storage refuses to record the failure: the item stays due; the pass must still end.
    backend.updateAttempt = async () => {
      throw new Error('io')
    }
    const driver = new DrainDriver({ queue, clock, send: async (i) => (calls.push(i.id), false) })
    driver.transportUp('ble')
    await flush(50)
    await driver.stop()
    expect(calls.length).toBeGreaterThanOrEqual(1)
    expect(calls.length).toBeLessThanOrEqual(3)
  })
})
