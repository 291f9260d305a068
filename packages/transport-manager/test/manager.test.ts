/** Upgrades, downgrades without loss or duplicates, stalls, bulk routing, bounds and hostile input (virtual time). */
import { ClosedError, type Link } from '@bitmesh/interface'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ENVELOPE_MAGIC, EnvelopeType, type LinkChoiceEvent, type ManagedLink } from '../src/index.js'
import { encodeData } from '../src/envelope.js'
import { managedPair, type CuttableLink } from './helpers.js'

const WIFI = { kind: 'wifi-direct', mtu: 16_384, bandwidthBytesPerSecond: 5_000_000, latencyMs: 2 }
const BLE = { kind: 'ble', mtu: 514, bandwidthBytesPerSecond: 100_000, latencyMs: 10 }

function frameOf(i: number, size: number): Uint8Array {
  const f = new Uint8Array(size)
  for (let j = 0; j < size; j++) f[j] = (i * 131 + j * 7) & 0xff
  if (size >= 4) new DataView(f.buffer).setUint32(0, i)
  return f
}

async function until(clock: { advance(ms: number): Promise<void> }, cond: () => boolean, maxMs = 300_000): Promise<void> {
  for (let t = 0; t < maxMs && !cond(); t += 10) await clock.advance(10)
  expect(cond()).toBe(true)
}

/** Send every frame, waiting for drain as asked. */
async function sendAll(clock: { advance(ms: number): Promise<void> }, link: Link, frames: Uint8Array[], onIndex?: (i: number) => Promise<void> | void): Promise<void> {
  for (let i = 0; i < frames.length; i++) {
    await onIndex?.(i)
    if (!link.send(frames[i]!)) {
      let drained = false
      const off = link.on('drain', () => (drained = true))
      await until(clock, () => drained)
      off()
    }
  }
}

describe('transport manager', () => {
  it('upgrades from BLE to Wi-Fi Direct when the faster link comes up, and uses it', async () => {
    const { clock, a, b } = await managedPair([WIFI, BLE])
    const events: LinkChoiceEvent[] = []
    a.on('link:upgrade', (e) => events.push(e))
    const opened: Link[] = []
    b.on('link:open', (l) => opened.push(l))
    const dial = a.dial('ble:b')
    await until(clock, () => opened.length === 1)
    const link = (await dial) as ManagedLink
    expect(link.currentKind).toBe('ble')
    expect(link.remoteAddress).toBe('node-b')
    const again = a.dial('wifi-direct:b')
    await until(clock, () => link.currentKind === 'wifi-direct')
    expect(await again).toBe(link) // same neighbour, same managed link
    expect(opened.length).toBe(1) // b saw one neighbour, not two
    expect(events).toHaveLength(1)
    expect(events[0]!.from?.kind).toBe('ble')
    expect(events[0]!.to?.kind).toBe('wifi-direct')
    expect(events[0]!.reason).toBe('link-up')
    expect(a.stats.upgrades).toBe(1)
    await a.stop()
    await b.stop()
    expect(clock.pendingTimers()).toBe(0)
  })

  for (const mode of ['closed by the peer', 'cut (stall detected)'] as const) {
    it(`downgrades to BLE when Wi-Fi is ${mode} mid-transfer: every frame arrives once, in order (property)`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 150 }), fc.array(fc.integer({ min: 1, max: 8_192 }), { minLength: 160, maxLength: 200 }), async (cutAt, sizes) => {
          const { clock, a, b, members } = await managedPair([{ ...WIFI, cuttable: true }, BLE], { mtu: 8_192, stallTimeoutMs: 1_000 })
          const got: Uint8Array[] = []
          b.on('link:open', (l) => l.on('frame', (f) => got.push(f)))
          const downs: LinkChoiceEvent[] = []
          a.on('link:downgrade', (e) => downs.push(e))
          const dialBle = a.dial('ble:b')
          await until(clock, () => b.links.length === 1)
          await dialBle
          const dialWifi = a.dial('wifi-direct:b')
          const link = (await (async () => {
            await until(clock, () => a.links.length === 1 && (a.links[0] as ManagedLink).currentKind === 'wifi-direct')
            return dialWifi
          })()) as ManagedLink
          const frames = sizes.map((s, i) => frameOf(i, Math.max(4, s)))
          await sendAll(clock, link, frames, async (i) => {
            if (i !== cutAt) return
            const wifiA = (members[0]!.a as unknown as { cuttable: CuttableLink[] }).cuttable[0]!
            if (mode === 'cut (stall detected)') {
              ;(members[0]!.a as unknown as { cutAll(): void }).cutAll()
              ;(members[0]!.b as unknown as { cutAll(): void }).cutAll()
            } else {
              const wifiB = (members[0]!.b as unknown as { cuttable: CuttableLink[] }).cuttable[0]!
              void wifiB.close()
              expect(wifiA).toBeDefined()
            }
          })
          await until(clock, () => got.length >= frames.length)
          await clock.advance(2_000)
          expect(got.length).toBe(frames.length)
          const bad = frames.findIndex((f, i) => !Buffer.from(f).equals(got[i]!))
          expect(bad).toBe(-1)
          expect(link.currentKind).toBe('ble')
          expect(downs.length).toBeGreaterThanOrEqual(1)
          expect(downs[0]!.from?.kind).toBe('wifi-direct')
          expect(downs[0]!.to?.kind).toBe('ble')
          if (mode === 'cut (stall detected)') {
            expect(a.stats.stalls).toBeGreaterThanOrEqual(1)
            expect(downs[0]!.reason).toBe('stall')
          }
          await a.stop()
          await b.stop()
          expect(clock.pendingTimers()).toBe(0)
        }),
        { numRuns: 6, seed: 7 },
      )
    })
  }

  it('with power saving, small frames ride BLE while bulk frames take Wi-Fi', async () => {
    let saving = true
    const { clock, a, b } = await managedPair([WIFI, BLE], { powerSaving: () => saving, bulkThresholdBytes: 2_000 })
    const perKind: Record<string, number> = {}
    b.on('link:open', (l) => {
      for (const p of (l as ManagedLink).physicalLinks) p.on('frame', (f) => f[1] === EnvelopeType.DATA && (perKind[p.kind] = (perKind[p.kind] ?? 0) + 1))
    })
    const d1 = a.dial('ble:b')
    await until(clock, () => b.links.length === 1)
    const link = await d1
    // b's physical links: subscribe to the wifi one as it appears.
    const d2 = a.dial('wifi-direct:b')
    await until(clock, () => (b.links[0] as ManagedLink).physicalLinks.length === 2)
    await d2
    const wifiB = (b.links[0] as ManagedLink).physicalLinks.find((p) => p.kind === 'wifi-direct')!
    wifiB.on('frame', (f) => f[1] === EnvelopeType.DATA && (perKind['wifi-direct'] = (perKind['wifi-direct'] ?? 0) + 1))
    const got: number[] = []
    b.links[0]!.on('frame', (f) => got.push(f.length))
    expect((link as ManagedLink).currentKind).toBe('ble')
    link.send(new Uint8Array(100))
    link.send(new Uint8Array(10_000))
    link.send(new Uint8Array(50))
    await until(clock, () => got.length === 3)
    expect(got).toEqual([100, 10_000, 50])
    expect(perKind['ble']).toBe(2)
    expect(perKind['wifi-direct']).toBe(1)
    saving = false
    await a.stop()
    await b.stop()
  })

  it('bounds the queue (CAPACITY_EXCEEDED), refuses oversize frames and sends nothing after close', async () => {
    const { clock, a, b } = await managedPair([BLE], { mtu: 4_096, highWaterBytes: 8_192, maxQueueBytes: 16_384 })
    const dial = a.dial('ble:b')
    await until(clock, () => b.links.length === 1)
    const link = await dial
    expect(() => link.send(new Uint8Array(4_097))).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE' }))
    let accepted = 0
    let error: unknown
    try {
      for (let i = 0; i < 100; i++) {
        link.send(new Uint8Array(4_096))
        accepted++
      }
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ code: 'CAPACITY_EXCEEDED' })
    expect(link.bufferedBytes).toBeLessThanOrEqual(16_384)
    expect(accepted).toBeGreaterThan(3)
    await link.close()
    expect(() => link.send(new Uint8Array(1))).toThrow(ClosedError)
    await a.stop()
    await b.stop()
    expect(clock.pendingTimers()).toBe(0)
  })

  it('drops hostile envelopes without throwing or delivering them', async () => {
    const { clock, a, b } = await managedPair([WIFI])
    const dial = a.dial('wifi-direct:b')
    await until(clock, () => b.links.length === 1)
    const link = (await dial) as ManagedLink
    const got: Uint8Array[] = []
    b.links[0]!.on('frame', (f) => got.push(f))
    const raw = link.physicalLinks[0]!
    const hostile = [
      Uint8Array.of(ENVELOPE_MAGIC, 99),
      Uint8Array.of(ENVELOPE_MAGIC, EnvelopeType.DATA, 1, 2),
      encodeData(5_000_000, new Uint8Array(10), 0, 10), // far outside the window
      (() => {
        const d = encodeData(0, new Uint8Array(10), 0, 10)
        d[12] = 0xff // total beyond the MTU
        return d
      })(),
      Uint8Array.of(ENVELOPE_MAGIC, EnvelopeType.ACK, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      Uint8Array.of(ENVELOPE_MAGIC, EnvelopeType.STATE, 1),
      Uint8Array.of(1, 2, 3), // not an envelope on a managed link
    ]
    for (const h of hostile) raw.send(h)
    await clock.advance(100)
    expect(got).toHaveLength(0)
    expect(b.stats.malformedDropped).toBeGreaterThanOrEqual(6)
    link.send(Uint8Array.of(42))
    await until(clock, () => got.length === 1)
    expect([...got[0]!]).toEqual([42])
    await a.stop()
    await b.stop()
  })

  it('passes a plain (non-manager) peer through unchanged', async () => {
    const { ManualClock, MemoryNetwork, memoryTransport } = await import('@bitmesh/transport-compliance/memory')
    const { createTransportManager } = await import('../src/index.js')
    const { seededRng } = await import('./helpers.js')
    const clock = new ManualClock()
    const network = new MemoryNetwork({ clock, latencyMs: 1 })
    const plainPeer = memoryTransport({ network, address: 'bitchat', kind: 'ble', mtu: 514 })
    const m = createTransportManager({ transports: [memoryTransport({ network, address: 'me', kind: 'ble', mtu: 514 })], clock, rng: seededRng(3), helloTimeoutMs: 500 })
    await plainPeer.start()
    await m.start()
    const got: number[][] = []
    m.on('link:open', (l) => l.on('frame', (f) => got.push([...f])))
    let peerLink: Link | undefined
    plainPeer.on('link:open', (l) => (peerLink = l))
    const dial = m.dial('ble:bitchat')
    await until(clock, () => peerLink !== undefined)
    peerLink!.send(Uint8Array.of(1, 2, 3)) // a bitchat v1 frame starts with 1
    const link = await (async () => {
      await until(clock, () => m.links.length === 1)
      return dial
    })()
    await until(clock, () => got.length === 1)
    expect(got[0]).toEqual([1, 2, 3])
    expect(link.kind).toBe('ble')
    expect(m.stats.plainLinks).toBe(1)
    await m.stop()
    await plainPeer.stop()
    expect(clock.pendingTimers()).toBe(0)
  })
})
