/**
 * @packageDocumentation
 * `@bitmesh/transport-compliance/memory`: the reference in-memory transport, free of any test
 * framework, for mesh tests and examples.
 *
 * @example
 * ```ts
 * import { MemoryNetwork, ManualClock, memoryTransport } from '@bitmesh/transport-compliance/memory'
 *
 * const clock = new ManualClock()
 * const network = new MemoryNetwork({ clock, latencyMs: 5 })
 * const a = memoryTransport({ network, address: 'a' })
 * const b = memoryTransport({ network, address: 'b' })
 * await a.start()
 * await b.start()
 * b.on('link:open', (link) => link.on('frame', (f) => console.log('b got', f.length, 'bytes')))
 * const dialling = a.dial('b')
 * await clock.advance(5)
 * const link = await dialling
 * link.send(new Uint8Array(100))
 * await clock.advance(5) // logs "b got 100 bytes"
 * ```
 */
export { MemoryNetwork, type MemoryNetworkOptions } from './network.js'
export { MemoryLink } from './link.js'
export {
  MemoryTransport,
  memoryTransport,
  DEFAULT_MEMORY_MTU_BYTES,
  DEFAULT_HIGH_WATER_MARK_BYTES,
  DEFAULT_MAX_QUEUE_BYTES,
  type MemoryTransportOptions,
} from './transport.js'
export { memoryTransportPair, type MemoryTransportPair, type MemoryTransportPairOptions } from './pair.js'
export { ManualClock, flushMicrotasks } from './manual-clock.js'
export { connectTransports } from '../connect.js'
