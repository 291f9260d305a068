/**
 * A small world for the file and link-manager tests: mesh nodes on memory transports (any kind,
 * MTU and rate), one ManualClock. Seeded Rng from the shared test doubles.
 */
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { seededRng } from '@bitmesh-internal/test-doubles'
import type { Transport } from '@bitmesh/interface'
import { connectTransports, ManualClock, MemoryNetwork, memoryTransport, type MemoryTransport } from '@bitmesh/transport-compliance'
import { createMeshNode, type MeshEvents, type MeshNode, type MeshNodeOptions } from '../src/index.js'

/** Kind, MTU and rate of one member network. */
export interface NetSpec {
  kind: string
  mtu: number
  bytesPerSecond?: number
}

export interface FileNode {
  name: string
  node: MeshNode
  /** One memory transport per network spec, in order. */
  transports: MemoryTransport[]
  events: { [K in keyof MeshEvents]: MeshEvents[K][] }
}

const EVENTS: Array<keyof MeshEvents> = ['file', 'delivery', 'peer:join', 'drop', 'link:upgrade', 'link:downgrade', 'link:open', 'link:close']

/** A world of nodes that each have one transport per network. */
export function fileWorld(specs: NetSpec[] = [{ kind: 'ble', mtu: 512 }]) {
  const clock = new ManualClock(1_760_000_000_000)
  const networks = specs.map((s) => new MemoryNetwork({ clock, latencyMs: 2, ...(s.bytesPerSecond === undefined ? {} : { bandwidthBytesPerSecond: s.bytesPerSecond }) }))
  const nodes: FileNode[] = []
  // Rate-limited memory links fire timers at fractional ms; bitchat timestamps are whole ms.
  const wholeMs = { now: () => Math.floor(clock.now()), setTimeout: (f: () => void, ms: number) => clock.setTimeout(f, ms), clearTimeout: (h: Parameters<ManualClock['clearTimeout']>[0]) => clock.clearTimeout(h) }
  let seed = 11
  const world = {
    clock,
    nodes,
    async add(name: string, extra: Partial<MeshNodeOptions> = {}): Promise<FileNode> {
      const transports = specs.map((s, i) =>
        memoryTransport({ network: networks[i]!, address: `${s.kind}:${name}`, mtu: s.mtu, kind: s.kind, highWaterMarkBytes: 8 * s.mtu, maxQueueBytes: 4 * 1024 * 1024 }),
      )
      const node = createMeshNode({ transports: transports as Transport[], clock: wholeMs, rng: seededRng(seed++ * 7919), crypto: nodeCryptoProvider, nickname: name, autoDial: false, ...extra })
      const events = Object.fromEntries(EVENTS.map((n) => [n, []])) as unknown as FileNode['events']
      for (const n of EVENTS) node.on(n, (d) => (events[n] as unknown[]).push(d))
      const started = node.start()
      await clock.advance(0)
      await started
      const t = { name, node, transports, events }
      nodes.push(t)
      return t
    },
    /** Link a→b on network `net`. */
    async connect(a: FileNode, b: FileNode, net = 0) {
      const pending = connectTransports(a.transports[net]!, b.transports[net]!, `${specs[net]!.kind}:${b.name}`)
      await clock.advance(10)
      return pending
    },
    async run(ms: number, stepMs = 10) {
      for (let t = 0; t < ms; t += stepMs) await clock.advance(Math.min(stepMs, ms - t))
    },
    async stopAll() {
      const done = Promise.all(nodes.map((n) => n.node.stop()))
      let finished = false
      void done.then(() => (finished = true))
      for (let i = 0; i < 500 && !finished; i++) await clock.advance(10)
      await done
    },
  }
  return world
}

/** `n` pseudo-random bytes (deterministic). */
export function fileBytes(n: number, seed = 3): Uint8Array {
  return seededRng(seed).randomBytes(n)
}
