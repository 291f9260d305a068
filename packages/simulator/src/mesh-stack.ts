/**
 * The default stack: the real thing. One `SimulatedBleRadio` (transport-ble) per world, fed by
 * the {@link World} as its propagation model (with the spatial grid as `candidates`), and per
 * node a simulated adapter, `bleTransport` and `createMeshNode` with a memory store.
 * @module
 */
import { createRelayPolicy, RELAY_POLICY_NAMES } from '@bitmesh/gossip-router'
import { createMeshNode, memoryKeyValueStore, type RelayPolicy } from '@bitmesh/mesh'
import { bleTransport, createSimulatedBleAdapter, SimulatedBleRadio, ATT_HEADER_BYTES, DEFAULT_MAX_OUTBOUND_LINKS } from '@bitmesh/transport-ble'
import { createHostileNode } from './hostile-node.js'
import { clusterProfile } from './clusters.js'
import type { NodeContext, NodeStack, SimNode } from './node-stack.js'

/** Relay policies a scenario's `policy.relay` may name. */
export const RELAY_POLICIES: Readonly<Record<string, () => RelayPolicy>> = Object.freeze({
  // `default` is the mesh node's default (bitchat iOS, §6.3); `ios` its historical alias.
  default: () => createRelayPolicy('bitchat-ios'),
  ios: () => createRelayPolicy('bitchat-ios'),
  ...Object.fromEntries(RELAY_POLICY_NAMES.map((name) => [name, () => createRelayPolicy(name)])),
})

/** A BLE transport on the simulated radio, configured from the scenario (honest and hostile nodes alike). */
function simulatedBle(radio: SimulatedBleRadio, ctx: NodeContext) {
  const ble = ctx.scenario.radio.ble
  const adapter = createSimulatedBleAdapter(radio, { address: ctx.address, maxConnections: ble.maxLinks })
  return bleTransport({
    adapter,
    clock: ctx.clock,
    rng: ctx.rng.fork('ble'),
    maxLinks: ble.maxLinks,
    maxOutboundLinks: Math.min(DEFAULT_MAX_OUTBOUND_LINKS, ble.maxLinks),
    requestedAttMtu: ble.mtu + ATT_HEADER_BYTES,
  })
}

/**
 * The real transport-ble + mesh stack.
 * @returns A {@link NodeStack} named `"mesh"`.
 * @throws {RangeError} (from `createMedium`) when the scenario names an unknown relay policy.
 */
export function meshStack(): NodeStack<SimulatedBleRadio> {
  return {
    name: 'mesh',
    createMedium(ctx) {
      const policy = ctx.scenario.policy.relay
      if (RELAY_POLICIES[policy] === undefined) {
        throw new RangeError(`unknown relay policy ${JSON.stringify(policy)} (have ${Object.keys(RELAY_POLICIES).join(', ')})`)
      }
      const ble = ctx.scenario.radio.ble
      return new SimulatedBleRadio({
        clock: ctx.clock,
        rng: ctx.rng,
        propagation: ctx.world,
        // kbit/s → bytes/s.
        bandwidthBytesPerSecond: (ble.kbps * 1000) / 8,
        defaultMtu: ble.mtu + ATT_HEADER_BYTES,
        onTransmit: ctx.onTransmit,
      })
    },
    createNode(radio, ctx) {
      const transport = simulatedBle(radio, ctx)
      const node = createMeshNode({
        transports: [transport],
        clock: ctx.clock,
        rng: ctx.rng,
        crypto: ctx.crypto,
        store: memoryKeyValueStore(),
        nickname: ctx.nickname,
        relayPolicy: RELAY_POLICIES[ctx.scenario.policy.relay]!(),
        // Memory backends (the mesh default) when on; `false` for the comparison run without it.
        ...(ctx.scenario.storeForward ? {} : { storeForward: false as const }),
        // Cluster mode (issue #6): the device profile comes from its own stream.
        ...(ctx.scenario.clusters ? { clusters: { ...clusterProfile(ctx.rng.fork('cluster')), sleep: ctx.scenario.clusterSleep } } : {}),
      })
      // MeshEvents details are supersets of SimNodeEvents details.
      return node as unknown as SimNode
    },
    createHostileNode(radio, ctx) {
      const hostile = ctx.scenario.hostile
      if (hostile === undefined) throw new RangeError('scenario has no hostile section')
      const transport = simulatedBle(radio, ctx)
      return createHostileNode({
        transport,
        clock: ctx.clock,
        rng: ctx.rng.fork('hostile'),
        crypto: ctx.crypto,
        behaviours: hostile.behaviours,
        ratesPerS: hostile.ratesPerS,
        startDelayMs: hostile.startS * 1000,
      })
    },
  }
}
