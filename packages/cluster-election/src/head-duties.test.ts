import { describe, expect, it } from 'vitest'
import { toHex } from '@bitmesh-internal/test-vectors'
import { decodeClusterControl } from './control.js'
import { HeadDuties, type HeadQueueDropReason } from './head-duties.js'
import { idKey } from './id-key.js'
import { idOf } from './testing.test-helpers.js'

function rig(opts: Partial<ConstructorParameters<typeof HeadDuties>[0]> = {}) {
  const controls: { to: string; payload: Uint8Array; ttl: number }[] = []
  const frames: { to: string; frame: Uint8Array; ttl: number }[] = []
  const drops: HeadQueueDropReason[] = []
  const duties = new HeadDuties({
    selfId: idOf(100),
    send: {
      control: (to, payload, ttl) => controls.push({ to: idKey(to), payload, ttl }),
      frame: (to, frame, ttl) => frames.push({ to: idKey(to), frame, ttl }),
    },
    onDrop: (r) => drops.push(r),
    ...opts,
  })
  return { duties, controls, frames, drops }
}

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: idOf(i + 1), rssiDbm: -60 - (i % 30), batteryLevel: 50 }))

describe('HeadDuties gossip', () => {
  it('every 10 s sends its table and the queued messages to each adjacent head with TTL 5', () => {
    const { duties, controls, frames } = rig()
    duties.noteAdjacentHead(idOf(200), 0)
    duties.noteAdjacentHead(idOf(201), 0)
    duties.enqueue(Uint8Array.of(1, 2, 3), 0)
    expect(duties.tick(0, rows(3))).toEqual({ tables: 0, frames: 0 }) // first call arms the timer
    expect(duties.tick(9_999, rows(3))).toEqual({ tables: 0, frames: 0 })
    expect(duties.tick(10_000, rows(3))).toEqual({ tables: 2, frames: 2 })
    expect(controls.map((c) => c.to).sort()).toEqual([idKey(idOf(200)), idKey(idOf(201))])
    expect(controls.every((c) => c.ttl === 5) && frames.every((f) => f.ttl === 5)).toBe(true)
    const msg = decodeClusterControl(controls[0]!.payload)
    expect(msg.kind === 'headTable' && msg.entries.length).toBe(3)
    expect(toHex(frames[0]!.frame)).toBe('010203')
    expect(duties.queued).toBe(0)
    expect(duties.tick(15_000, rows(3))).toEqual({ tables: 0, frames: 0 })
    expect(duties.tick(20_000, rows(3)).tables).toBe(2)
  })

  it('pages a large table 32 rows at a time', () => {
    const { duties, controls } = rig()
    duties.noteAdjacentHead(idOf(200), 0)
    duties.tick(0, [])
    duties.tick(10_000, rows(70))
    expect(controls).toHaveLength(3)
    const pages = controls.map((c) => decodeClusterControl(c.payload))
    expect(pages.map((p) => (p.kind === 'headTable' ? [p.page, p.pages, p.entries.length] : null))).toEqual([
      [0, 3, 32],
      [1, 3, 32],
      [2, 3, 6],
    ])
  })

  it('keeps messages while no head is adjacent, drops them after 2 minutes', () => {
    const { duties, frames, drops } = rig()
    duties.enqueue(Uint8Array.of(9), 0)
    duties.tick(0, [])
    duties.tick(10_000, [])
    expect(duties.queued).toBe(1)
    duties.noteAdjacentHead(idOf(200), 100_000)
    duties.tick(110_000, [])
    expect(frames).toHaveLength(1)
    duties.enqueue(Uint8Array.of(8), 110_000)
    duties.tick(230_001, [])
    expect(drops).toEqual(['expired'])
  })

  it('is bounded by count and bytes, with typed drops', () => {
    const { duties, drops } = rig({ queueCapacity: 2, queueBytes: 10 })
    duties.enqueue(new Uint8Array(4), 0)
    duties.enqueue(new Uint8Array(4), 0)
    duties.enqueue(new Uint8Array(4), 0) // count: evicts the oldest
    duties.enqueue(new Uint8Array(8), 0) // bytes: evicts until it fits
    expect(duties.enqueue(new Uint8Array(11), 0)).toBe(false)
    expect(drops).toEqual(['evicted', 'evicted', 'evicted', 'tooLarge'])
    expect(duties.queued).toBe(1)
  })

  it('refuses frames above maxFrameBytes (what one carry holds) as tooLarge, without evicting', () => {
    const { duties, drops } = rig({ maxFrameBytes: 5 })
    duties.enqueue(new Uint8Array(5), 0)
    expect(duties.enqueue(new Uint8Array(6), 0)).toBe(false)
    expect(drops).toEqual(['tooLarge'])
    expect(duties.queued).toBe(1)
    expect(duties.drops.tooLarge).toBe(1)
  })

  it('sendQueued sends targeted frames at once, keeps those for heads not adjacent, and sends no tables', () => {
    const { duties, controls, frames } = rig()
    duties.noteAdjacentHead(idOf(200), 0)
    duties.enqueue(Uint8Array.of(1), 0, idOf(200))
    duties.enqueue(Uint8Array.of(2), 0, idOf(202)) // not adjacent (yet)
    expect(duties.sendQueued(1_000)).toBe(1)
    expect(frames.map((f) => [f.to, f.frame[0], f.ttl])).toEqual([[idKey(idOf(200)), 1, 5]])
    expect(controls).toEqual([])
    expect(duties.queued).toBe(1)
    duties.noteAdjacentHead(idOf(202), 2_000)
    expect(duties.sendQueued(2_000)).toBe(1)
    expect(duties.queued).toBe(0)
    expect(duties.sendQueued(3_000)).toBe(0)
  })

  it('sends targeted messages only to their head', () => {
    const { duties, frames } = rig()
    duties.noteAdjacentHead(idOf(200), 0)
    duties.noteAdjacentHead(idOf(201), 0)
    duties.enqueue(Uint8Array.of(7), 0, idOf(201))
    duties.tick(0, [])
    duties.tick(10_000, [])
    expect(frames.map((f) => f.to)).toEqual([idKey(idOf(201))])
  })

  it('learns which head remote peers sit behind, and forgets stale adjacency', () => {
    const { duties } = rig()
    duties.onHeadTable(idOf(200), [{ id: idOf(7), rssiDbm: -60, batteryLevel: 50 }], 0)
    expect(idKey(duties.headFor(idOf(7), 1_000)!)).toBe(idKey(idOf(200)))
    expect(duties.headFor(idOf(8), 1_000)).toBeNull()
    expect(duties.adjacentCount).toBe(1)
    duties.tick(40_000, [])
    expect(duties.adjacentCount).toBe(0)
    expect(duties.headFor(idOf(7), 40_000)).toBeNull()
  })

  it('bounds the directory', () => {
    const { duties } = rig({ directoryCapacity: 2 })
    duties.onHeadTable(idOf(200), rows(3), 0)
    expect(duties.headFor(idOf(1), 0)).toBeNull() // oldest evicted
    expect(duties.headFor(idOf(3), 0)).not.toBeNull()
  })

  it('never gossips to itself', () => {
    const { duties } = rig()
    duties.noteAdjacentHead(idOf(100), 0)
    expect(duties.adjacentCount).toBe(0)
  })
})
