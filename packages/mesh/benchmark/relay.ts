/**
 * Receive-path throughput of a mesh node: a signed public message frame arriving on a link is
 * decoded, checked (timestamp, dedup), verified against the sender's pinned key and delivered as
 * a `message` event. Baseline, measured in the same run: `tryDecodePacket` + `verifyPacketSignature`
 * alone (the unavoidable work), so the ratio is the node's own overhead.
 *
 * Run: pnpm turbo run build --filter=@bitmesh/mesh... && cd packages/mesh && pnpm bench
 */
import { Bench } from 'tinybench'
import { nodeCryptoProvider as crypto } from '@bitmesh/crypto/node'
import { TypedEmitter, transportSymbol, type Clock, type Link, type LinkEvents, type Transport, type TransportEvents } from '@bitmesh/interface'
import { createMeshNode } from '@bitmesh/mesh'
import { keyPairFromPrivateKey } from '@bitmesh/noise'
import { encodeAnnounce, encodePacket, MessageType, peerIdFromNoiseKey, signPacket, tryDecodePacket, utf8Encode, verifyPacketSignature } from '@bitmesh/wire-format'

const NOW_MS = 1_760_000_000_000
// Virtual time moves 3 ms per received frame, keeping the feed under the per-link rate limit
// (400 frames/s) and every timestamp within the 120 s skew window. Timers never fire.
let nowMs = NOW_MS
const clock: Clock = { now: () => nowMs, setTimeout: () => 0, clearTimeout: () => undefined }
const STEP_MS = 3
let seed = 1
const rng = {
  next: () => ((seed = (seed * 48271) % 2147483647) / 2147483647),
  randomBytes: (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rng.next() * 256)),
}

class BenchLink extends TypedEmitter<LinkEvents> implements Link {
  readonly id = 'l'
  readonly kind = 'memory'
  readonly remoteAddress = 'sender'
  readonly direction = 'inbound' as const
  readonly mtu = 4096
  readonly status = 'open' as const
  readonly quality = {}
  readonly bufferedBytes = 0
  send(): boolean {
    return true
  }
  async close(): Promise<void> {}
  deliver(frame: Uint8Array): void {
    this.emit('frame', frame)
  }
}

class BenchTransport extends TypedEmitter<TransportEvents> implements Transport {
  readonly [transportSymbol] = true as const
  readonly specificationVersion = 'v1' as const
  readonly kind = 'memory'
  readonly link = new BenchLink()
  get links(): Link[] {
    return [this.link]
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async dial(): Promise<Link> {
    return this.link
  }
}

// The sender's identity and a pool of distinct signed messages (dedup would drop repeats).
const noise = keyPairFromPrivateKey(crypto, rng.randomBytes(32))
const signingSeed = rng.randomBytes(32)
const senderId = peerIdFromNoiseKey(noise.publicKey)
const base = { version: 1 as const, ttl: 7, senderId, recipientId: null, route: null, signature: null, isRsr: false }
const announce = encodePacket(
  signPacket(
    { ...base, type: MessageType.ANNOUNCE, timestamp: BigInt(NOW_MS), payload: encodeAnnounce({ nickname: 'sender', noisePublicKey: noise.publicKey, signingPublicKey: crypto.ed25519.getPublicKey(signingSeed) }) },
    signingSeed,
    crypto,
  ),
).slice()
const ITERATIONS = 20_000
const POOL = ITERATIONS + 1_000 // tinybench warm-up runs a few extra
const frames = Array.from({ length: POOL }, (_, i) =>
  encodePacket(signPacket({ ...base, type: MessageType.MESSAGE, timestamp: BigInt(NOW_MS + STEP_MS * (i + 1)), payload: utf8Encode(`benchmark message number ${i}`) }, signingSeed, crypto)).slice(),
)
const signingPublicKey = crypto.ed25519.getPublicKey(signingSeed)

const transport = new BenchTransport()
const node = createMeshNode({ transports: [transport], clock, rng, crypto, nickname: 'receiver' })
await node.start()
transport.link.deliver(announce)
let delivered = 0
node.on('message', () => delivered++)

let i = 0
let j = 0
const bench = new Bench({ time: 0, iterations: ITERATIONS })
bench
  .add('baseline: tryDecodePacket + verifyPacketSignature', () => {
    const r = tryDecodePacket(frames[j++ % POOL]!)
    if (!r.ok || !verifyPacketSignature(r.packet, signingPublicKey, crypto)) throw new Error('bad frame')
  })
  .add('mesh node: receive public message (decode, dedup, verify, deliver)', () => {
    nowMs += STEP_MS
    transport.link.deliver(frames[i++ % POOL]!)
  })
await bench.run()
const [baseline, mesh] = bench.tasks.map((t) => t.result as unknown as { throughput?: { mean: number }; hz?: number })
const hz = (r: (typeof mesh)) => r?.throughput?.mean ?? r?.hz ?? 0
console.table(bench.table())
console.log(`baseline ${hz(baseline).toFixed(0)} ops/s; mesh ${hz(mesh).toFixed(0)} ops/s; ratio ${(hz(mesh) / hz(baseline)).toFixed(2)}× of baseline`)
console.log(`delivered ${delivered} of ${i} frames fed (the pool wraps; the 1 000-entry dedup LRU has forgotten the first ones); drops ${JSON.stringify(Object.fromEntries(Object.entries(node.stats.drops).filter(([, n]) => n > 0)))}`)
await node.stop()
