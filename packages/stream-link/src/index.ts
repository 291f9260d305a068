/**
 * @packageDocumentation
 * `@bitmesh/stream-link`: links over byte streams, shared by the socket-based transports
 * (Wi-Fi Direct, hotspot, Multipeer). It holds the framed {@link FastLink} with its bounded send
 * queue, the preface + `u32 length ‖ frame` framing of a {@link ByteStream}, the link table of the
 * stream transports ({@link StreamTransportBase}), a simulated pipe in virtual time, and at
 * `./node` / `./react-native` the TCP/UDP plumbing of those runtimes. It is not a transport: it
 * has no factory of its own.
 *
 * @example
 * ```ts
 * import { createSimulatedPipe, openFramedStream, FastLink } from '@bitmesh/stream-link'
 *
 * const [a, b] = createSimulatedPipe('10.0.0.1:1', '10.0.0.2:1', { clock })
 * openFramedStream(a, { clock, maxFrameBytes: 65_536, label: 'a', datagramPort: 0, prefaceTimeoutMs: 5_000 }, {
 *   ready: (remote, sink, mtu) => new FastLink({ id: 'a-1', kind: 'wifi-direct', remoteAddress: remote.label,
 *     direction: 'outbound', mtu, sink, maxQueueBytes: 4 << 20, highWaterBytes: 512 << 10 }),
 *   failed: (error) => console.error(error),
 * })
 * ```
 */
export { createAbortController, onAbort, type SimpleAbortController } from '@bitmesh/interface'
export { parseHostPort, type ByteStream, type ByteStreamHandlers, type DatagramSocket, type DatagramHandler } from './byte-stream.js'
export {
  openFramedStream,
  type FramedStreamOptions,
  type FramedStreamEvents,
  type FramedStreamHandle,
  type FramedStreamTarget,
} from './framed-stream.js'
export { FastLink, type FastLinkInit, type FrameSink } from './link.js'
export {
  createSimulatedPipe,
  SIM_PIPE_LATENCY_MS,
  SIM_PIPE_BANDWIDTH_BYTES_PER_SECOND,
  SIM_PIPE_HIGH_WATER_BYTES,
  type SimulatedPipeOptions,
} from './sim-pipe.js'
export {
  StreamTransportBase,
  FAST_LINK_MTU_BYTES,
  FAST_LINK_HIGH_WATER_BYTES,
  FAST_LINK_MAX_QUEUE_BYTES,
  FAST_LINK_CONNECT_TIMEOUT_MS,
  FAST_LINK_PREFACE_TIMEOUT_MS,
  FAST_LINK_MAX_DATAGRAM_BYTES,
  type StreamTransportOptions,
  type StreamTransportStats,
} from './stream-transport.js'
