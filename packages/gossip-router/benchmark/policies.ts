/**
 * Relay-policy benchmark: decisions per second for every policy on the same received public
 * message (8 links, ingress excluded), baseline `flood`; then "relay decision + dedup for one
 * packet" (issue #5 target ≥ 1 000 000/s): `ExactDedup.checkAndAdd` on the packet's 16-byte key
 * plus `decide`, with the key precomputed (it is derived once at ingress for sync anyway) and with
 * the SHA-256 key derivation counted.
 * Run: `pnpm bench` in packages/gossip-router (build deps first).
 */
import { defaultCryptoProvider } from '@bitmesh/crypto'
import type { Rng } from '@bitmesh/interface'
import { MessageType, peerIdFromHex, type BitchatPacket } from '@bitmesh/wire-format'
import {
  bitchatAndroidPolicy,
  bitchatIosPolicy,
  bitmeshPolicy,
  blipPolicy,
  dedupKeyOf,
  ExactDedup,
  floodPolicy,
  meshtasticPolicy,
  NeighborTable,
  type RelayContext,
  type RelayLinkInfo,
  type RelayPolicy,
} from '../src/index.js'
import { group, keyStream, printMachine } from './harness.js'

const BATCH = 1000
const NOW = 1_750_000_000_000

function pid(n: number): string {
  return n.toString(16).padStart(16, '0')
}

function rng(seed: number): Rng {
  let a = seed >>> 0
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0
      let t = a
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    },
    randomBytes: (n) => new Uint8Array(n),
  }
}

async function main(): Promise<void> {
  printMachine()
  const self = pid(100)
  const peers = Array.from({ length: 8 }, (_, i) => pid(i + 1))
  const links: RelayLinkInfo[] = peers.map((p, i) => ({ id: `L${i}`, peerId: p, rssi: -60 - 3 * i, bitmesh: true }))
  // A neighbourhood where we are one of the sender's MPRs: the sender (peer 1) lists us and peers
  // 2–4; we reach peers 5–8 that it does not.
  const table = new NeighborTable()
  table.update(self, peers, NOW, true)
  table.update(peers[0]!, [self, peers[1]!, peers[2]!, peers[3]!], NOW, true)
  for (const p of peers.slice(1)) table.update(p, [self, peers[0]!], NOW, true)
  const packet: BitchatPacket = {
    version: 1,
    type: MessageType.MESSAGE,
    ttl: 7,
    timestamp: BigInt(NOW),
    senderId: peerIdFromHex(pid(0xabc)),
    recipientId: null,
    route: null,
    payload: new Uint8Array(64).fill(7),
    signature: null,
    isRsr: false,
  }
  const key = dedupKeyOf(packet)
  const ctx: RelayContext = {
    degree: 8,
    fromSelf: false,
    forSelf: false,
    ingressLinkId: 'L0',
    links,
    messageId: 'b1946ac92492d2347c6235b4d2611184',
    rng: rng(1),
    crypto: defaultCryptoProvider,
    selfId: self,
    nowMs: NOW,
    key,
    networkSize: 40,
    congestion: 0.1,
    neighborhood: table,
  }
  const policies: [string, RelayPolicy][] = [
    ['flood', floodPolicy()],
    ['bitchat-ios', bitchatIosPolicy()],
    ['bitchat-android', bitchatAndroidPolicy()],
    ['blip', blipPolicy()],
    ['meshtastic', meshtasticPolicy()],
    ['bitmesh', bitmeshPolicy()],
  ]
  // Sanity: bitmesh takes its MPR path here (not the iOS fallback).
  const probe = policies[5]![1].decide(packet, ctx)
  if (!probe.relay || probe.links.length !== 4 || probe.pruneOnDuplicate !== true) throw new Error('bitmesh benchmark context is not on the MPR path')

  let sink = 0
  const tasks: Record<string, () => void> = {}
  for (const [name, policy] of policies) {
    tasks[`${name}.decide`] = () => {
      for (let i = 0; i < BATCH; i++) sink += policy.decide(packet, ctx).links.length
    }
  }
  await group('Relay decisions (public message, 8 links)', tasks, BATCH)

  // Decision + dedup per packet: a stream of distinct keys through checkAndAdd, then decide.
  const next = keyStream(9)
  const keys = Array.from({ length: 65_536 }, () => next(16))
  const packets = Array.from({ length: 1024 }, (_, i) => ({ ...packet, timestamp: BigInt(NOW + i) }))
  const combined: Record<string, () => void> = {}
  let t = 0
  for (const [name, policy] of [policies[0]!, policies[1]!, policies[5]!]) {
    const dedup = new ExactDedup()
    let s = 0
    combined[`ExactDedup.checkAndAdd + ${name}.decide`] = () => {
      for (let i = 0; i < BATCH; i++) {
        if (dedup.checkAndAdd(keys[s++ & 65_535]!, t++)) continue
        sink += policy.decide(packet, ctx).links.length
      }
    }
  }
  {
    const dedup = new ExactDedup()
    const policy = bitmeshPolicy()
    let s = 0
    combined['dedupKeyOf (SHA-256) + checkAndAdd + bitmesh.decide'] = () => {
      for (let i = 0; i < BATCH; i++) {
        const p = packets[s++ & 1023]!
        if (dedup.checkAndAdd(dedupKeyOf(p), t++)) continue
        sink += policy.decide(p, ctx).links.length
      }
    }
  }
  await group('Relay decision + dedup for one packet', combined, BATCH)
  if (sink === -1) console.log(sink)
}

await main()
