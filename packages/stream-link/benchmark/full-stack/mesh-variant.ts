/**
 * The optional variant: two real mesh nodes (`createMeshNode`), one per process, on their own
 * Wi-Fi Direct transports (a separate emulation directory, so they never share a link with the
 * bare channel), moving the file with `node.sendFile` — announce, Noise, the mesh's file pacer,
 * ingress, dedup, receipts and all.
 * @module
 */
import { join } from 'node:path'
import type { Clock, Rng } from '@bitmesh/interface'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { createMeshNode, type FileEvent, type MeshNode } from '@bitmesh/mesh'
import { fileDirectory } from '@bitmesh/stream-link/node'
import { wifiDirectTransport } from '@bitmesh/transport-wifi-direct'
import { nodeWifiP2pAdapter } from '@bitmesh/transport-wifi-direct/node'

/** Longest wait for the two nodes to hear each other's announce. */
const JOIN_TIMEOUT_MS = 15_000
const MESH_RECEIVER_NAME = 'fs-mesh-receiver'

/** A started mesh node and how to stop it. */
export interface MeshSide {
  readonly node: MeshNode
  stop(): Promise<void>
}

/**
 * Start the receiving node (its transport is a group owner; the node starts it).
 * @param dir - The run's emulation folder; the mesh uses `<dir>/mesh`.
 * @param clock - Wall clock.
 * @param rng - Secure randomness.
 * @param onFile - Every private file that arrives.
 * @returns The running node.
 */
export async function startMeshReceiver(dir: string, clock: Clock, rng: Rng, onFile: (event: FileEvent) => void): Promise<MeshSide> {
  const directory = fileDirectory(join(dir, 'mesh'))
  const transport = wifiDirectTransport({ adapter: nodeWifiP2pAdapter({ deviceAddress: MESH_RECEIVER_NAME, directory, clock }), role: 'owner', clock, port: 0 })
  const node = createMeshNode({ transports: [transport], clock, rng, crypto: nodeCryptoProvider, nickname: 'receiver', autoDial: false, storeForward: false })
  node.on('file', onFile)
  if (process.env.BITMESH_FULL_STACK_DEBUG) {
    node.on('drop', (d) => console.error('receiver drop', JSON.stringify(d)))
    node.on('file', (f) => console.error('receiver file', f.name, f.bytes.length, Date.now() % 100000))
  }
  await node.start()
  return { node, stop: () => node.stop() }
}

/**
 * Start the sending node, dial the receiver's transport and wait until its announce arrived.
 * @param dir - The run's emulation folder.
 * @param clock - Wall clock.
 * @param rng - Secure randomness.
 * @param receiverPeerId - The receiving node's peer ID.
 * @returns The running node, with the receiver joined.
 */
export async function startMeshSender(dir: string, clock: Clock, rng: Rng, receiverPeerId: string): Promise<MeshSide> {
  const directory = fileDirectory(join(dir, 'mesh'))
  const transport = wifiDirectTransport({ adapter: nodeWifiP2pAdapter({ deviceAddress: 'fs-mesh-sender', directory, clock }), role: 'member', clock, datagrams: false })
  const node = createMeshNode({ transports: [transport], clock, rng, crypto: nodeCryptoProvider, nickname: 'sender', autoDial: false, storeForward: false })
  if (process.env.BITMESH_FULL_STACK_DEBUG) {
    node.on('drop', (d) => console.error('sender drop', JSON.stringify(d)))
    node.on('delivery', (d) => console.error('sender delivery', JSON.stringify(d)))
  }
  await node.start()
  const joined = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the receiving mesh node never joined')), JOIN_TIMEOUT_MS)
    const off = node.on('peer:join', (peer) => {
      if (peer.peerId !== receiverPeerId) return
      clearTimeout(timer)
      off()
      resolve()
    })
  })
  await transport.dial(MESH_RECEIVER_NAME)
  await joined
  // A private message first: its `delivered` receipt proves the Noise session is up.
  const hello = await node.sendPrivate(receiverPeerId, 'hello')
  await delivered(node, hello)
  return { node, stop: () => node.stop() }
}

/**
 * Files a sender keeps in flight (unacknowledged), within the mesh's 8 MiB of pending files. The
 * mesh sends one fragment set per link at a time, so the receiver's 4 MiB reassembly buffer
 * holds at most one of them.
 */
export const MESH_FILES_IN_FLIGHT = 8

/**
 * Resolve once `messageId` has its `delivered` receipt.
 * @param node - The sending node.
 * @param messageId - A message or file ID from `sendPrivate` / `sendFile`.
 */
export function delivered(node: MeshNode, messageId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no delivery receipt for ${messageId}`)), JOIN_TIMEOUT_MS)
    const off = node.on('delivery', (d) => {
      if (d.messageId !== messageId || d.status !== 'delivered') return
      clearTimeout(timer)
      off()
      resolve()
    })
  })
}
