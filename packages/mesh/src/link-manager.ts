/**
 * The `linkManager` option of `createMeshNode`: the node's transports wrapped in one
 * `@bitmesh/transport-manager` whose HELLO names the node's peer ID, and the manager's link
 * choices turned into mesh events.
 * @module
 */
import type { Clock, Rng, Transport, TransportKind } from '@bitmesh/interface'
import { createTransportManager, type LinkChoiceEvent, type TransportManager, type TransportManagerOptions } from '@bitmesh/transport-manager'

/** Options of the node's link manager: the manager's, less what the node supplies. */
export type MeshLinkManagerOptions = Omit<TransportManagerOptions, 'transports' | 'clock' | 'rng' | 'localId'>

/** Detail of `link:upgrade` / `link:downgrade` on a mesh node. */
export interface MeshLinkChoiceEvent {
  /** The mesh link (as in `link:open`): the neighbour's managed link. */
  linkId: string
  /** The neighbour's peer ID as its manager announced it (HELLO); not authenticated by itself. */
  peerId: string
  /** Physical link used before, or `null`. */
  from: { kind: TransportKind; linkId: string } | null
  /** Physical link used now, or `null` when none is left (frames wait for one). */
  to: { kind: TransportKind; linkId: string } | null
  /** Why the choice changed. */
  reason: LinkChoiceEvent['reason']
}

/** The manager and how to stop listening to it. */
export interface NodeLinkManager {
  readonly manager: TransportManager
  /** Remove the event listeners (the node's `stop` stops the manager itself as its transport). */
  readonly off: () => void
}

/**
 * Wrap `transports` in a transport manager.
 * @param transports - The node's transports (members of the manager).
 * @param options - `true` or manager options.
 * @param clock - The node's clock.
 * @param rng - The node's RNG.
 * @param localId - Reads the node's peer ID (known once `start()` loaded the identity).
 * @param emit - Emits a mesh event.
 * @returns The manager (the node's only transport) and an unsubscribe function.
 * @throws TypeError / RangeError from `createTransportManager` for bad options.
 */
export function wrapInLinkManager(
  transports: readonly Transport[],
  options: true | MeshLinkManagerOptions,
  clock: Clock,
  rng: Rng,
  localId: () => string,
  emit: (event: 'link:upgrade' | 'link:downgrade', detail: MeshLinkChoiceEvent) => void,
): NodeLinkManager {
  const extra = options === true ? {} : options
  const manager = createTransportManager({ ...extra, transports, clock, rng, localId })
  // The manager is the node's transport number 0, so its links are `0:<id>` in mesh events.
  const toMesh = (e: LinkChoiceEvent): MeshLinkChoiceEvent => ({ linkId: `0:${e.link.id}`, peerId: e.nodeId, from: e.from, to: e.to, reason: e.reason })
  const offs = [manager.on('link:upgrade', (e) => emit('link:upgrade', toMesh(e))), manager.on('link:downgrade', (e) => emit('link:downgrade', toMesh(e)))]
  return {
    manager,
    off: () => {
      for (const off of offs.splice(0)) off()
    },
  }
}
