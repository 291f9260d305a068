/**
 * Two BitMesh nodes on one in-memory network: they announce, find each other, exchange a public
 * message and a private one, and print the delivery and read receipts.
 *
 * Run: pnpm --filter @bitmesh/example-two-nodes start
 *
 * Real time is used on purpose (systemClock), with a few milliseconds of simulated link latency.
 * On a phone, replace memoryTransport with bleTransport from @bitmesh/transport-ble.
 */
import { createMeshNode, cryptoRng, systemClock, type MeshNode } from '@bitmesh/mesh'
import { MemoryNetwork, memoryTransport } from '@bitmesh/transport-compliance/memory'

const clock = systemClock()
const network = new MemoryNetwork({ clock, latencyMs: 5 })

function makeNode(name: string): MeshNode {
  const node = createMeshNode({
    transports: [memoryTransport({ network, address: name })],
    clock,
    rng: cryptoRng(),
    nickname: name,
    autoDial: true, // the memory transport only discovers; let the node dial what it finds
  })
  node.on('peer:join', (p) => console.log(`[${name}] met ${p.nickname} (${p.peerId})`))
  node.on('message', (m) => console.log(`[${name}] public from ${m.nickname}: ${m.text}`))
  node.on('private-message', (m) => {
    console.log(`[${name}] private from ${m.nickname}: ${m.text}`)
    node.markRead(m.senderPeerId, m.id)
  })
  node.on('delivery', (d) => console.log(`[${name}] message ${d.messageId.slice(0, 8)}… to ${d.peerId}: ${d.status}`))
  return node
}

/** Resolve when `node` emits `event` once. */
function once<E extends 'peer:join' | 'message' | 'delivery'>(node: MeshNode, event: E, accept: (d: never) => boolean = () => true): Promise<void> {
  return new Promise((resolve) => {
    const off = node.on(event, (detail) => {
      if (!accept(detail as never)) return
      off()
      resolve()
    })
  })
}

const alice = makeNode('alice')
const bob = makeNode('bob')
const met = Promise.all([once(alice, 'peer:join'), once(bob, 'peer:join')])
await alice.start()
await bob.start() // the memory transports discover each other and the nodes dial
await met

const heard = once(bob, 'message')
await alice.sendPublic('hello, mesh!')
await heard

const read = once(alice, 'delivery', (d: { status: string }) => d.status === 'read')
await alice.sendPrivate(bob.peerId, 'hi bob, this one is just for you')
await read

await alice.stop()
await bob.stop()
console.log('done: alice sent', alice.stats.framesSent, 'frames; bob received', bob.stats.framesReceived)
