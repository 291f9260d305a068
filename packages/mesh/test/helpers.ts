/**
 * Test worlds: mesh nodes on the reference memory transport, driven by a ManualClock.
 */
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { connectTransports, ManualClock, MemoryNetwork, memoryTransport, type MemoryTransport } from '@bitmesh/transport-compliance'
import type { Link } from '@bitmesh/interface'
import { createMeshNode, type MeshEvents, type MeshNode, type MeshNodeOptions } from '../src/index.js'

/** A deterministic Rng (mulberry32) for reproducible tests. */
export { seededRng } from '@bitmesh-internal/test-doubles'
import { seededRng } from '@bitmesh-internal/test-doubles'

/** Start time of every world: a realistic wall-clock value (bitchat timestamps are epoch ms). */
export const T0_MS = 1_760_000_000_000

export interface TestNode {
  name: string
  node: MeshNode
  transport: MemoryTransport
  events: { [K in keyof MeshEvents]: MeshEvents[K][] }
}

export interface World {
  clock: ManualClock
  network: MemoryNetwork
  nodes: TestNode[]
  add(name: string, options?: Partial<MeshNodeOptions>, mtu?: number): Promise<TestNode>
  /** Open a link a→b; returns [a's end, b's end]. */
  connect(a: TestNode, b: TestNode): Promise<[Link, Link]>
  advance(ms: number): Promise<void>
  stopAll(): Promise<void>
}

const EVENT_NAMES: Array<keyof MeshEvents> = ['message', 'private-message', 'delivery', 'peer:join', 'peer:leave', 'link:open', 'link:close', 'drop']

export function createWorld(options: { latencyMs?: number; canReach?: (from: string, to: string) => boolean } = {}): World {
  const clock = new ManualClock(T0_MS)
  const latencyMs = options.latencyMs ?? 2
  const network = new MemoryNetwork({ clock, latencyMs, ...(options.canReach ? { canReach: options.canReach } : {}) })
  const nodes: TestNode[] = []
  let seed = 1
  const world: World = {
    clock,
    network,
    nodes,
    async add(name, extra = {}, mtu) {
      const transport = memoryTransport({ network, address: name, ...(mtu !== undefined ? { mtu } : {}) })
      const node = createMeshNode({
        transports: [transport],
        clock,
        rng: seededRng(seed++ * 7919),
        crypto: nodeCryptoProvider,
        nickname: name,
        autoDial: false,
        ...extra,
      })
      const events = Object.fromEntries(EVENT_NAMES.map((n) => [n, []])) as unknown as TestNode['events']
      for (const n of EVENT_NAMES) node.on(n, (d) => (events[n] as unknown[]).push(d))
      const started = node.start()
      await clock.advance(0)
      await started
      const t: TestNode = { name, node, transport, events }
      nodes.push(t)
      return t
    },
    async connect(a, b) {
      const pending = connectTransports(a.transport, b.transport, b.name)
      await clock.advance(latencyMs * 2 + 1)
      return pending
    },
    advance: (ms) => clock.advance(ms),
    async stopAll() {
      await settle(world, Promise.all(nodes.map((n) => n.node.stop())))
    },
  }
  return world
}

/** Advance in small steps (so jittered relays and paced fragments interleave like real time). */
export async function run(world: World, ms: number, stepMs = 10): Promise<void> {
  for (let t = 0; t < ms; t += stepMs) await world.advance(Math.min(stepMs, ms - t))
}

/** Advance the clock in steps until `promise` settles (at most `maxMs`). */
export async function settle<T>(world: World, promise: Promise<T>, maxMs = 5_000, stepMs = 10): Promise<T> {
  let done = false
  const tracked = promise.finally(() => {
    done = true
  })
  for (let t = 0; !done && t < maxMs; t += stepMs) await world.advance(stepMs)
  return tracked
}
