/**
 * Per-link receive budget, scaled by the link's MTU. A BLE link (MTU ≤ 512) keeps bitchat's
 * 400 frames per second; a fast link (Wi-Fi Direct, LAN, 64 KiB MTU) may carry more and larger
 * frames, but every link stays bounded per second in BOTH frames (per-frame decode and dedup work)
 * and bytes (hashing, copying, reassembly). The file pacer sends below the same budget.
 * @module
 */
import { LINK_RATE_WINDOW_MS, MAX_FRAMES_PER_LINK_PER_WINDOW } from './constants.js'

/** The MTU a BLE link is assumed to have; the base budget is per this many bytes of MTU. */
export const LINK_RATE_BASE_MTU_BYTES = 512
/** Most frames any link may deliver per {@link LINK_RATE_WINDOW_MS} (fast links). */
export const MAX_FAST_FRAMES_PER_LINK_PER_WINDOW = 2_048
/** Most bytes any link may deliver per {@link LINK_RATE_WINDOW_MS}: 128 MiB (≈ 1 Gbit/s). */
export const MAX_BYTES_PER_LINK_PER_WINDOW = 128 * 1_048_576

/** A link's receive budget per {@link LINK_RATE_WINDOW_MS}. */
export interface LinkRate {
  /** Frames per window. */
  readonly frames: number
  /** Bytes per window. */
  readonly bytes: number
}

/**
 * The receive budget of a link of `mtu` bytes: 400 frames per 512 bytes of MTU (at most
 * {@link MAX_FAST_FRAMES_PER_LINK_PER_WINDOW}), each worth at most one MTU of bytes (at most
 * {@link MAX_BYTES_PER_LINK_PER_WINDOW}). MTU 512 → 400 frames, 200 KiB; MTU 64 KiB → 2 048
 * frames, 128 MiB.
 * @param mtu - The link MTU in bytes (non-finite or small values count as 512).
 * @returns The budget.
 */
export function linkRate(mtu: number): LinkRate {
  const units = Number.isFinite(mtu) && mtu > LINK_RATE_BASE_MTU_BYTES ? Math.ceil(mtu / LINK_RATE_BASE_MTU_BYTES) : 1
  const frames = Math.min(MAX_FAST_FRAMES_PER_LINK_PER_WINDOW, MAX_FRAMES_PER_LINK_PER_WINDOW * units)
  const bytes = Math.min(MAX_BYTES_PER_LINK_PER_WINDOW, frames * LINK_RATE_BASE_MTU_BYTES * units)
  return { frames, bytes }
}

interface Window {
  start: number
  frames: number
  bytes: number
}

/** Fixed-window frame and byte counters per link (entries vanish with their links). */
export class LinkAdmission {
  readonly #windows = new WeakMap<object, Window>()

  /**
   * Count one received frame against its link's budget.
   * @param link - The link's identity (its entry).
   * @param mtu - The link MTU.
   * @param frameBytes - Length of the frame.
   * @param nowMs - Current time.
   * @returns `false` when the frame exceeds the link's frames or bytes for this window.
   */
  admit(link: object, mtu: number, frameBytes: number, nowMs: number): boolean {
    let w = this.#windows.get(link)
    if (w === undefined) {
      w = { start: nowMs, frames: 0, bytes: 0 }
      this.#windows.set(link, w)
    }
    if (nowMs - w.start >= LINK_RATE_WINDOW_MS) {
      w.start = nowMs
      w.frames = 0
      w.bytes = 0
    }
    const rate = linkRate(mtu)
    w.frames++
    w.bytes += frameBytes
    return w.frames <= rate.frames && w.bytes <= rate.bytes
  }
}
