/**
 * Shared test helpers: fast-check arbitraries for beacons and control messages, a typed-error
 * assertion, and a seeded PRNG (mulberry32) with Gaussian noise for the RSSI worlds.
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import { isBitMeshError, type DecodeReasonValue } from '@bitmesh/interface'
import { BEACON_LIFE_MAX_MIN, BEACON_SCORE_MIN_DBM, type Beacon } from './beacon.js'
import { HEAD_TABLE_MAX_ENTRIES, type ClusterControlMessage } from './control.js'

/** 8 arbitrary bytes. */
export const idArb = fc.uint8Array({ minLength: 8, maxLength: 8 })

/** A beacon exactly representable on the wire (life a multiple of 10 within range). */
export const beaconArb: fc.Arbitrary<Beacon> = fc.record({
  id: idArb,
  os: fc.constantFrom('unknown', 'android', 'ios', 'other'),
  role: fc.constantFrom('none', 'member', 'head'),
  hotspotSupport: fc.boolean(),
  charging: fc.boolean(),
  batteryLevel: fc.integer({ min: 0, max: 100 }),
  estBatteryLifeMin: fc.option(fc.integer({ min: 0, max: BEACON_LIFE_MAX_MIN / 10 }).map((u) => u * 10), { nil: null }),
  wake: fc.boolean(),
  neighborhoodRssiDbm: fc.option(fc.integer({ min: BEACON_SCORE_MIN_DBM, max: 0 }), { nil: null }),
})

/** Any cluster control message. */
export const controlArb: fc.Arbitrary<ClusterControlMessage> = fc.oneof(
  beaconArb.map((beacon) => ({ kind: 'register' as const, beacon })),
  fc.record({
    kind: fc.constant('registerAck' as const),
    status: fc.constantFrom('accepted' as const, 'full' as const, 'notHead' as const),
    leaseSec: fc.integer({ min: 0, max: 0xffff }),
  }),
  fc.constant({ kind: 'deregister' as const }),
  fc.record({
    kind: fc.constant('resign' as const),
    reason: fc.constantFrom('lowBattery' as const, 'merged' as const, 'ineligible' as const, 'leaving' as const),
    successor: fc.option(idArb, { nil: null }),
  }),
  fc.integer({ min: 1, max: 255 }).chain((pages) =>
    fc.record({
      kind: fc.constant('headTable' as const),
      epoch: fc.integer({ min: 0, max: 0xffffffff }),
      page: fc.integer({ min: 0, max: pages - 1 }),
      pages: fc.constant(pages),
      entries: fc.array(
        fc.record({ id: idArb, rssiDbm: fc.integer({ min: -128, max: 127 }), batteryLevel: fc.integer({ min: 0, max: 100 }) }),
        { maxLength: HEAD_TABLE_MAX_ENTRIES },
      ),
    }),
  ),
)

/** Assert that `fn` throws a DecodeError (optionally with a reason). */
export function expectDecodeError(fn: () => unknown, reason?: DecodeReasonValue): void {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(isBitMeshError(caught), `expected a DecodeError, got ${String(caught)}`).toBe(true)
  expect((caught as { code: string }).code).toBe('DECODE_ERROR')
  if (reason !== undefined) expect((caught as { reason: string }).reason).toBe(reason)
}

/** Seeded uniform PRNG in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Standard normal sample from a uniform source (Box–Muller). */
export function gaussian(next: () => number): number {
  const u = Math.max(next(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next())
}

/** An 8-byte ID whose last byte is `n` (readable in failures). */
export function idOf(n: number): Uint8Array {
  const id = new Uint8Array(8)
  id[6] = (n >>> 8) & 0xff
  id[7] = n & 0xff
  return id
}
