import { describe, expect, it } from 'vitest'
import { bytes, manualClock, seededRng } from '../test/helpers.js'
import { OUTBOX_MAX_ATTEMPTS, OUTBOX_MAX_PER_PEER, OUTBOX_TTL_MS } from './constants.js'
import { memoryQueueBackend } from './memory-backend.js'
import { BitchatOutbox, type OutboxDropReason } from './outbox.js'
import type { QueueBackend, StoredItem } from './types.js'

async function setup(opts: { keepUntilDelivered?: boolean; maxPeers?: number; backend?: QueueBackend } = {}) {
  const clock = manualClock()
  const backend = opts.backend ?? memoryQueueBackend()
  const sent: Array<{ peer: string; messageId: string; payload: number }> = []
  const drops: Array<[string, OutboxDropReason]> = []
  let reachable = true
  const outbox = await BitchatOutbox.open({
    backend,
    clock,
    rng: seededRng(11),
    send: async (entry: StoredItem, payload: Uint8Array) => {
      if (!reachable) return false
      sent.push({ peer: entry.recipient, messageId: entry.messageId, payload: payload[0]! })
      return true
    },
    onDrop: (entry, reason) => drops.push([entry.messageId, reason]),
    keepUntilDelivered: opts.keepUntilDelivered,
    maxPeers: opts.maxPeers,
  })
  return { clock, backend, outbox, sent, drops, setReachable: (v: boolean) => (reachable = v) }
}

describe('BitchatOutbox (§6.7)', () => {
  it('keeps per-peer lists and flushes one peer in order on connect', async () => {
    const { outbox, sent } = await setup()
    await outbox.add('aaaa', 'm1', bytes(1, 1))
    await outbox.add('bbbb', 'x1', bytes(1, 9))
    await outbox.add('aaaa', 'm2', bytes(1, 2))
    expect(outbox.peers().sort()).toEqual(['aaaa', 'bbbb'])
    expect(await outbox.flush('aaaa')).toEqual({ sent: 2, failed: 0, dropped: 0 })
    expect(sent).toEqual([
      { peer: 'aaaa', messageId: 'm1', payload: 1 },
      { peer: 'aaaa', messageId: 'm2', payload: 2 },
    ])
    // Kept until the delivered receipt (iOS), attempts counted.
    expect(outbox.pending('aaaa').map((e) => e.attempts)).toEqual([1, 1])
    expect(await outbox.delivered('aaaa', 'm1')).toBe(true)
    expect(await outbox.delivered('bbbb', 'm2')).toBe(false)
    expect(outbox.pending('aaaa').map((e) => e.messageId)).toEqual(['m2'])
  })

  it(`caps each peer at ${OUTBOX_MAX_PER_PEER} messages with a CapacityError`, async () => {
    const { outbox } = await setup()
    for (let i = 0; i < OUTBOX_MAX_PER_PEER; i++) await outbox.add('aaaa', `m${i}`, bytes(1))
    await expect(outbox.add('aaaa', 'over', bytes(1))).rejects.toMatchObject({ code: 'CAPACITY_EXCEEDED' })
    await outbox.add('bbbb', 'other peer', bytes(1))
    expect(outbox.size).toBe(OUTBOX_MAX_PER_PEER + 1)
  })

  it('caps the number of peers', async () => {
    const { outbox } = await setup({ maxPeers: 2 })
    await outbox.add('a', '1', bytes(1))
    await outbox.add('b', '1', bytes(1))
    await expect(outbox.add('c', '1', bytes(1))).rejects.toMatchObject({ code: 'CAPACITY_EXCEEDED' })
    await outbox.add('a', '2', bytes(1))
  })

  it(`gives a message up after ${OUTBOX_MAX_ATTEMPTS} sends without a receipt, and tells the app`, async () => {
    const { outbox, sent, drops } = await setup()
    await outbox.add('aaaa', 'm1', bytes(1))
    for (let i = 0; i < OUTBOX_MAX_ATTEMPTS; i++) await outbox.flush('aaaa')
    expect(sent.length).toBe(OUTBOX_MAX_ATTEMPTS)
    expect(await outbox.flush('aaaa')).toEqual({ sent: 0, failed: 0, dropped: 1 })
    expect(drops).toEqual([['m1', 'max-attempts']])
    expect(outbox.size).toBe(0)
  })

  it('failed sends do not count as attempts', async () => {
    const { outbox, setReachable } = await setup()
    await outbox.add('aaaa', 'm1', bytes(1))
    setReachable(false)
    expect(await outbox.flush('aaaa')).toEqual({ sent: 0, failed: 1, dropped: 0 })
    expect(outbox.pending('aaaa')[0]!.attempts).toBe(0)
  })

  it('expires messages after 24 h (flush and periodic expire)', async () => {
    const { outbox, clock, drops } = await setup()
    await outbox.add('aaaa', 'old', bytes(1))
    await outbox.add('bbbb', 'old-b', bytes(1))
    clock.advance(OUTBOX_TTL_MS - 1)
    await outbox.add('aaaa', 'new', bytes(1))
    clock.advance(1)
    expect(await outbox.flush('aaaa')).toEqual({ sent: 1, failed: 0, dropped: 1 })
    expect((await outbox.expire()).map((e) => e.messageId)).toEqual(['old-b'])
    expect(drops).toEqual([
      ['old', 'expired'],
      ['old-b', 'expired'],
    ])
  })

  it('Android mode removes a message once sent', async () => {
    const { outbox } = await setup({ keepUntilDelivered: false })
    await outbox.add('aaaa', 'm1', bytes(1))
    await outbox.flush('aaaa')
    expect(outbox.size).toBe(0)
  })

  it('survives a restart through its backend', async () => {
    const backend = memoryQueueBackend()
    const first = await setup({ backend })
    await first.outbox.add('aaaa', 'm1', bytes(1, 7))
    await first.outbox.flush('aaaa')
    const second = await setup({ backend })
    expect(second.outbox.pending('aaaa').map((e) => [e.messageId, e.attempts])).toEqual([['m1', 1]])
    await second.outbox.flush('aaaa')
    expect(second.sent).toEqual([{ peer: 'aaaa', messageId: 'm1', payload: 7 }])
  })

  it('concurrent flushes of one peer send each message once', async () => {
    const { outbox, sent } = await setup()
    await outbox.add('aaaa', 'm1', bytes(1))
    const [a, b] = await Promise.all([outbox.flush('aaaa'), outbox.flush('aaaa')])
    expect(a).toBe(b)
    expect(sent.length).toBe(1)
  })
})
