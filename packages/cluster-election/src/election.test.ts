import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Beacon } from './beacon.js'
import { type ClusterControlMessage } from './control.js'
import { PROMOTE_GUARD_WINDOWS, PROMOTE_WINDOWS } from './constants.js'
import { ClusterElection, type ElectionConfig, type SelfStatus } from './election.js'
import { idKey } from './id-key.js'
import { MemberRegistry } from './member-registry.js'
import { ClusterNeighborTable } from './neighbor-table.js'
import { canBecomeHead, canStayHead, compareCandidates } from './rank.js'
import { idOf, seeded } from './testing.test-helpers.js'
import { World } from './world.test-helpers.js'

const ANDROID: SelfStatus = { os: 'android', hotspotSupport: true, charging: false, batteryLevel: 80, estBatteryLifeMin: 600 }
const IOS: SelfStatus = { os: 'ios', hotspotSupport: false, charging: false, batteryLevel: 80, estBatteryLifeMin: 600 }

function head(n: number, extra: Partial<Beacon> = {}): Beacon {
  return { id: idOf(n), os: 'android', role: 'head', hotspotSupport: true, charging: false, batteryLevel: 80, estBatteryLifeMin: 600, wake: false, neighborhoodRssiDbm: -60, ...extra }
}

/** One node under test with a hand-fed table. */
function rig(self: SelfStatus = IOS, registry?: MemberRegistry, config: Partial<ElectionConfig> = { hysteresisWindows: 3 }) {
  const table = new ClusterNeighborTable()
  const sent: { to: string | null; msg: ClusterControlMessage }[] = []
  const election = new ClusterElection({
    selfId: idOf(100),
    self,
    table,
    send: (to, msg) => sent.push({ to: to === null ? null : idKey(to), msg }),
    ...(registry === undefined ? {} : { registry }),
    ...config,
  })
  let now = 0
  /** Feed one 5 s window: each beacon heard every 500 ms at its RSSI, then close and step. */
  const window = (heard: [Beacon, number][]) => {
    for (let t = 0; t < 5_000; t += 500) for (const [b, r] of heard) table.observe(b, r, now + t)
    now += 5_000
    table.closeWindow(now)
    election.step(now)
  }
  return { table, sent, election, window, now: () => now }
}

describe('eligibility and ranking', () => {
  it('needs Android, hotspot and battery > 30 % to become head; ≥ 20 % to stay', () => {
    const c = { id: idOf(1), os: 'android' as const, hotspotSupport: true, batteryLevel: 31, estBatteryLifeMin: null, neighborhoodRssiDbm: -60 }
    expect(canBecomeHead(c)).toBe(true)
    expect(canBecomeHead({ ...c, batteryLevel: 30 })).toBe(false)
    expect(canBecomeHead({ ...c, os: 'ios' })).toBe(false)
    expect(canBecomeHead({ ...c, hotspotSupport: false })).toBe(false)
    expect(canStayHead({ ...c, batteryLevel: 20 })).toBe(true)
    expect(canStayHead({ ...c, batteryLevel: 19 })).toBe(false)
  })

  it('ranks by score bucket, then battery, then life, then lower ID', () => {
    const base = { id: idOf(1), os: 'android' as const, hotspotSupport: true, batteryLevel: 50, estBatteryLifeMin: 300, neighborhoodRssiDbm: -60 }
    expect(compareCandidates({ ...base, neighborhoodRssiDbm: -55 }, { ...base, batteryLevel: 99 })).toBeGreaterThan(0)
    // −60 and −59 share the [−60, −57] bucket: battery decides.
    expect(compareCandidates({ ...base, neighborhoodRssiDbm: -59 }, { ...base, batteryLevel: 51 })).toBeLessThan(0)
    expect(compareCandidates({ ...base, estBatteryLifeMin: 301 }, base)).toBeGreaterThan(0)
    expect(compareCandidates({ ...base, estBatteryLifeMin: null }, base)).toBeLessThan(0)
    expect(compareCandidates(base, { ...base, id: idOf(2) })).toBeGreaterThan(0)
    expect(compareCandidates({ ...base, neighborhoodRssiDbm: null }, { ...base, neighborhoodRssiDbm: -126 })).toBeLessThan(0)
  })

  it('property: the ranking is a total order (antisymmetric and transitive)', () => {
    const cand = fc.record({
      id: fc.uint8Array({ minLength: 8, maxLength: 8 }),
      os: fc.constant('android' as const),
      hotspotSupport: fc.constant(true),
      batteryLevel: fc.integer({ min: 31, max: 100 }),
      estBatteryLifeMin: fc.option(fc.integer({ min: 0, max: 2540 }), { nil: null }),
      neighborhoodRssiDbm: fc.option(fc.integer({ min: -126, max: 0 }), { nil: null }),
    })
    fc.assert(
      fc.property(cand, cand, cand, (a, b, c) => {
        expect(Math.sign(compareCandidates(a, b))).toBe(-Math.sign(compareCandidates(b, a)))
        if (compareCandidates(a, b) > 0 && compareCandidates(b, c) > 0) expect(compareCandidates(a, c)).toBeGreaterThan(0)
      }),
      { numRuns: 3000 },
    )
  })
})

describe('joining', () => {
  it('joins the strongest head and registers with it', () => {
    const r = rig()
    r.window([[head(1), -70], [head(2), -60]])
    expect(r.election.role).toBe('member')
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(2)))
    expect(r.sent).toEqual([{ to: idKey(idOf(2)), msg: { kind: 'register', beacon: expect.objectContaining({ role: 'member', os: 'ios' }) } }])
  })

  it('breaks RSSI ties by battery, then estimated life', () => {
    const a = rig()
    a.window([[head(1, { batteryLevel: 70 }), -65], [head(2, { batteryLevel: 80 }), -65]])
    expect(idKey(a.election.headId!)).toBe(idKey(idOf(2)))
    const b = rig()
    b.window([[head(1, { estBatteryLifeMin: 900 }), -65], [head(2, { estBatteryLifeMin: 300 }), -65]])
    expect(idKey(b.election.headId!)).toBe(idKey(idOf(1)))
  })

  it('ignores heads beyond the ~30 m join threshold', () => {
    const r = rig()
    r.window([[head(1), -85]])
    expect(r.election.role).toBe('none')
    expect(r.election.mode).toBe('flat')
  })

  it('re-registers every 30 s', () => {
    const r = rig()
    for (let w = 0; w < 13; w++) r.window([[head(1), -60]])
    expect(r.sent.filter((s) => s.msg.kind === 'register')).toHaveLength(3) // t = 5 s, 35 s, 65 s
  })
})

describe('hysteresis', () => {
  it('by default a challenge (and a fade) must last 12 heard windows, a minute', () => {
    const r = rig(IOS, undefined, {})
    expect(r.election.config.hysteresisWindows).toBe(12)
    r.window([[head(1), -75]])
    for (let w = 0; w < 11; w++) r.window([[head(1), -75], [head(2), -62]])
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(1)))
    r.window([[head(1), -75], [head(2), -62]])
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(2)))
  })

  it('a challenger must beat the head by ≥ 6 dB for 3 consecutive windows (hysteresisWindows 3)', () => {
    const r = rig()
    r.window([[head(1), -75]])
    for (let w = 0; w < 10; w++) r.window([[head(1), -75], [head(2), -70]]) // 5 dB better: never
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(1)))
    r.window([[head(1), -75], [head(2), -68]])
    r.window([[head(1), -75], [head(2), -68]]) // 2 windows, then it fades back
    r.window([[head(1), -75], [head(2), -71]])
    r.window([[head(1), -75], [head(2), -68]])
    r.window([[head(1), -75], [head(2), -68]])
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(1)))
    r.window([[head(1), -75], [head(2), -68]]) // third consecutive window
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(2)))
    expect(r.sent.some((s) => s.msg.kind === 'deregister' && s.to === idKey(idOf(1)))).toBe(true)
    expect(r.election.headChanges).toBe(2)
  })

  it('keeps a head heard at ≥ −70 dBm whatever challenger appears', () => {
    const r = rig()
    r.window([[head(1), -69]])
    for (let w = 0; w < 10; w++) r.window([[head(1), -69], [head(2), -40]])
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(1)))
    expect(r.election.headChanges).toBe(1)
  })

  it('leaves a head that fades below join − 6 dB for 3 windows', () => {
    const r = rig()
    r.window([[head(1), -70]])
    r.window([[head(1), -80]]) // EWMA still above −94
    for (let w = 0; w < 2; w++) r.window([[head(1), -99]])
    expect(r.election.role).toBe('member')
    for (let w = 0; w < 2; w++) r.window([[head(1), -99]])
    expect(r.election.role).toBe('none')
  })
})

describe('re-election', () => {
  it('a head that disappears is dropped after 3 missed (heard) windows', () => {
    const r = rig()
    // An iOS bystander keeps the scanner's windows heard.
    const other = { ...head(7), os: 'ios' as const, role: 'member' as const, hotspotSupport: false }
    r.window([[head(1), -60], [other, -70]])
    r.window([[other, -70]])
    r.window([[other, -70]])
    expect(r.election.role).toBe('member')
    r.window([[other, -70]])
    expect(r.election.role).toBe('none')
    expect(r.election.headId).toBeNull()
  })

  it('deaf windows (scanner off) do not count as missed; a stale head is still dropped', () => {
    const r = rig()
    r.window([[head(1), -60]])
    for (let i = 0; i < 3; i++) r.window([]) // 15 s of duty-cycled silence
    expect(r.election.role).toBe('member')
    expect(r.table.get(idOf(1))!.missedWindows).toBe(0)
    expect(r.table.deafWindows).toBe(3)
    // Past the table's stale age (default 20 s) the head is evicted and the member steps to none.
    r.window([])
    expect(r.election.role).toBe('none')
  })

  it('a member drops a head that advertises < 20 % and joins the next one', () => {
    const r = rig()
    r.window([[head(1), -60], [head(2), -75]])
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(1)))
    r.window([[head(1, { batteryLevel: 19 }), -60], [head(2), -75]])
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(2)))
  })

  it('a head resigns below 20 % but keeps its role in the 20–30 % band', () => {
    const r = rig({ ...ANDROID })
    r.window([])
    r.window([])
    expect(r.election.role).toBe('head')
    r.election.setSelf({ batteryLevel: 25 })
    r.window([])
    expect(r.election.role).toBe('head')
    r.election.setSelf({ batteryLevel: 19 })
    r.window([])
    expect(r.election.role).toBe('none')
    expect(r.sent.at(-1)).toEqual({ to: null, msg: { kind: 'resign', reason: 'lowBattery', successor: null } })
    r.election.setSelf({ batteryLevel: 25 })
    r.window([])
    r.window([])
    expect(r.election.role).toBe('none') // 25 % is not enough to be newly elected
  })

  it('a resign naming a successor moves members straight to it', () => {
    const r = rig()
    r.window([[head(1), -60], [head(2), -70]])
    r.election.onControl(idOf(1), { kind: 'resign', reason: 'merged', successor: idOf(2) }, r.now())
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(2)))
    r.window([[head(1, { role: 'none' }), -60], [head(2), -70]])
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(2)))
  })
})

describe('promotion and flat mode', () => {
  it('an eligible node claims only after ranking first for 2 windows', () => {
    const r = rig({ ...ANDROID })
    r.window([])
    expect(r.election.role).toBe('none')
    r.window([])
    expect(r.election.role).toBe('head')
    expect(r.election.mode).toBe('clustered')
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(100)))
  })

  it('does not claim while a live head is heard just outside the join range; claims once it is gone', () => {
    const r = rig({ ...ANDROID })
    const edge = head(1)
    for (let w = 0; w < 6; w++) r.window([[edge, -83]]) // below join (−80), above join − 6 dB
    expect(r.election.role).toBe('none')
    expect(r.sent).toHaveLength(0)
    for (let w = 0; w < 5; w++) r.window([[edge, -90]]) // beyond the edge: no longer a neighbour's head
    expect(r.election.role).toBe('head')
  })

  it('waits for an edge head at most PROMOTE_GUARD_WINDOWS windows, then claims (standing crowds cluster)', () => {
    const r = rig({ ...ANDROID })
    const edge = head(1)
    const windows = PROMOTE_GUARD_WINDOWS + PROMOTE_WINDOWS
    for (let w = 0; w < windows - 1; w++) r.window([[edge, -83]])
    expect(r.election.role).toBe('none')
    r.window([[edge, -83]])
    expect(r.election.role).toBe('head')
    // An edge head that noise pushes in and out of the band does not restart the wait.
    const flicker = rig({ ...ANDROID })
    let claimedAt = -1
    for (let w = 0; w < 40 && claimedAt < 0; w++) {
      flicker.window([[edge, w % 2 === 0 ? -83 : -90]])
      if (flicker.election.role === 'head') claimedAt = w
    }
    expect(claimedAt).toBeGreaterThanOrEqual(2 * PROMOTE_GUARD_WINDOWS)
    expect(claimedAt).toBeLessThanOrEqual(2 * PROMOTE_GUARD_WINDOWS + PROMOTE_WINDOWS)
    // The bound is configurable; 0 turns the guard off; a count that is no count is refused.
    const eager = rig({ ...ANDROID }, undefined, { hysteresisWindows: 3, promoteGuardWindows: 0 })
    for (let w = 0; w < PROMOTE_WINDOWS; w++) eager.window([[edge, -83]])
    expect(eager.election.role).toBe('head')
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(() => rig({ ...ANDROID }, undefined, { promoteGuardWindows: bad })).toThrow(/promoteGuardWindows must be an integer/)
    }
    expect(() => rig({ ...ANDROID }, undefined, { hysteresisWindows: -3 })).toThrow(RangeError)
  })

  it('defers to a better-ranked eligible candidate', () => {
    const r = rig({ ...ANDROID, batteryLevel: 40 })
    const better = { ...head(1), role: 'none' as const, batteryLevel: 90, neighborhoodRssiDbm: -20 }
    for (let w = 0; w < 5; w++) r.window([[better, -60]])
    expect(r.election.role).toBe('none')
  })

  it('an all-iOS room stays flat: no head, no messages, no changes', () => {
    const w = new World({
      positions: Array.from({ length: 8 }, (_, i) => ({ x: (i % 4) * 5, y: Math.floor(i / 4) * 5 })),
      status: () => ({ ...IOS }),
      seed: 1,
      noiseDb: 4,
    })
    for (let i = 0; i < 20; i++) w.window()
    for (const n of w.nodes) {
      expect(n.election.role).toBe('none')
      expect(n.election.mode).toBe('flat')
    }
    expect(w.headChanges()).toBe(0)
    expect(w.sent.size).toBe(0)
  })

  it('Android phones without hotspot support or ≤ 30 % battery keep a room flat too', () => {
    const w = new World({
      positions: Array.from({ length: 6 }, (_, i) => ({ x: i * 4, y: 0 })),
      status: (i) => ({ ...ANDROID, hotspotSupport: i % 2 === 0 ? false : true, batteryLevel: i % 2 === 0 ? 90 : 30 }),
      seed: 2,
      noiseDb: 4,
    })
    for (let i = 0; i < 10; i++) w.window()
    expect(w.nodes.every((n) => n.election.role === 'none')).toBe(true)
  })

  it('one mixed room converges on a single head that every other node joins', () => {
    const w = new World({
      positions: Array.from({ length: 12 }, (_, i) => ({ x: (i % 4) * 4, y: Math.floor(i / 4) * 4 })),
      status: (i) => (i % 3 === 0 ? { ...ANDROID, batteryLevel: 50 + i } : { ...IOS }),
      seed: 3,
      noiseDb: 0,
    })
    for (let i = 0; i < 6; i++) w.window()
    const heads = w.nodes.filter((n) => n.election.role === 'head')
    expect(heads).toHaveLength(1)
    const headKey = idKey(heads[0]!.id)
    for (const n of w.nodes) if (n !== heads[0]) expect(idKey(n.election.headId!)).toBe(headKey)
    expect(heads[0]!.election.registry.size).toBe(11)
    const rows = heads[0]!.election.headTableRows()
    expect(rows).toHaveLength(11)
    for (const row of rows) {
      const member = w.nodes.find((n) => idKey(n.id) === idKey(row.id))!
      expect(Math.abs(row.rssiDbm - w.meanRssi(member, heads[0]!))).toBeLessThanOrEqual(1)
    }
    expect(w.nodes.find((n) => n.election.role === 'member')!.election.headTableRows()).toEqual([])
  })
})

describe('registration and merging', () => {
  it('a head acknowledges registrations and refuses when full; refused members back off', () => {
    const h = rig({ ...ANDROID }, new MemberRegistry({ capacity: 1 }))
    h.window([])
    h.window([])
    expect(h.election.role).toBe('head')
    const m = (n: number): Beacon => ({ ...head(n), role: 'member', os: 'ios', hotspotSupport: false })
    h.election.onControl(idOf(1), { kind: 'register', beacon: m(1) }, h.now())
    h.election.onControl(idOf(2), { kind: 'register', beacon: m(2) }, h.now())
    h.election.onControl(idOf(3), { kind: 'register', beacon: m(2) }, h.now()) // beacon of someone else: ignored
    expect(h.sent.slice(-2)).toEqual([
      { to: idKey(idOf(1)), msg: { kind: 'registerAck', status: 'accepted', leaseSec: 90 } },
      { to: idKey(idOf(2)), msg: { kind: 'registerAck', status: 'full', leaseSec: 0 } },
    ])
    const r = rig()
    r.window([[head(1), -60], [head(2), -70]])
    r.election.onControl(idOf(1), { kind: 'registerAck', status: 'full', leaseSec: 0 }, r.now())
    expect(r.election.role).toBe('none')
    r.window([[head(1), -60], [head(2), -70]])
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(2)))
  })

  it('two heads in one neighbourhood merge after 3 windows: the lower-ranked resigns', () => {
    const r = rig({ ...ANDROID, batteryLevel: 60 })
    r.window([])
    r.window([])
    expect(r.election.role).toBe('head')
    const rival = head(1, { neighborhoodRssiDbm: -30 })
    r.window([[rival, -60]])
    r.window([[rival, -60]])
    expect(r.election.role).toBe('head')
    r.window([[rival, -60]])
    expect(r.election.role).toBe('member')
    expect(idKey(r.election.headId!)).toBe(idKey(idOf(1)))
    expect(r.sent.some((s) => s.msg.kind === 'resign' && s.msg.reason === 'merged')).toBe(true)
  })
})

describe('stability under RSSI noise (seeded)', () => {
  /** A static crowd: 40 nodes in 60 × 60 m, half Android (most with hotspot), 1 hour of windows. */
  function crowd(seed: number, noiseDb: number, config = {}) {
    const rand = seeded(seed)
    return new World({
      positions: Array.from({ length: 40 }, () => ({ x: rand() * 60, y: rand() * 60 })),
      status: (i) => ({
        os: i % 2 === 0 ? 'android' : 'ios',
        hotspotSupport: i % 2 === 0 && i % 10 !== 0,
        charging: false,
        batteryLevel: 35 + Math.floor(rand() * 65),
        estBatteryLifeMin: 60 * (2 + Math.floor(rand() * 10)),
      }),
      seed,
      noiseDb,
      config,
    })
  }
  // Two minutes to converge: an eligible node may wait 30 s for a head at its edge
  // (PROMOTE_GUARD_WINDOWS) and a member needs 60 s of margin to switch to a better head.
  const WARMUP = 24
  // Each seed simulates an hour of windows; BITMESH_SLOW=1 runs more seeds.
  const SEEDS = process.env.BITMESH_SLOW === '1' ? 6 : 1
  const HOUR = 720

  it('property: < 0.5 head changes per node-hour after convergence with σ = 4 dB noise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const w = crowd(seed, 4)
        for (let i = 0; i < WARMUP; i++) w.window()
        // Converged within two minutes: more than 30 of the 40 nodes are clustered (a few at the
        // crowd's rim hear no eligible neighbourhood).
        expect(w.nodes.filter((n) => n.election.mode === 'clustered').length).toBeGreaterThan(30)
        const before = w.headChanges()
        for (let i = 0; i < HOUR; i++) w.window()
        const perNodeHour = (w.headChanges() - before) / w.nodes.length
        expect(perNodeHour).toBeLessThan(0.5)
        // And stayed so.
        expect(w.nodes.filter((n) => n.election.mode === 'clustered').length).toBeGreaterThan(30)
      }),
      // Crowds that once failed (unbounded promotion guard; a guard restarted by noise) run first,
      // then SEEDS random ones (examples count towards numRuns).
      { numRuns: SEEDS + 2, examples: [[540821815], [857251]] },
    )
  })

  it('property: a random-waypoint walking crowd (1.4 m/s, 30 s pauses) changes leadership < 2 times per node-hour', () => {
    // festival-1k density (≈ 0.011 nodes/m²): 60 nodes on 74 m × 74 m. Affiliation changes are
    // counted too but not bounded: members walking past heads must re-affiliate (geometry).
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const rand = seeded(seed)
        const w = new World({
          positions: Array.from({ length: 60 }, () => ({ x: rand() * 74, y: rand() * 74 })),
          status: (i) => ({ os: i % 2 === 0 ? 'android' : 'ios', hotspotSupport: i % 2 === 0 && i % 10 !== 0, charging: false, batteryLevel: 35 + Math.floor(rand() * 65), estBatteryLifeMin: 600 }),
          seed,
          noiseDb: 4,
          areaM: 74,
          waypoint: { speedMps: 1.4, pauseS: 30 },
        })
        for (let i = 0; i < WARMUP; i++) w.window()
        const before = w.roleChanges()
        for (let i = 0; i < HOUR; i++) w.window()
        expect((w.roleChanges() - before) / w.nodes.length).toBeLessThan(2)
        expect(w.nodes.filter((n) => n.election.mode === 'clustered').length).toBeGreaterThan(50)
      }),
      { numRuns: SEEDS },
    )
  })

  it('without hysteresis the same crowd flaps more (the margin is what keeps heads stable)', () => {
    const stable = crowd(42, 6)
    const twitchy = crowd(42, 6, { hysteresisDb: 0, hysteresisWindows: 1, rssiTieDb: 1, stickyRssiDbm: 0 })
    for (let i = 0; i < 240; i++) {
      stable.window()
      twitchy.window()
    }
    expect(twitchy.headChanges()).toBeGreaterThan(stable.headChanges() * 2)
  })
})
