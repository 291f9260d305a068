/**
 * The tap sees exactly what the simulator counts: running the real mesh stack through
 * `tapStack`, the recorder's totals equal the simulator's final metrics, and tapping changes
 * nothing the nodes do (same metrics as an untapped run of the same seed).
 */
import { defaultCryptoProvider } from '@bitmesh/crypto'
import { builtinScenario, meshStack, simulate, type Scenario, type SimulationMetrics } from '@bitmesh/simulator'
import { describe, expect, it } from 'vitest'
import { LiveRecorder } from '../src/worker/live-recorder.js'
import { scenarioFromControls } from '../src/worker/scenario-from-controls.js'
import { tapStack } from '../src/worker/tap-stack.js'
import type { LiveCounters, RunControls, Snapshot } from '../src/shared/protocol.js'

/** Metrics without the wall-clock and memory figures (not deterministic). */
function stable(m: SimulationMetrics): Omit<SimulationMetrics, 'wallS' | 'peakRssMb'> {
  const { wallS: _w, peakRssMb: _p, ...rest } = m
  return rest
}

interface TappedRun {
  metrics: SimulationMetrics
  recorder: LiveRecorder
  snapshots: Snapshot[]
  /** Counters at the last progress call: where the simulator takes its totals, before stopping the nodes. */
  atEnd: LiveCounters
  binsAtEnd: Uint32Array
}

async function tappedRun(scenario: Scenario): Promise<TappedRun> {
  const recorder = new LiveRecorder(scenario.nodes.count, scenario.hostile?.count ?? 0)
  const snapshots: Snapshot[] = []
  let atEnd: LiveCounters | null = null
  let binsAtEnd = new Uint32Array(0)
  const { metrics } = await simulate(scenario, {
    stack: tapStack(meshStack(), recorder),
    crypto: defaultCryptoProvider,
    onProgress: (p) => {
      if (p.elapsedS % 5 === 0) snapshots.push(recorder.snapshot().snapshot)
      if (p.elapsedS === p.durationS) {
        atEnd = recorder.counters()
        binsAtEnd = recorder.latencyBins().slice()
      }
    },
  })
  return { metrics, recorder, snapshots, atEnd: atEnd!, binsAtEnd }
}

function expectTotalsMatch(run: TappedRun): void {
  const c = run.atEnd
  const m = run.metrics
  expect(c.publicSent).toBe(m.public.sent)
  expect(c.publicExpected).toBe(m.public.expectedDeliveries)
  expect(c.publicDelivered).toBe(m.public.delivered)
  expect(c.privateSent).toBe(m.private.sent)
  expect(c.privateDelivered).toBe(m.private.delivered)
  expect(c.airFrames).toBe(m.transmissions.frames)
  let binned = 0
  for (const v of run.binsAtEnd) binned += v
  expect(binned).toBe(m.public.delivered)
}

const controls = (over: Partial<RunControls>): RunControls => ({
  builtin: 'room-25',
  policy: 'default',
  nodes: null,
  lossRate: null,
  mobility: 'scenario',
  seed: null,
  durationS: null,
  speed: 0,
  ...over,
})

describe('tapStack + LiveRecorder on the real mesh stack', () => {
  it('two-nodes: the live totals are the simulator metrics (ratio 1)', async () => {
    const scenario = builtinScenario('two-nodes')!
    const run = await tappedRun(scenario)
    const { metrics, snapshots } = run
    expect(metrics.public.deliveryRatio).toBe(1)
    expect(metrics.public.sent).toBeGreaterThan(10)
    expectTotalsMatch(run)
    // Snapshots: 2 nodes, a link between them once booted, receipts as (id, node, t) triples.
    const mid = snapshots.find((s) => s.tMs === 30_000)!
    expect(mid.positions).toHaveLength(4)
    expect(Array.from(mid.positions)).toEqual([1, 1, 3, 1])
    expect(mid.counters.openLinks).toBe(1)
    const receipts = snapshots.flatMap((s) => Array.from(s.receipts))
    expect(receipts.length % 3).toBe(0)
    expect(receipts.length / 3).toBe(metrics.public.delivered)
    const sends = snapshots.flatMap((s) => Array.from(s.sends))
    expect(sends.length / 3).toBe(metrics.public.sent)
    for (let k = 0; k < receipts.length; k += 3) {
      const id = receipts[k]!
      const sentAt = sends.findIndex((_, j) => j % 3 === 0 && sends[j] === id)
      // Received by the node that did not send it, after it was sent.
      expect(receipts[k + 1]).toBe(1 - sends[sentAt + 1]!)
      expect(receipts[k + 2]!).toBeGreaterThan(sends[sentAt + 2]!)
    }
  })

  it('a walking, lossy crowd of 10 with the flood policy: totals match and tapping changes nothing', async () => {
    const scenario = scenarioFromControls(controls({ nodes: 10, lossRate: 0.1, mobility: 'walking', policy: 'flood', durationS: 40 }))
    const tapped = await tappedRun(scenario)
    expectTotalsMatch(tapped)
    expect(tapped.metrics.public.sent).toBeGreaterThan(0)
    expect(tapped.metrics.policy).toBe('flood')
    const plain = await simulate(scenario, { stack: meshStack(), crypto: defaultCryptoProvider })
    expect(stable(tapped.metrics)).toEqual(stable(plain.metrics))
    // Walking: positions change between snapshots; link pairs are valid and ordered.
    const [a, b] = [tapped.snapshots[1]!, tapped.snapshots[5]!]
    expect(Array.from(a.positions)).not.toEqual(Array.from(b.positions))
    for (const s of tapped.snapshots) {
      const l = s.links
      if (l === null) continue
      for (let k = 0; k < l.length; k += 2) {
        expect(l[k]!).toBeLessThan(l[k + 1]!)
        expect(l[k + 1]!).toBeLessThan(10)
      }
    }
  })

  it('a hostile device is drawn (positions and links) but never counted', async () => {
    const scenario = scenarioFromControls(controls({ builtin: 'room-25-hostile', nodes: 9, durationS: 30 }))
    const run = await tappedRun(scenario)
    const { recorder, snapshots } = run
    expect(recorder.total).toBe(10)
    expectTotalsMatch(run)
    const last = snapshots.at(-1)!
    expect(last.positions).toHaveLength(20)
    const links = snapshots.map((s) => s.links).filter((l): l is Uint32Array => l !== null)
    expect(links.some((l) => Array.from(l).includes(9))).toBe(true)
  })
})

describe('LiveRecorder', () => {
  it('rejects a bad crowd size and a snapshot before attach', () => {
    expect(() => new LiveRecorder(0)).toThrow(RangeError)
    expect(() => new LiveRecorder(3, -1)).toThrow(RangeError)
    expect(() => new LiveRecorder(3).snapshot()).toThrow(/before attach/)
  })

  it('ignores texts without the simulator tag and duplicate receipts', () => {
    let now = 1_000
    const r = new LiveRecorder(3)
    const addresses = ['a', 'b', 'c']
    r.attach({ world: { x: new Float64Array(3), y: new Float64Array(3), indexOf: (s) => addresses.indexOf(s) }, clock: { now: () => now, setTimeout: () => 0, clearTimeout: () => {} } as never })
    r.linkOpen(0, 'l1', 'b')
    r.linkOpen(1, 'l2', 'c')
    r.publicSent(0, 'hello')
    r.publicSent(0, 'sim:p:0|....')
    now += 40
    r.publicReceived(1, 'sim:p:0|....')
    r.publicReceived(1, 'sim:p:0|....')
    r.publicReceived(2, 'other text')
    expect(r.counters()).toMatchObject({ publicSent: 1, publicExpected: 2, publicDelivered: 1, openLinks: 2 })
    const { snapshot, transfer } = r.snapshot()
    expect(Array.from(snapshot.sends)).toEqual([0, 0, 0])
    expect(Array.from(snapshot.receipts)).toEqual([0, 1, 40])
    expect(Array.from(snapshot.links!)).toEqual([0, 1, 1, 2])
    expect(transfer).toContain(snapshot.positions.buffer)
    // Buffers reset; unchanged links are not resent.
    r.linkClose(0, 'l1')
    r.linkClose(0, 'unknown')
    const next = r.snapshot().snapshot
    expect(next.receipts).toHaveLength(0)
    expect(Array.from(next.links!)).toEqual([1, 2])
    expect(r.snapshot().snapshot.links).toBeNull()
  })
})
