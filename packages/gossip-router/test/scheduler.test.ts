import { describe, expect, it } from 'vitest'
import { MessageType, peerIdFromHex } from '@bitmesh/wire-format'
import { BITMESH_SOS_PACKET_TYPE, burstCapacity, laneOf, LaneScheduler, TokenBucket, type Lane } from '../src/index.js'
import { ManualClock, packet, pid } from './helpers.js'

describe('laneOf (Blip lanes on bitchat types)', () => {
  it('SOS 0; directed Noise and handshakes 1; broadcasts 2; bulk 3', () => {
    const to = peerIdFromHex(pid(9))
    expect(laneOf(packet({ type: BITMESH_SOS_PACKET_TYPE }))).toBe(0)
    expect(laneOf(packet({ type: MessageType.NOISE_ENCRYPTED, recipientId: to }))).toBe(1)
    expect(laneOf(packet({ type: MessageType.NOISE_HANDSHAKE, recipientId: to }))).toBe(1)
    expect(laneOf(packet({ type: MessageType.NOISE_ENCRYPTED }))).toBe(2)
    for (const t of [MessageType.MESSAGE, MessageType.ANNOUNCE, MessageType.LEAVE, MessageType.FRAGMENT, 0x7f]) expect(laneOf(packet({ type: t }))).toBe(2)
    for (const t of [MessageType.REQUEST_SYNC, MessageType.FILE_TRANSFER, MessageType.VOICE_FRAME]) expect(laneOf(packet({ type: t }))).toBe(3)
  })
})

describe('TokenBucket', () => {
  it('burst capacity sustains twice the rate for 3 s, then the rate', () => {
    expect(burstCapacity(15)).toBe(45)
    expect(burstCapacity(20)).toBe(60)
    const b = new TokenBucket(15, burstCapacity(15), 0)
    let sent = 0
    // Try 30/s for 3 s: all but the last attempt succeed (the refill for the final 33 ms is not in yet).
    for (let i = 0; i < 90; i++) if (b.take((i * 1000) / 30)) sent++
    expect(sent).toBe(89)
    expect(b.take(3000)).toBe(true)
    // Then it is down to the sustained 15/s.
    let more = 0
    for (let i = 1; i <= 60; i++) if (b.take(3000 + (i * 1000) / 30)) more++
    expect(more).toBeGreaterThanOrEqual(29)
    expect(more).toBeLessThanOrEqual(31)
  })
})

describe('LaneScheduler (Blip traffic shaper, fixed)', () => {
  it('serves Lane 0 first, then lanes 1–3 at 60/30/10', () => {
    const clock = new ManualClock()
    const s = new LaneScheduler<string>(clock, { outboundPerSecond: 1e6 })
    for (let i = 0; i < 100; i++) for (const lane of [1, 2, 3] as Lane[]) s.enqueue(`${lane}:${i}`, lane, null)
    s.enqueue('sos', 0, null)
    expect(s.next()?.item).toBe('sos')
    const counts = [0, 0, 0, 0]
    for (let i = 0; i < 100; i++) counts[s.next()!.lane]! += 1
    expect(counts).toEqual([0, 60, 30, 10])
  })

  it('a lane with nothing eligible does not hold back the others (work conserving)', () => {
    const s = new LaneScheduler<string>(new ManualClock())
    for (let i = 0; i < 5; i++) s.enqueue(`3:${i}`, 3, null)
    expect(Array.from({ length: 5 }, () => s.next()!.lane)).toEqual([3, 3, 3, 3, 3])
    expect(s.next()).toBeNull()
    expect(s.nextReadyMs()).toBeNull()
  })

  it('limits each destination peer to 15/s (burst 45) in virtual time, without blocking other peers', () => {
    const clock = new ManualClock(0)
    const s = new LaneScheduler<string>(clock)
    for (let i = 0; i < 200; i++) s.enqueue(`a${i}`, 2, 'A')
    for (let i = 0; i < 10; i++) s.enqueue(`b${i}`, 2, 'B')
    const sent = { A: 0, B: 0 }
    let n
    while ((n = s.next()) !== null) sent[n.peerId as 'A' | 'B']++
    expect(sent).toEqual({ A: 45, B: 10 }) // the full bucket, and B not stuck behind A
    const ready = s.nextReadyMs()!
    expect(ready).toBe(Math.ceil(1000 / 15))
    clock.advance(ready)
    expect(s.next()?.peerId).toBe('A')
    expect(s.next()).toBeNull()
    // Ten more seconds: 150 more packets to A at 15/s.
    let later = 0
    for (let t = 0; t < 10_000; t += 10) {
      clock.advance(10)
      while (s.next() !== null) later++
    }
    expect(later).toBe(150)
  })

  it('inbound: 20/s per peer with a 60 burst; SOS exempt', () => {
    const clock = new ManualClock(0)
    const s = new LaneScheduler<string>(clock)
    let ok = 0
    for (let i = 0; i < 100; i++) if (s.admitInbound('P', 2)) ok++
    expect(ok).toBe(60)
    expect(s.drops['inbound-rate-limit']).toBe(40)
    expect(s.admitInbound('P', 0)).toBe(true)
    expect(s.admitInbound('Q', 2)).toBe(true)
    clock.advance(1000)
    ok = 0
    for (let i = 0; i < 100; i++) if (s.admitInbound('P', 2)) ok++
    expect(ok).toBe(20)
  })

  it('relays stop at 80 % fill, Lane 3 is shed at 95 %, a full queue admits only Lane 0', () => {
    const s = new LaneScheduler<number>(new ManualClock(), { capacity: 100 })
    for (let i = 0; i < 80; i++) expect(s.enqueue(i, 2, null, true).accepted).toBe(true)
    expect(s.relayBackpressured).toBe(true)
    expect(s.enqueue(80, 2, null, true)).toEqual({ accepted: false, reason: 'relay-backpressure' })
    for (let i = 80; i < 95; i++) expect(s.enqueue(i, 2, null).accepted).toBe(true)
    expect(s.enqueue(95, 3, null)).toEqual({ accepted: false, reason: 'low-lane-shed' })
    for (let i = 95; i < 100; i++) expect(s.enqueue(i, 1, null).accepted).toBe(true)
    expect(s.enqueue(100, 1, null)).toEqual({ accepted: false, reason: 'queue-full' })
    expect(s.fill).toBe(1)
    expect(s.drops).toMatchObject({ 'relay-backpressure': 1, 'low-lane-shed': 1, 'queue-full': 1 })
  })

  it('SOS is never dropped: it evicts the oldest packet of the lowest lane; beyond the reserve it is refused', () => {
    const s = new LaneScheduler<string>(new ManualClock(), { capacity: 4, sosReserve: 2 })
    s.enqueue('n1', 2, null)
    s.enqueue('l1', 3, null)
    s.enqueue('l2', 3, null)
    s.enqueue('h1', 1, null)
    expect(s.enqueue('sos1', 0, null)).toEqual({ accepted: true, evicted: 'l1' })
    expect(s.enqueue('sos2', 0, null)).toEqual({ accepted: true, evicted: 'l2' })
    expect(s.enqueue('sos3', 0, null)).toEqual({ accepted: true, evicted: 'n1' })
    expect(s.enqueue('sos4', 0, null)).toEqual({ accepted: true, evicted: 'h1' })
    expect(s.enqueue('sos5', 0, null).accepted).toBe(true) // reserve
    expect(s.enqueue('sos6', 0, null).accepted).toBe(true)
    expect(s.enqueue('sos7', 0, null)).toEqual({ accepted: false, reason: 'sos-overflow' })
    expect(s.drops.evicted).toBe(4)
    expect(Array.from({ length: 6 }, () => s.next()!.item)).toEqual(['sos1', 'sos2', 'sos3', 'sos4', 'sos5', 'sos6'])
  })

  it('SOS bypasses the outbound rate limit', () => {
    const s = new LaneScheduler<number>(new ManualClock(0))
    for (let i = 0; i < 100; i++) s.enqueue(i, 0, 'A')
    let n = 0
    while (s.next() !== null) n++
    expect(n).toBe(100)
  })
})
