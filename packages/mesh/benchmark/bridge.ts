/**
 * Two mesh islands bridged over Nostr (issue #9): end-to-end latency and throughput of public
 * messages from a member of island A to a member of island B, through gateway A → the loopback
 * NIP-01 relay of geohash-discovery's tests (real `ws` sockets on 127.0.0.1) → gateway B.
 *
 * Baseline, measured in the same run: the same three mesh hops over the memory transport with no
 * relay (member → node → member in one island), so the ratio is what the Nostr crossing costs
 * (sign + publish + relay fan-out + verify + inject).
 *
 * Run: pnpm turbo run build --filter=@bitmesh/mesh... && cd packages/mesh && pnpm bench:bridge
 */
import { randomBytes } from 'node:crypto'
import WebSocket from 'ws'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { createMeshNode, cryptoRng, systemClock, type MeshBridgeOptions, type MeshNode } from '@bitmesh/mesh'
import { connectTransports, MemoryNetwork, memoryTransport, type MemoryTransport } from '@bitmesh/transport-compliance'
import { startLoopbackRelay } from '../../geohash-discovery/test/helpers/loopback-relay.js'

const clock = systemClock()
const LATENCY_SAMPLES = 200
/** Burst size: under the 400 frames/s per-link ingress cap (the bridge link has it too); periodic sync is off so its replies do not share that budget. */
const BURST = 300
const BURSTS = 5

interface N {
  node: MeshNode
  transport: MemoryTransport
}

const nodes: MeshNode[] = []
async function make(network: MemoryNetwork, name: string, bridge?: MeshBridgeOptions): Promise<N> {
  const transport = memoryTransport({ network, address: name })
  const node = createMeshNode({ transports: [transport], clock, rng: cryptoRng(), crypto: nodeCryptoProvider, nickname: name, announceIntervalMs: 2_000, isolatedAnnounceIntervalMs: 2_000, syncIntervalMs: 0, ...(bridge ? { bridge } : {}) })
  await node.start()
  nodes.push(node)
  return { node, transport }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function waitFor(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await sleep(5)
  }
}
const knows = (a: MeshNode, b: MeshNode) => a.peers().some((p) => p.peerId === b.peerId)

/** Latency samples (ms) and burst throughput (messages/s) from `from` to `to`. */
async function measure(label: string, from: MeshNode, to: MeshNode): Promise<{ p50: number; p95: number; mean: number; perSecond: number }> {
  const arrivals = new Map<string, number>()
  to.on('message', (m) => arrivals.set(m.text, performance.now()))
  const samples: number[] = []
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const text = `${label} latency ${i}`
    const t0 = performance.now()
    await from.sendPublic(text)
    await waitFor(() => arrivals.has(text), text)
    samples.push(arrivals.get(text)! - t0)
  }
  samples.sort((a, b) => a - b)
  let delivered = 0
  let elapsed = 0
  for (let b = 0; b < BURSTS; b++) {
    await sleep(1_100) // a fresh per-link rate window
    const t0 = performance.now()
    const texts: string[] = []
    for (let i = 0; i < BURST; i++) {
      const text = `${label} burst ${b}/${i}`
      texts.push(text)
      await from.sendPublic(text)
    }
    await waitFor(() => texts.every((t) => arrivals.has(t)), `${label} burst ${b}`).catch((e: unknown) => {
      for (const n of nodes) console.error(n.nickname, JSON.stringify(Object.fromEntries(Object.entries(n.stats.drops).filter(([, v]) => v > 0))), n.stats.bridgePublished, n.stats.bridgeInjected)
      console.error('missing', texts.filter((t) => !arrivals.has(t)).length)
      throw e
    })
    elapsed += Math.max(...texts.map((t) => arrivals.get(t)!)) - t0
    delivered += texts.length
  }
  return {
    p50: samples[Math.floor(samples.length / 2)]!,
    p95: samples[Math.floor(samples.length * 0.95)]!,
    mean: samples.reduce((s, x) => s + x, 0) / samples.length,
    perSecond: (delivered / elapsed) * 1000,
  }
}

async function main(): Promise<void> {
  const relay = await startLoopbackRelay()
  const bridge = (): MeshBridgeOptions => ({
    relays: [relay.url],
    WebSocket,
    cell: 'u33d',
    seed: new Uint8Array(randomBytes(32)),
    // Lift the rate caps: this measures the path, not the policy.
    publishPerSecond: 100_000,
    publishBurst: 100_000,
    injectPerSecond: 100_000,
    injectBurst: 100_000,
  })
  // Baseline: member → node → member over the memory transport (3 hops like the bridged path).
  const base = new MemoryNetwork({ clock, latencyMs: 0 })
  const b1 = await make(base, 'base-1')
  const b2 = await make(base, 'base-2')
  const b3 = await make(base, 'base-3')
  await connectTransports(b1.transport, b2.transport, 'base-2')
  await connectTransports(b2.transport, b3.transport, 'base-3')
  await waitFor(() => knows(b3.node, b1.node), 'baseline peers')
  const baseline = await measure('baseline', b1.node, b3.node)

  const netA = new MemoryNetwork({ clock, latencyMs: 0 })
  const netB = new MemoryNetwork({ clock, latencyMs: 0 })
  const aMember = await make(netA, 'a-member')
  const aGateway = await make(netA, 'a-gateway', bridge())
  const bMember = await make(netB, 'b-member')
  const bGateway = await make(netB, 'b-gateway', bridge())
  await connectTransports(aMember.transport, aGateway.transport, 'a-gateway')
  await connectTransports(bMember.transport, bGateway.transport, 'b-gateway')
  await waitFor(() => knows(bMember.node, aMember.node), 'bridged peers')
  const bridged = await measure('bridged', aMember.node, bMember.node)

  const row = (name: string, r: typeof baseline) =>
    `${name.padEnd(28)} p50 ${r.p50.toFixed(2).padStart(7)} ms  p95 ${r.p95.toFixed(2).padStart(7)} ms  mean ${r.mean.toFixed(2).padStart(7)} ms  burst ${r.perSecond.toFixed(0).padStart(6)} msg/s`
  console.log(`public messages, ${LATENCY_SAMPLES} sequential (latency) and ${BURSTS} bursts of ${BURST} (throughput)`)
  console.log(row('baseline (3 memory hops)', baseline))
  console.log(row('bridged (A → relay → B)', bridged))
  console.log(`ratio bridged/baseline: latency p50 ×${(bridged.p50 / baseline.p50).toFixed(2)}, throughput ×${(bridged.perSecond / baseline.perSecond).toFixed(2)}`)
  console.log(`gateway A published ${aGateway.node.stats.bridgePublished} events; gateway B injected ${bGateway.node.stats.bridgeInjected}, rate-limit drops A ${aGateway.node.stats.drops['rate-limit']} B ${bGateway.node.stats.drops['rate-limit']}`)

  await Promise.all(nodes.map((n) => n.stop()))
  await relay.stop()
}

await main()
