/**
 * `bitmesh.decide` now against the version before issue #5's frame cuts, in one run on the same
 * context (pass the old sources' directory as argv[2], e.g. a `git show` export of `src/`).
 * Prints ops/s and the ratio to the previous version (the baseline).
 */
import { defaultCryptoProvider } from '@bitmesh/crypto'
import { MessageType, peerIdFromHex, type BitchatPacket } from '@bitmesh/wire-format'
import { bitmeshPolicy, NeighborTable, type RelayContext, type RelayLinkInfo, type RelayPolicy } from '../src/index.js'
import { group, printMachine } from './harness.js'

const BATCH = 1000
const NOW = 1_750_000_000_000
const pid = (n: number): string => n.toString(16).padStart(16, '0')

async function main(): Promise<void> {
  const dir = process.argv[2]
  if (dir === undefined) throw new Error('usage: bitmesh-vs-previous.ts <old src dir>')
  const old = (await import(`${dir}/index.ts`)) as { bitmeshPolicy: () => RelayPolicy; NeighborTable: typeof NeighborTable }
  printMachine()
  const self = pid(100)
  const peers = Array.from({ length: 8 }, (_, i) => pid(i + 1))
  const links: RelayLinkInfo[] = peers.map((p, i) => ({ id: `L${i}`, peerId: p, rssi: -60 - 3 * i, bitmesh: true }))
  const fill = (table: { update(p: string, n: string[], t: number, b: boolean): void }): void => {
    table.update(self, peers, NOW, true)
    table.update(peers[0]!, [self, peers[1]!, peers[2]!, peers[3]!], NOW, true)
    for (const p of peers.slice(1)) table.update(p, [self, peers[0]!], NOW, true)
  }
  const packet: BitchatPacket = { version: 1, type: MessageType.MESSAGE, ttl: 7, timestamp: BigInt(NOW), senderId: peerIdFromHex(pid(0xabc)), recipientId: null, route: null, payload: new Uint8Array(64), signature: null, isRsr: false }
  const ctxFor = (neighborhood: RelayContext['neighborhood']): RelayContext => ({
    degree: 8, fromSelf: false, forSelf: false, ingressLinkId: 'L0', links, messageId: 'm', rng: { next: () => 0.5, randomBytes: (n) => new Uint8Array(n) },
    crypto: defaultCryptoProvider, selfId: self, nowMs: NOW, networkSize: 40, congestion: 0.1, neighborhood,
  })
  const newTable = new NeighborTable()
  fill(newTable)
  const oldTable = new old.NeighborTable()
  fill(oldTable)
  const now = bitmeshPolicy()
  const before = old.bitmeshPolicy()
  const cNew = ctxFor(newTable)
  const cOld = ctxFor(oldTable)
  let sink = 0
  await group('bitmesh.decide, public message, 8 links, MPR path', {
    'previous bitmesh.decide': () => {
      for (let i = 0; i < BATCH; i++) sink += before.decide(packet, cOld).links.length
    },
    'bitmesh.decide (issue #5)': () => {
      for (let i = 0; i < BATCH; i++) sink += now.decide(packet, cNew).links.length
    },
  }, BATCH)
  if (sink < 0) console.log(sink)
}

await main()
