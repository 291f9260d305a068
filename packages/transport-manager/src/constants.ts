/**
 * Defaults of the transport manager. Every size is in bytes, every duration in milliseconds.
 * @module
 */

/** Default order of link kinds, best first (DESIGN §6 fallback chain). */
export const DEFAULT_PREFERENCE: readonly string[] = ['multipeer', 'wifi-direct', 'hotspot', 'ble']

/**
 * Largest frame the managed link accepts: 64 KiB less the 16-byte DATA header, so one frame is one
 * piece on a 64 KiB socket link (a 64 KiB frame would cost a second, tiny piece and a reassembly
 * copy: measured 0.11× instead of 0.6× raw TCP). Bigger frames are split per physical MTU.
 */
export const DEFAULT_MTU_BYTES = 65_520
/** Hard ceiling of {@link DEFAULT_MTU_BYTES} (keeps one frame's reassembly bounded). */
export const MAX_MTU_BYTES = 4 * 1024 * 1024
/** Frames of at least this size are bulk: they go on the link with the best throughput. */
export const DEFAULT_BULK_THRESHOLD_BYTES = 4_096
/** `send` returns `false` once this many bytes wait in the manager (not yet handed to a link). */
export const DEFAULT_HIGH_WATER_BYTES = 1024 * 1024
/** `send` throws `CAPACITY_EXCEEDED` beyond this many waiting bytes per neighbour. */
export const DEFAULT_MAX_QUEUE_BYTES = 8 * 1024 * 1024
/** Frames handed to links and not yet acknowledged, per neighbour. */
export const DEFAULT_WINDOW_FRAMES = 2_048
/** Bytes handed to links and not yet acknowledged, per neighbour (kept for requeue on downgrade). */
export const DEFAULT_WINDOW_BYTES = 8 * 1024 * 1024
/** Receiver cap on bytes held in partly received or out-of-order frames, per neighbour. */
export const DEFAULT_RX_BUFFER_BYTES = 16 * 1024 * 1024
/** No acknowledgement progress for this long (plus the estimated drain time) marks a link stalled. */
export const DEFAULT_STALL_TIMEOUT_MS = 4_000
/** Upper bound of the drain-time allowance added to the stall timeout. */
export const MAX_STALL_ALLOWANCE_MS = 60_000
/** A neighbour whose last link failed (not closed by the peer) keeps its queue this long for a new link. */
export const DEFAULT_ORPHAN_TIMEOUT_MS = 30_000
/** A link that has not said HELLO within this time is treated as a plain (bitchat) link. */
export const DEFAULT_HELLO_TIMEOUT_MS = 3_000
/** Most neighbours (managed links) at once; more HELLOs from new nodes are refused. */
export const DEFAULT_MAX_NEIGHBOURS = 256
/** Acknowledge after this many delivered frames … */
export const ACK_EVERY_FRAMES = 16
/** … or this many delivered bytes … */
export const ACK_EVERY_BYTES = 256 * 1024
/** … or this long after the first unacknowledged delivery. */
export const ACK_DELAY_MS = 5
/** Smoothing factor of the latency, throughput and success averages (weight of a new sample). */
export const EWMA_ALPHA = 0.25
/** Shortest interval over which a throughput sample is taken. */
export const THROUGHPUT_SAMPLE_MS = 100
/** Links whose success average falls below this are not chosen while another link exists. */
export const MIN_SUCCESS = 0.3
/** Physical links with a smaller MTU cannot carry the envelope and stay plain. */
export const MIN_ENVELOPE_MTU_BYTES = 48

/** Relative energy cost per byte of each kind (BLE cheapest); used in power-saving mode. */
export const DEFAULT_POWER_COST: Readonly<Record<string, number>> = {
  memory: 0,
  ble: 1,
  lan: 2,
  multipeer: 3,
  'wifi-direct': 4,
  hotspot: 5,
}

/** Throughput assumed for a kind before anything was measured, in bytes per second. */
export const NOMINAL_THROUGHPUT_BYTES_PER_SECOND: Readonly<Record<string, number>> = {
  ble: 20_000,
  multipeer: 10_000_000,
  'wifi-direct': 25_000_000,
  hotspot: 20_000_000,
  lan: 50_000_000,
  memory: 50_000_000,
}
