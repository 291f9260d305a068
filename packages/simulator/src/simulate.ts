/**
 * The simulation run: build the world and the nodes, drive traffic in virtual time, count what
 * arrives, and summarise. One scenario + seed ⇒ one result (apart from `wallS` and `peakRssMb`).
 * @module
 */
import type { CryptoProvider } from '@bitmesh/interface'
import { BatteryModel, BATTERY_CAPACITY_MAH } from './battery.js'
import { ClusterTracker, type ClusterMetrics } from './clusters.js'
import { LinkGraph } from './link-graph.js'
import type { HostileNode } from './hostile-node.js'
import type { NodeStack, SimNode } from './node-stack.js'
import { crowdOf } from './partition.js'
import { SeededRng } from './rng.js'
import type { Scenario } from './scenario.js'
import { latencyPercentiles, ratio, type Percentiles } from './stats.js'
import { VerifyCache, withVerifyCache } from './verify-cache.js'
import { VirtualClock, flushMicrotasks } from './virtual-clock.js'
import { World } from './world.js'

/** Period of the mobility step, virtual ms. */
export const MOBILITY_STEP_MS = 1_000
/** Virtual time allowed for nodes to finish `stop()` after the run, ms. */
export const STOP_GRACE_MS = 5_000
/** Crowds up to this size sample memory indicators every virtual second; larger ones every 10 s. */
export const MEMORY_SAMPLE_EVERY_SECOND_MAX_NODES = 1_000

/** Peak of a per-node indicator over the run: its largest value and the mean of the per-node peaks. */
export interface PeakIndicator {
  max: number
  meanOfPeaks: number
}

/** Width of a timeline bucket, virtual ms. */
export const TIMELINE_BUCKET_MS = 1_000
/** Spacing of the `deliveryOverTime` samples, virtual s. */
export const DELIVERY_OVER_TIME_STEP_S = 10

/** One point of `deliveryOverTime`: running totals at virtual time `t`. */
export interface DeliveryPoint {
  /** Virtual s since the start. */
  t: number
  publicSent: number
  publicDelivered: number
  privateSent: number
  privateDelivered: number
}

/** Delivery figures of one message class. */
export interface DeliveryMetrics {
  /** Messages sent. */
  sent: number
  /** (message, receiver) pairs that should arrive. */
  expectedDeliveries: number
  /** Expected pairs that did arrive. */
  delivered: number
  /** `delivered / expectedDeliveries`. */
  deliveryRatio: number | null
  /** Latency of delivered pairs. */
  latencyMs: Percentiles
}

/** The `--json` result. */
export interface SimulationMetrics {
  scenario: string
  seed: number
  nodes: number
  durationS: number
  stack: string
  /** The scenario's relay policy (`policy.relay`). */
  policy: string
  /** Whether the nodes ran with store-and-forward (`scenario.storeForward`). */
  storeForward: boolean
  public: DeliveryMetrics
  private: DeliveryMetrics & {
    /** Private sends skipped because the sender knew no reachable peer. */
    skipped: number
  }
  transmissions: {
    /** Frames on the air (one per receiver). */
    frames: number
    bytes: number
    /** frames / (public + private deliveries). */
    perDeliveredMessage: number | null
  }
  /**
   * Running totals every {@link DELIVERY_OVER_TIME_STEP_S} virtual seconds (and at the end of the
   * run): how delivery builds up over time — compare runs with and without store-and-forward.
   */
  deliveryOverTime: DeliveryPoint[]
  /** Present for partitioned scenarios. */
  partition?: {
    crowds: number
    couriers: number
    /** Private messages between members of different crowds. */
    crossSent: number
    crossDelivered: number
    crossRatio: number | null
  }
  /** Drops reported by the nodes, by reason. */
  drops: Record<string, number>
  links: {
    opened: number
    /** Mean number of open links per node at the end. */
    meanDegreeAtEnd: number
    /** Nodes without any link at the end. */
    isolatedAtEnd: number
  }
  battery: {
    capacityMah: number
    meanUsedMah: number
    maxUsedMah: number
  }
  verifyCache: { hits: number; misses: number }
  /**
   * Per-node memory indicators of honest nodes, sampled each virtual second (every 10 s above
   * {@link MEMORY_SAMPLE_EVERY_SECOND_MAX_NODES} nodes): entries of the peer table (`peers()`) and
   * pending timers (`stats.timers`, when the node has it), and every bounded structure the node
   * reports in `stats.sizes` (the mesh's `MeshSizes`: dedup, sync store, reassembly, relays, …),
   * keyed as there; `sizes` is empty for stacks without it.
   */
  memory: { peers: PeakIndicator; timers: PeakIndicator; sizes: Record<string, PeakIndicator> }
  /** Present when the scenario has hostile devices. */
  hostile?: {
    nodes: number
    /** Frames the hostile nodes handed to links, by behaviour. */
    sent: Record<string, number>
    /** Of `transmissions.frames`, those sent by hostile nodes. */
    framesOnAir: number
  }
  /** Numeric counters of the nodes' `stats` (e.g. mesh's announcesSent, relayed), summed at the end of traffic. */
  nodeStats: Record<string, number>
  /** Cluster mode (issue #6): roles, head changes, share with a head, drain per role vs bitchat. */
  clusters: ClusterMetrics
  /** Virtual timers fired (a cost measure). */
  timersFired: number
  wallS: number
  peakRssMb: number
}

/** One timeline bucket. */
export interface TimelineBucket {
  /** Bucket start, virtual s. */
  t: number
  publicSent: number
  publicDelivered: number
  privateSent: number
  privateDelivered: number
  frames: number
}

/** Extra data for the HTML report. */
export interface SimulationReportData {
  scenario: Scenario
  /** Final positions, metres. */
  x: number[]
  y: number[]
  /** Open links at the end, as node index pairs (i < j). */
  edges: Array<[number, number]>
  timeline: TimelineBucket[]
  /** Public latencies, ms (at most {@link MAX_REPORT_SAMPLES}). */
  publicLatencies: number[]
  /** Private latencies, ms (at most {@link MAX_REPORT_SAMPLES}). */
  privateLatencies: number[]
}

/** Latency samples kept for the report per class. */
export const MAX_REPORT_SAMPLES = 50_000

/** Progress callback detail. */
export interface SimulationProgress {
  /** Virtual seconds done. */
  elapsedS: number
  durationS: number
  publicSent: number
  publicDelivered: number
  frames: number
}

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** The software under test. */
  stack: NodeStack<any>
  /** Crypto for every node (wrapped with a shared verification cache). */
  crypto: CryptoProvider
  /** Called about once per virtual second. */
  onProgress?: (progress: SimulationProgress) => void
}

/** Result of {@link simulate}. */
export interface SimulationResult {
  metrics: SimulationMetrics
  report: SimulationReportData
}

interface PublicRecord {
  sentMs: number
  expected: Uint8Array
  delivered: Uint8Array
}

interface PrivateRecord {
  sentMs: number
  to: number
  delivered: boolean
  /** Sender and recipient are in different crowds of a partition. */
  cross: boolean
}

/** Tag prefix of simulator messages: `sim:p:<n>|` or `sim:q:<n>|`, then padding. */
const TAG_RE = /^sim:([pq]):(\d+)\|/

function makeText(kind: 'p' | 'q', id: number, payloadBytes: number): string {
  const tag = `sim:${kind}:${id}|`
  return tag.length >= payloadBytes ? tag : tag + '.'.repeat(payloadBytes - tag.length)
}

function peakIndicator(peaks: ArrayLike<number>): PeakIndicator {
  let max = 0
  let sum = 0
  for (let i = 0; i < peaks.length; i++) {
    const p = peaks[i]!
    sum += p
    if (p > max) max = p
  }
  return { max, meanOfPeaks: peaks.length === 0 ? 0 : Math.round((sum / peaks.length) * 100) / 100 }
}

function peakRssMb(): number {
  // Outside Node (a browser worker) there is no process to measure: report 0.
  if (typeof process === 'undefined' || typeof process.resourceUsage !== 'function') return 0
  // maxRSS is the kernel's high-water mark in KiB; rss() the current size in bytes.
  const max = process.resourceUsage().maxRSS * 1024
  return Math.round(Math.max(max, process.memoryUsage.rss()) / 1e5) / 10
}

/**
 * Run one scenario to completion.
 * @param scenario - A validated scenario.
 * @param options - Stack, crypto, progress.
 * @returns Metrics and report data.
 */
export async function simulate(scenario: Scenario, options: SimulateOptions): Promise<SimulationResult> {
  const wallStart = performance.now()
  const n = scenario.nodes.count
  const h = scenario.hostile?.count ?? 0
  const total = n + h
  if (h > 0 && options.stack.createHostileNode === undefined) {
    throw new RangeError(`stack ${options.stack.name} cannot build hostile nodes`)
  }
  const durationMs = Math.round(scenario.durationS * 1000)
  const ble = scenario.radio.ble
  const root = new SeededRng(scenario.seed)
  const clock = new VirtualClock()
  const world = new World(
    {
      count: total,
      extraCount: h,
      widthM: scenario.area.widthM,
      heightM: scenario.area.heightM,
      placement: scenario.nodes.placement,
      mobility: scenario.nodes.mobility,
      rangeM: ble.rangeM,
      lossRate: ble.lossRate,
      pathLoss: ble.pathLoss,
      seed: scenario.seed,
      rng: root.fork('world'),
      ...(scenario.partition !== undefined ? { partition: scenario.partition } : {}),
    },
    (i) => `sim-${i.toString(16).padStart(4, '0')}`,
  )
  const battery = new BatteryModel(total)
  const clusterTracker = new ClusterTracker(n, scenario.clusters, durationMs)
  const graph = new LinkGraph(n)
  const cache = new VerifyCache()

  const timeline: TimelineBucket[] = []
  const bucket = (): TimelineBucket => {
    const k = Math.floor(clock.elapsedMs / TIMELINE_BUCKET_MS)
    while (timeline.length <= k) timeline.push({ t: timeline.length, publicSent: 0, publicDelivered: 0, privateSent: 0, privateDelivered: 0, frames: 0 })
    return timeline[k]!
  }

  let frames = 0
  let bytes = 0
  let hostileFrames = 0
  const medium = options.stack.createMedium({
    clock,
    rng: root.fork('medium'),
    world,
    scenario,
    onTransmit(from, to, size) {
      frames++
      bytes += size
      bucket().frames++
      const a = world.indexOf(from)
      const b = world.indexOf(to)
      if (a !== undefined && b !== undefined) battery.frame(a, b, size)
      clusterTracker.frame(a !== undefined && a < n ? a : -1, b !== undefined && b < n ? b : -1, size)
      if (a !== undefined && a >= n) hostileFrames++
    },
  })

  const drops: Record<string, number> = {}
  const publics: PublicRecord[] = []
  const privates: PrivateRecord[] = []
  const publicLatencies: number[] = []
  const privateLatencies: number[] = []
  let publicExpected = 0
  let publicDelivered = 0
  let privateDelivered = 0
  let privateSkipped = 0
  let crossDelivered = 0
  let linksOpened = 0
  const partition = scenario.partition
  /** Crowd of each honest node (−1: courier, or no partition). */
  const crowd = new Int32Array(n).fill(-1)
  if (partition !== undefined) for (let i = 0; i < n; i++) crowd[i] = crowdOf(partition, i)

  const nodes: SimNode[] = []
  const peerIndex = new Map<string, number>()
  const nodeRoot = root.fork('nodes')
  for (let i = 0; i < n; i++) {
    const rng = nodeRoot.fork(`node:${i}`)
    const node = options.stack.createNode(medium, {
      index: i,
      address: world.addresses[i]!,
      nickname: `sim${i}`,
      clock,
      rng,
      crypto: withVerifyCache(options.crypto, cache, rng.fork('crypto')),
      scenario,
    })
    const linkPeers = new Map<string, number>()
    node.on('link:open', ({ linkId, remoteAddress }) => {
      const j = world.indexOf(remoteAddress)
      if (j === undefined) return
      linkPeers.set(linkId, j)
      linksOpened++
      // Hostile devices never relay, so they are not part of the honest link graph.
      if (j < n) graph.add(i, j)
      battery.linkChange(i, 1, clock.elapsedMs)
    })
    node.on('link:close', ({ linkId }) => {
      const j = linkPeers.get(linkId)
      if (j === undefined) return
      linkPeers.delete(linkId)
      if (j < n) graph.remove(i, j)
      battery.linkChange(i, -1, clock.elapsedMs)
    })
    node.on('drop', ({ reason }) => {
      drops[reason] = (drops[reason] ?? 0) + 1
    })
    node.on('message', ({ text }) => {
      const m = TAG_RE.exec(text)
      if (m === null || m[1] !== 'p') return
      const rec = publics[Number(m[2])]
      if (rec === undefined || rec.expected[i] !== 1 || rec.delivered[i] === 1) return
      rec.delivered[i] = 1
      publicDelivered++
      bucket().publicDelivered++
      publicLatencies.push(clock.elapsedMs - rec.sentMs)
    })
    node.on('private-message', ({ text }) => {
      const m = TAG_RE.exec(text)
      if (m === null || m[1] !== 'q') return
      const rec = privates[Number(m[2])]
      if (rec === undefined || rec.to !== i || rec.delivered) return
      rec.delivered = true
      privateDelivered++
      if (rec.cross) crossDelivered++
      bucket().privateDelivered++
      privateLatencies.push(clock.elapsedMs - rec.sentMs)
    })
    nodes.push(node)
  }

  const hostiles: HostileNode[] = []
  for (let k = 0; k < h; k++) {
    const i = n + k
    const rng = nodeRoot.fork(`hostile:${k}`)
    hostiles.push(
      options.stack.createHostileNode!(medium, {
        index: i,
        address: world.addresses[i]!,
        nickname: `hostile${k}`,
        clock,
        rng,
        crypto: withVerifyCache(options.crypto, cache, rng.fork('crypto')),
        scenario,
      }),
    )
  }

  // Boot: every node switches on at a seeded instant in [0, bootSpreadS); identities are
  // generated from each node's own stream.
  const started = new Uint8Array(n)
  const boot = root.fork('boot')
  const bootSpreadMs = scenario.nodes.bootSpreadS * 1000
  const booting: Array<Promise<void>> = []
  for (let i = 0; i < n; i++) {
    const at = bootSpreadMs > 0 ? boot.uniform(0, bootSpreadMs) : 0
    booting.push(
      new Promise<void>((resolve, reject) => {
        clock.setTimeout(() => {
          nodes[i]!.start().then(() => {
            peerIndex.set(nodes[i]!.peerId, i)
            started[i] = 1
            resolve()
          }, reject)
        }, at)
      }),
    )
  }
  let bootError: unknown = null
  // Hostile devices are on from the start (their abuse begins at `hostile.startS`).
  for (const hostile of hostiles) {
    clock.setTimeout(() => {
      hostile.start().catch((err: unknown) => {
        bootError ??= err
      })
    }, 0)
  }
  Promise.all(booting).catch((err: unknown) => {
    bootError ??= err
  })
  /** A uniformly chosen started node, or −1 when none is up (bounded tries keep it O(1)). */
  const pickStarted = (rng: SeededRng): number => {
    for (let k = 0; k < 32; k++) {
      const i = rng.int(n)
      if (started[i] === 1) return i
    }
    return -1
  }

  // Mobility.
  if (scenario.nodes.mobility.model !== 'static' || partition !== undefined) {
    const tick = (): void => {
      world.step(clock.elapsedMs, MOBILITY_STEP_MS)
      clock.setTimeout(tick, MOBILITY_STEP_MS)
    }
    clock.setTimeout(tick, MOBILITY_STEP_MS)
  }

  // Traffic: two Poisson processes between startS and durationS − quietS.
  const traffic = root.fork('traffic')
  const startMs = Math.min(scenario.traffic.startS * 1000, durationMs)
  const stopMs = Math.max(startMs, durationMs - scenario.traffic.quietS * 1000)
  const payload = scenario.traffic.payloadBytes
  const schedulePoisson = (ratePerS: number, fire: () => void): void => {
    if (ratePerS <= 0) return
    const rate = ratePerS / 1000
    let at = startMs + traffic.exponential(rate)
    const loop = (): void => {
      fire()
      at += traffic.exponential(rate)
      if (at < stopMs) clock.setTimeout(loop, at - clock.elapsedMs)
    }
    if (at < stopMs) clock.setTimeout(loop, at)
  }
  schedulePoisson(scenario.traffic.publicMessagesPerSecond, () => {
    const from = pickStarted(traffic)
    if (from < 0) return
    const id = publics.length
    const expected = graph.componentMask(from)
    let count = 0
    for (let j = 0; j < n; j++) count += expected[j]!
    publics.push({ sentMs: clock.elapsedMs, expected, delivered: new Uint8Array(n) })
    publicExpected += count
    bucket().publicSent++
    nodes[from]!.sendPublic(makeText('p', id, payload)).catch(() => {
      drops['sim-send-failed'] = (drops['sim-send-failed'] ?? 0) + 1
    })
  })
  const otherCrowd = scenario.traffic.privateRecipients === 'other-crowd'
  schedulePoisson(scenario.traffic.privateMessagesPerSecond, () => {
    const from = pickStarted(traffic)
    if (from < 0 || (otherCrowd && crowd[from]! < 0)) {
      privateSkipped++
      return
    }
    if (otherCrowd) {
      // Any started member of another crowd, whether the sender can reach it now or not.
      const candidates: number[] = []
      for (let j = 0; j < n; j++) if (started[j] === 1 && crowd[j]! >= 0 && crowd[j] !== crowd[from]) candidates.push(j)
      if (candidates.length === 0) {
        privateSkipped++
        return
      }
      sendPrivate(from, candidates[traffic.int(candidates.length)]!)
      return
    }
    const reachable = graph.componentMask(from)
    const candidates: number[] = []
    for (const p of nodes[from]!.peers()) {
      const j = peerIndex.get(p.peerId)
      if (j !== undefined && reachable[j] === 1) candidates.push(j)
    }
    if (candidates.length === 0) {
      privateSkipped++
      return
    }
    candidates.sort((a, b) => a - b)
    sendPrivate(from, candidates[traffic.int(candidates.length)]!)
  })
  function sendPrivate(from: number, to: number): void {
    const id = privates.length
    const cross = crowd[from]! >= 0 && crowd[to]! >= 0 && crowd[from] !== crowd[to]
    privates.push({ sentMs: clock.elapsedMs, to, delivered: false, cross })
    bucket().privateSent++
    nodes[from]!.sendPrivate(nodes[to]!.peerId, makeText('q', id, payload)).catch(() => {
      drops['sim-send-failed'] = (drops['sim-send-failed'] ?? 0) + 1
    })
  }

  // Memory indicators: per-node peaks.
  const peakPeers = new Uint32Array(n)
  const peakTimers = new Uint32Array(n)
  const peakSizes = new Map<string, Float64Array>()
  const sampleMemory = (): void => {
    for (let i = 0; i < n; i++) {
      if (started[i] !== 1) continue
      const node = nodes[i]!
      const stats = node.stats as { timers?: unknown; sizes?: { peers?: unknown } } | undefined
      // The stack's own gauge when it has one: building `peers()` for every node every second
      // cost a sixth of a 300-node run.
      const gauge = stats?.sizes?.peers
      const peers = typeof gauge === 'number' ? gauge : node.peers().length
      if (peers > peakPeers[i]!) peakPeers[i] = peers
      const timers = stats?.timers
      if (typeof timers === 'number' && timers > peakTimers[i]!) peakTimers[i] = timers
      const sizes = stats?.sizes
      if (sizes === null || typeof sizes !== 'object') continue
      for (const [key, value] of Object.entries(sizes)) {
        if (typeof value !== 'number') continue
        let peaks = peakSizes.get(key)
        if (peaks === undefined) {
          // Float64: byte gauges may outgrow 32 bits in a badly behaved stack.
          peaks = new Float64Array(n)
          peakSizes.set(key, peaks)
        }
        if (value > peaks[i]!) peaks[i] = value
      }
    }
  }
  const memoryEveryMs = n <= MEMORY_SAMPLE_EVERY_SECOND_MAX_NODES ? 1_000 : 10_000

  const deliveryOverTime: DeliveryPoint[] = []
  const sampleDelivery = (t: number): void => {
    deliveryOverTime.push({ t: t / 1000, publicSent: publics.length, publicDelivered, privateSent: privates.length, privateDelivered })
  }

  // Run, one virtual second at a time.
  let peakMb = peakRssMb()
  for (let t = 0; t < durationMs; ) {
    t = Math.min(durationMs, t + 1000)
    await clock.runUntil(t)
    if (bootError !== null) throw bootError
    if (t % memoryEveryMs === 0 || t === durationMs) sampleMemory()
    clusterTracker.sample(nodes, started, (i) => graph.degree(i), t, 1000)
    if (t % (DELIVERY_OVER_TIME_STEP_S * 1000) === 0 || t === durationMs) sampleDelivery(t)
    if (t % 10_000 === 0 || t === durationMs) peakMb = Math.max(peakMb, peakRssMb())
    options.onProgress?.({ elapsedS: t / 1000, durationS: scenario.durationS, publicSent: publics.length, publicDelivered, frames })
  }

  // Snapshot the end state before nodes leave.
  const endMs = clock.elapsedMs
  const used = battery.usedMah(endMs)
  const edges = graph.edges()
  let degreeSum = 0
  let isolated = 0
  for (let i = 0; i < n; i++) {
    const d = graph.degree(i)
    degreeSum += d
    if (d === 0) isolated++
  }
  const metrics = {
    public: { sent: publics.length, expectedDeliveries: publicExpected, delivered: publicDelivered },
    private: { sent: privates.length, delivered: privateDelivered },
    frames,
    bytes,
  }
  const dropsAtEnd = { ...drops }
  const clusterMetrics = clusterTracker.metrics(nodes)
  const nodeStats: Record<string, number> = {}
  for (const node of nodes) {
    const stats = node.stats as Record<string, unknown> | undefined
    if (stats === undefined || stats === null) continue
    for (const [k, v] of Object.entries(stats)) {
      if (typeof v === 'number' && k !== 'timers') nodeStats[k] = (nodeStats[k] ?? 0) + v
    }
  }

  // Stop every node, giving virtual time for leaves and flushes.
  // Nodes that do not finish within the grace period are abandoned (their timers die with the clock).
  let stopped = false
  const hostileSent: Record<string, number> = {}
  for (const hostile of hostiles) {
    for (const [k, v] of Object.entries(hostile.stats.sent)) hostileSent[k] = (hostileSent[k] ?? 0) + v
  }
  const stopping: Array<Promise<unknown>> = [...nodes, ...hostiles].map((node) => node.stop().catch(() => undefined))
  void Promise.all(stopping).then(() => {
    stopped = true
  })
  for (let t = endMs; !stopped && t < endMs + STOP_GRACE_MS; ) {
    t += 100
    await clock.runUntil(t)
  }
  await flushMicrotasks()
  peakMb = Math.max(peakMb, peakRssMb())

  let usedSum = 0
  let usedMax = 0
  for (let i = 0; i < n; i++) {
    const u = used[i]!
    usedSum += u
    if (u > usedMax) usedMax = u
  }
  const delivered = metrics.public.delivered + metrics.private.delivered
  const stats = cache.stats
  const result: SimulationMetrics = {
    scenario: scenario.name,
    seed: scenario.seed,
    nodes: n,
    durationS: scenario.durationS,
    stack: options.stack.name,
    policy: scenario.policy.relay,
    storeForward: scenario.storeForward,
    public: {
      sent: metrics.public.sent,
      expectedDeliveries: metrics.public.expectedDeliveries,
      delivered: metrics.public.delivered,
      deliveryRatio: ratio(metrics.public.delivered, metrics.public.expectedDeliveries),
      latencyMs: latencyPercentiles(publicLatencies),
    },
    private: {
      sent: metrics.private.sent,
      expectedDeliveries: metrics.private.sent,
      delivered: metrics.private.delivered,
      deliveryRatio: ratio(metrics.private.delivered, metrics.private.sent),
      latencyMs: latencyPercentiles(privateLatencies),
      skipped: privateSkipped,
    },
    transmissions: {
      frames: metrics.frames,
      bytes: metrics.bytes,
      perDeliveredMessage: delivered === 0 ? null : Math.round((metrics.frames / delivered) * 100) / 100,
    },
    deliveryOverTime,
    ...(partition !== undefined
      ? {
          partition: {
            crowds: partition.crowds.length,
            couriers: partition.couriers.count,
            crossSent: privates.filter((p) => p.cross).length,
            crossDelivered,
            crossRatio: ratio(crossDelivered, privates.filter((p) => p.cross).length),
          },
        }
      : {}),
    drops: Object.fromEntries(Object.entries(dropsAtEnd).sort(([a], [b]) => (a < b ? -1 : 1))),
    links: {
      opened: linksOpened,
      meanDegreeAtEnd: Math.round((degreeSum / n) * 100) / 100,
      isolatedAtEnd: isolated,
    },
    battery: {
      capacityMah: BATTERY_CAPACITY_MAH,
      meanUsedMah: Math.round((usedSum / n) * 1000) / 1000,
      maxUsedMah: Math.round(usedMax * 1000) / 1000,
    },
    verifyCache: { hits: stats.hits, misses: stats.misses },
    memory: {
      peers: peakIndicator(peakPeers),
      timers: peakIndicator(peakTimers),
      sizes: Object.fromEntries([...peakSizes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, peaks]) => [k, peakIndicator(peaks)])),
    },
    ...(h > 0 ? { hostile: { nodes: h, sent: hostileSent, framesOnAir: hostileFrames } } : {}),
    nodeStats: Object.fromEntries(Object.entries(nodeStats).sort(([a], [b]) => (a < b ? -1 : 1))),
    clusters: clusterMetrics,
    timersFired: clock.firedTimers,
    wallS: Math.round((performance.now() - wallStart) / 10) / 100,
    peakRssMb: peakMb,
  }
  return {
    metrics: result,
    report: {
      scenario,
      x: Array.from(world.x),
      y: Array.from(world.y),
      edges,
      timeline,
      publicLatencies: publicLatencies.slice(0, MAX_REPORT_SAMPLES),
      privateLatencies: privateLatencies.slice(0, MAX_REPORT_SAMPLES),
    },
  }
}
