/**
 * @packageDocumentation
 * `@bitmesh/cluster-election`: cluster heads for BitMesh (DESIGN §6). A 12-byte BLE beacon codec,
 * a neighbour table with per-window RSSI statistics, the head election (eligibility, ranking,
 * hysteresis, re-election, flat mode), head duties (10 s table gossip to adjacent heads, TTL 5),
 * forwarding modes with a bounded 2-minute BLE fallback buffer, the power policy (beacon interval,
 * sleep cycles) and a battery drain model. BitMesh extensions: announce TLV `0xB1` and outer
 * packet type `0xB1`. Pure logic: time comes in as `nowMs`, packets leave through injected
 * functions; nothing here reads clocks, randomness or timers.
 *
 * @example
 * ```ts
 * import { ClusterElection, ClusterNeighborTable, decodeBeacon, encodeBeacon } from '@bitmesh/cluster-election'
 *
 * const table = new ClusterNeighborTable()
 * const election = new ClusterElection({
 *   selfId: new Uint8Array(8).fill(1), table, send: (to, msg) => console.log(msg.kind),
 *   self: { os: 'ios', hotspotSupport: false, charging: false, batteryLevel: 80, estBatteryLifeMin: 600 },
 * })
 * const head = { id: new Uint8Array(8).fill(2), os: 'android', role: 'head', hotspotSupport: true,
 *   charging: false, batteryLevel: 90, estBatteryLifeMin: 900, wake: false, neighborhoodRssiDbm: -60 } as const
 * for (let t = 0; t <= 5_000; t += 500) table.observe(decodeBeacon(encodeBeacon(head)), -62, t)
 * if (table.tick(5_000)) election.step(5_000) // logs "register"
 * console.log(election.role) // 'member'
 * ```
 */
export * from './constants.js'
export * from './beacon.js'
export * from './cluster-tlv.js'
export * from './control.js'
export { idKey, compareIds } from './id-key.js'
export * from './neighbor-table.js'
export * from './member-registry.js'
export * from './rank.js'
export * from './election.js'
export * from './head-duties.js'
export * from './hold-queue.js'
export * from './fallback-buffer.js'
export * from './forwarding.js'
export * from './power.js'
export * from './drain.js'
export * from './head-identity.js'
