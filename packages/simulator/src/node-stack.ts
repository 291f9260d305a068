/**
 * The seam between the world and the software under test: a {@link NodeStack} builds the shared
 * medium once per world and one {@link SimNode} per simulated device. The default stack
 * (`meshStack`) runs the real transport-ble + mesh; tests may plug a smaller one.
 * @module
 */
import type { Clock, CryptoProvider, Listener } from '@bitmesh/interface'
import type { HostileNode } from './hostile-node.js'
import type { SeededRng } from './rng.js'
import type { Scenario } from './scenario.js'
import type { World } from './world.js'

/** What a simulated node reports; a structural subset of `@bitmesh/mesh`'s `MeshEvents`. */
export interface SimNodeEvents {
  /** A public message arrived. */
  message: { text: string; senderPeerId: string }
  /** A private message arrived. */
  'private-message': { text: string; senderPeerId: string }
  /** A link opened to a radio address. */
  'link:open': { linkId: string; remoteAddress: string }
  /** A link closed. */
  'link:close': { linkId: string }
  /** Something was dropped. */
  drop: { reason: string }
}

/** One simulated device, as the simulator drives it; a structural subset of `MeshNode`. */
export interface SimNode {
  /** Peer ID, hex (valid after `start()`). */
  readonly peerId: string
  /** Switch on (called at the node's boot instant in virtual time). */
  start(): Promise<void>
  /** Switch off and release every timer (called after the run). */
  stop(): Promise<void>
  /** Broadcast a public message; the simulator recognises it at receivers by its text. */
  sendPublic(text: string): Promise<unknown>
  /** Send a private message to a peer ID (hex). */
  sendPrivate(peerId: string, text: string): Promise<unknown>
  /** Verified peers reachable now. */
  peers(): ReadonlyArray<{ peerId: string }>
  /** Optional counters (mesh's `MeshStats`); numeric fields are summed over the crowd. */
  readonly stats?: object
  /** Subscribe to an event; returns the unsubscribe function. */
  on<K extends keyof SimNodeEvents>(event: K, listener: Listener<SimNodeEvents[K]>): () => void
}

/** Everything a stack gets to build the shared medium. */
export interface MediumContext {
  clock: Clock
  /** Stream reserved for the medium. */
  rng: SeededRng
  world: World
  scenario: Scenario
  /**
   * Call for every frame put on the air (one per receiver).
   * @param from - Sender address.
   * @param to - Receiver address.
   * @param bytes - Frame length.
   */
  onTransmit(from: string, to: string, bytes: number): void
}

/** Everything a stack gets to build one node. */
export interface NodeContext {
  /** Node index in the world. */
  index: number
  /** Radio address. */
  address: string
  nickname: string
  clock: Clock
  /** The node's own stream. */
  rng: SeededRng
  /** Crypto (shared verification cache, seeded randomness). */
  crypto: CryptoProvider
  scenario: Scenario
}

/** Builds the software under test. */
export interface NodeStack<Medium = unknown> {
  /** Name shown in results. */
  readonly name: string
  /** Build the medium shared by every node of the world. */
  createMedium(context: MediumContext): Medium
  /** Build one node on the medium. */
  createNode(medium: Medium, context: NodeContext): SimNode
  /**
   * Build one hostile device on the medium (needed only by scenarios with `hostile`); its
   * behaviours and rates are in `context.scenario.hostile`.
   */
  createHostileNode?(medium: Medium, context: NodeContext): HostileNode
}
