import { describe, expect, it } from 'vitest'
import { MAX_PEERS, MESH_SIZE_CAPS, type CappedSize } from '@bitmesh/mesh'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { applyOverrides, builtinScenario, floodStack, HOSTILE_BEHAVIOURS, meshStack, parseScenario, SeededRng, simulate, World } from '../src/index.js'

/** Bound on pending timers per node (relays, pacing, sync, handshakes) that a healthy node stays far under. */
const TIMERS_BOUND = 4_096

describe('a hostile node in room-25', () => {
  it('builds room-25-hostile as room-25 plus one hostile device doing everything', () => {
    const clean = builtinScenario('room-25')!
    const hostile = builtinScenario('room-25-hostile')!
    expect(hostile.hostile).toEqual({
      count: 1,
      behaviours: [...HOSTILE_BEHAVIOURS],
      ratesPerS: { malformed: 10, 'announce-flood': 5, 'fragment-flood': 10, replay: 10, 'forged-signature': 5 },
      startS: 5,
    })
    const { hostile: _h, name: _n, description: _d, ...rest } = hostile
    const { name: _n2, description: _d2, ...cleanRest } = clean
    expect(rest).toEqual(cleanRest)
  })

  it('rejects an unknown behaviour with its path', () => {
    const base = structuredClone(builtinScenario('room-25')!) as Record<string, unknown>
    base.hostile = { count: 1, behaviours: ['jam'] }
    expect(() => parseScenario(base)).toThrow(/hostile\.behaviours\[0\]/)
  })

  it('places hostile devices after the crowd without moving anybody', () => {
    const opts = { widthM: 20, heightM: 20, placement: 'grid' as const, mobility: { model: 'static' as const }, rangeM: 12, lossRate: 0, seed: 3 }
    const plain = new World({ ...opts, count: 25, rng: new SeededRng(3) }, (i) => `a${i}`)
    const withExtra = new World({ ...opts, count: 27, extraCount: 2, rng: new SeededRng(3) }, (i) => `a${i}`)
    expect(Array.from(withExtra.x.subarray(0, 25))).toEqual(Array.from(plain.x))
    expect(Array.from(withExtra.y.subarray(0, 25))).toEqual(Array.from(plain.y))
    for (const i of [25, 26]) {
      expect(withExtra.x[i]).toBeGreaterThanOrEqual(0)
      expect(withExtra.x[i]).toBeLessThanOrEqual(20)
    }
  })

  it('refuses a stack that cannot build hostile nodes', async () => {
    const scenario = applyOverrides(builtinScenario('room-25-hostile')!, { durationS: 5 })
    await expect(simulate(scenario, { stack: floodStack(), crypto: nodeCryptoProvider })).rejects.toThrow(RangeError)
  })

  it('keeps honest public delivery within 2 points of the clean run and memory bounded (50 s, same seed)', async () => {
    const clean = applyOverrides(builtinScenario('room-25')!, { durationS: 50 })
    const hostile = applyOverrides(builtinScenario('room-25-hostile')!, { durationS: 50 })
    const a = (await simulate(clean, { stack: meshStack(), crypto: nodeCryptoProvider })).metrics
    const b = (await simulate(hostile, { stack: meshStack(), crypto: nodeCryptoProvider })).metrics
    // The hostile device really was active, with every behaviour, and is not counted as honest.
    expect(b.nodes).toBe(25)
    expect(b.hostile?.nodes).toBe(1)
    for (const behaviour of HOSTILE_BEHAVIOURS) expect(b.hostile!.sent[behaviour], behaviour).toBeGreaterThan(0)
    expect(b.hostile!.framesOnAir).toBeGreaterThan(0)
    expect(a.hostile).toBeUndefined()
    // Honest traffic is identical in volume (same seed) and delivers about as well.
    expect(b.public.sent).toBe(a.public.sent)
    expect(a.public.deliveryRatio).not.toBeNull()
    expect(b.public.deliveryRatio).not.toBeNull()
    expect(Math.abs(b.public.deliveryRatio! - a.public.deliveryRatio!)).toBeLessThanOrEqual(0.02)
    // Bounded structures: the Sybil announces grow the peer table, but under its cap.
    expect(b.memory.peers.max).toBeGreaterThan(a.memory.peers.max)
    expect(b.memory.peers.max).toBeLessThanOrEqual(MAX_PEERS)
    expect(b.memory.timers.max).toBeLessThan(TIMERS_BOUND)
    // Every capped structure the mesh reports was sampled, and its peak never passed its cap.
    for (const key of Object.keys(MESH_SIZE_CAPS) as CappedSize[]) {
      const peak = b.memory.sizes[key]
      expect(peak, key).toBeDefined()
      expect(peak!.max, key).toBeLessThanOrEqual(MESH_SIZE_CAPS[key])
    }
    // The floods reached the structures they aim at (so the checks above see real load).
    expect(b.memory.sizes.reassemblies!.max).toBeGreaterThan(a.memory.sizes.reassemblies!.max)
    expect(b.memory.sizes.reassemblyBytes!.max).toBeGreaterThan(0)
    expect(b.memory.sizes.pinnedPeers!.max).toBeGreaterThan(a.memory.sizes.pinnedPeers!.max)
    expect(b.memory.sizes.dedup!.max).toBeGreaterThan(0)
  }, 120_000)
})
