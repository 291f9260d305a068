/**
 * Test harness for the Noise session manager: a manual fake clock that counts its pending
 * timers, deterministic identities, and managers wired through in-memory per-link queues the
 * test controls (deliver, drop, reorder).
 */
import type { BitMeshError, Clock, CryptoProvider, TimerHandle } from '@bitmesh/interface'
import {
  generateKeyPair,
  NoiseSessionManager,
  peerIdFromStaticKey,
  peerIdToHex,
  type EstablishedSessionInfo,
  type HandshakeOutcome,
  type KeyPair,
  type NoiseFrameKind,
  type NoiseSessionLimits,
  type NoiseSessionManagerOptions,
  type SessionCloseReason,
  type TransportOutcome,
} from '../src/index.js'
import { nodeTestProvider } from './helpers/node-test-provider.js'
import { seededRng } from './helpers/rng.js'

/** Manual clock: time moves only through {@link FakeClock.advance}. */
export class FakeClock implements Clock {
  #now: number
  #seq = 0
  readonly #timers = new Map<number, { at: number; fn: () => void }>()

  constructor(startMs = 1_750_000_000_000) {
    this.#now = startMs
  }

  now(): number {
    return this.#now
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = ++this.#seq
    this.#timers.set(id, { at: this.#now + Math.max(0, delayMs), fn: callback })
    return id
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as number)
  }

  /** Timers scheduled and neither fired nor cleared. */
  get pendingTimers(): number {
    return this.#timers.size
  }

  /** Move time forward by `ms`, firing due timers in time order (ties: scheduling order). */
  advance(ms: number): void {
    const target = this.#now + ms
    for (;;) {
      let nextId = -1
      let nextAt = Infinity
      for (const [id, t] of this.#timers) {
        if (t.at <= target && (t.at < nextAt || (t.at === nextAt && id < nextId))) {
          nextId = id
          nextAt = t.at
        }
      }
      if (nextId < 0) break
      const timer = this.#timers.get(nextId)!
      this.#timers.delete(nextId)
      this.#now = nextAt
      timer.fn()
    }
    this.#now = target
  }
}

/** A deterministic identity: static key pair and its peer ID. */
export interface Identity {
  keyPair: KeyPair
  peerId: string
}

/** Identity from a seed (xorshift; never for real keys). */
export function identity(seed: number, crypto: CryptoProvider = nodeTestProvider): Identity {
  const keyPair = generateKeyPair(crypto, seededRng(seed))
  return { keyPair, peerId: peerIdToHex(peerIdFromStaticKey(crypto, keyPair.publicKey)) }
}

/** Two identities ordered by peer ID: `small.peerId < large.peerId`. */
export function orderedPair(seedA: number, seedB: number): { small: Identity; large: Identity } {
  const a = identity(seedA)
  const b = identity(seedB)
  return a.peerId < b.peerId ? { small: a, large: b } : { small: b, large: a }
}

/** A frame in flight on a link. */
export interface Frame {
  from: string
  to: string
  kind: NoiseFrameKind
  bytes: Uint8Array
}

/** Everything a test node observed through the manager's callbacks. */
export class TestNode {
  readonly id: string
  readonly identity: Identity
  manager!: NoiseSessionManager
  /** Delivered plaintexts per sender, in order. */
  readonly received = new Map<string, Uint8Array[]>()
  readonly established: { peer: string; info: EstablishedSessionInfo }[] = []
  readonly closed: { peer: string; reason: SessionCloseReason }[] = []
  readonly handshakeFailures: { peer: string; code: string }[] = []
  readonly sendFailures: { peer: string; payloads: Uint8Array[]; code: string }[] = []

  constructor(ident: Identity) {
    this.identity = ident
    this.id = ident.peerId
  }

  /** Plaintexts from `peer`, optionally without `0x21` peer-state payloads. */
  from(peer: string, withPeerState = false): Uint8Array[] {
    const all = this.received.get(peer) ?? []
    return withPeerState ? all : all.filter((p) => p[0] !== 0x21)
  }
}

/** Per-node overrides for {@link TestNet.add}. */
export type NodeOptions = Partial<Omit<NoiseSessionManagerOptions, 'crypto' | 'clock' | 'send' | 'onMessage'>> & {
  crypto?: CryptoProvider
  limits?: NoiseSessionLimits
  rngSeed?: number
}

/** Managers wired through per-direction FIFO queues under the test's control. */
export class TestNet {
  readonly clock = new FakeClock()
  readonly nodes = new Map<string, TestNode>()
  readonly #links = new Map<string, Frame[]>()
  #created = 0

  /** Create a node with the given identity. */
  add(ident: Identity, options: NodeOptions = {}): TestNode {
    const node = new TestNode(ident)
    const { crypto = nodeTestProvider, rngSeed, ...rest } = options
    node.manager = new NoiseSessionManager({
      crypto,
      clock: this.clock,
      // A fresh seed per manager, so a restarted node draws new ephemeral keys.
      rng: seededRng(rngSeed ?? (Number.parseInt(ident.peerId.slice(0, 8), 16) ^ (++this.#created * 0x9e3779b1))),
      localStaticKeyPair: ident.keyPair,
      localPeerId: ident.peerId,
      handshakeOnUnknownSession: false,
      ...rest,
      send: (peer, kind, bytes) => this.link(node.id, peer).push({ from: node.id, to: peer, kind, bytes }),
      onMessage: (peer, plaintext) => {
        let list = node.received.get(peer)
        if (list === undefined) node.received.set(peer, (list = []))
        list.push(plaintext.slice())
      },
      onSessionEstablished: (peer, info) => node.established.push({ peer, info }),
      onSessionClosed: (peer, reason) => node.closed.push({ peer, reason }),
      onHandshakeFailed: (peer, error: BitMeshError) => node.handshakeFailures.push({ peer, code: error.code }),
      onSendFailed: (peer, payloads, error: BitMeshError) => node.sendFailures.push({ peer, payloads, code: error.code }),
    })
    this.nodes.set(node.id, node)
    return node
  }

  /** Replace the node registered under `ident`'s peer ID (simulates an app restart). */
  restart(ident: Identity, options: NodeOptions = {}): TestNode {
    this.nodes.delete(ident.peerId)
    return this.add(ident, options)
  }

  /** The queue of frames sent from `from` to `to`. */
  link(from: string, to: string): Frame[] {
    const key = `${from}>${to}`
    let q = this.#links.get(key)
    if (q === undefined) this.#links.set(key, (q = []))
    return q
  }

  /** Deliver the oldest frame on `from → to` (or the one at `index`). */
  deliver(from: string, to: string, index = 0): HandshakeOutcome | TransportOutcome | undefined {
    const q = this.link(from, to)
    const [frame] = q.splice(index, 1)
    if (frame === undefined) return undefined
    return this.inject(frame)
  }

  /** Hand `frame` to its recipient's manager. */
  inject(frame: Frame): HandshakeOutcome | TransportOutcome | undefined {
    const node = this.nodes.get(frame.to)
    if (node === undefined) return undefined
    return frame.kind === 'handshake'
      ? node.manager.receiveHandshake(frame.from, frame.bytes)
      : node.manager.receiveTransport(frame.from, frame.bytes)
  }

  /** Drop every frame queued on `from → to`; returns them. */
  drop(from: string, to: string): Frame[] {
    return this.link(from, to).splice(0)
  }

  /** Deliver round-robin over all links until every queue is empty. */
  deliverAll(maxSteps = 10_000): void {
    for (let step = 0; step < maxSteps; step++) {
      let moved = false
      for (const [key, q] of this.#links) {
        const frame = q.shift()
        if (frame === undefined) continue
        moved = true
        void key
        this.inject(frame)
      }
      if (!moved) return
    }
    throw new Error('network did not settle')
  }

  /** Frames currently queued on all links. */
  get inFlight(): number {
    let n = 0
    for (const q of this.#links.values()) n += q.length
    return n
  }
}

/** A typed private-message-like payload `01 ‖ tag ‖ n (u32 BE)`, easy to tell apart. */
export function payload(tag: number, n: number, type = 0x01): Uint8Array {
  return Uint8Array.of(type, tag & 0xff, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff)
}

/** Lowercase hex of a byte array, for readable assertions. */
export function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Code of the BitMesh error `fn` throws (or the error name), `'no error'` when it returns. */
export function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    const code = (e as { code?: unknown }).code
    return typeof code === 'string' ? code : (e as Error).name
  }
  return 'no error'
}

/** A peer ID that is no node's (for one-sided tests). */
export function fakePeerId(n: number): string {
  return (0x1000_0000 + n).toString(16).padStart(8, '0') + 'feedbeef'
}
