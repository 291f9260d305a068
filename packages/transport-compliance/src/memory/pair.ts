/**
 * Two started memory transports on a fresh network: the quickest way to get links in a test.
 * @module
 */
import type { Link } from '@bitmesh/interface'
import { connectTransports } from '../connect.js'
import { MemoryNetwork, type MemoryNetworkOptions } from './network.js'
import { memoryTransport, type MemoryTransport, type MemoryTransportOptions } from './transport.js'

/** Options of {@link memoryTransportPair}: the network's, plus per-transport limits applied to both. */
export interface MemoryTransportPairOptions extends MemoryNetworkOptions, Omit<MemoryTransportOptions, 'network' | 'address'> {}

/** What {@link memoryTransportPair} returns. */
export interface MemoryTransportPair {
  /** The shared medium. */
  readonly network: MemoryNetwork
  /** Transport at address `a`. */
  readonly a: MemoryTransport
  /** Transport at address `b`. */
  readonly b: MemoryTransport
  /** Dial `b` from `a`; resolves with `[a's end, b's end]` (advance the clock meanwhile if it is manual). */
  connect(): Promise<[Link, Link]>
}

/**
 * Create a network with two transports, `a` and `b`, both started.
 * @param options network options (clock, latency, bandwidth) and transport limits (mtu, watermarks).
 * @returns the pair and a `connect()` helper.
 * @throws TypeError / RangeError for invalid options.
 *
 * @example
 * ```ts
 * const { a, b, connect } = await memoryTransportPair({ mtu: 185 })
 * const [toB, toA] = await connect()
 * toA.on('frame', (frame) => console.log('b got', frame))
 * toB.send(new Uint8Array([1, 2, 3]))
 * ```
 */
export async function memoryTransportPair(options: MemoryTransportPairOptions = {}): Promise<MemoryTransportPair> {
  const { clock, latencyMs, bandwidthBytesPerSecond, canReach, ...limits } = options
  const networkOptions: MemoryNetworkOptions = {}
  if (clock !== undefined) networkOptions.clock = clock
  if (latencyMs !== undefined) networkOptions.latencyMs = latencyMs
  if (bandwidthBytesPerSecond !== undefined) networkOptions.bandwidthBytesPerSecond = bandwidthBytesPerSecond
  if (canReach !== undefined) networkOptions.canReach = canReach
  const network = new MemoryNetwork(networkOptions)
  const a = memoryTransport({ ...limits, network, address: 'a' })
  const b = memoryTransport({ ...limits, network, address: 'b' })
  await a.start()
  await b.start()
  return { network, a, b, connect: () => connectTransports(a, b, b.address) }
}
