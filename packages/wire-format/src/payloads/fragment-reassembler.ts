/**
 * Bounded, clock-driven reassembly of fragments arriving from the network
 * (`shared/spec/bitchat-wire.md` §2.6, §6.6). Every bound is a constructor option with the
 * apps' value as default; every refusal is counted in {@link ReassemblyStats}.
 * @module
 */
import type { Clock } from '@bitmesh/interface'
import { bytesToHex } from '../packet/bytes.js'
import { MessageType } from '../packet/constants.js'
import type { BitchatPacket } from '../packet/types.js'
import { tryDecodePacket } from '../packet/index.js'
import { joinParts } from './internal/reassemble.js'
import { MAX_FRAGMENT_TOTAL, tryDecodeFragmentPayload } from './fragment.js'
import {
  MAX_ASSEMBLY_BYTES,
  MAX_CONCURRENT_ASSEMBLIES,
  MAX_LARGE_ASSEMBLY_BYTES,
  MAX_REASSEMBLY_BUFFER_BYTES,
  REASSEMBLY_TIMEOUT_MS,
} from './fragment-limits.js'

/** Why a fragment was refused. */
export type ReassemblyDropReason =
  /** The packet's type is not FRAGMENT. */
  | 'notFragment'
  /** Payload shorter than 13 bytes, `total` 0 or above the cap, or `index ≥ total`. */
  | 'malformed'
  /** `total` or `originalType` differs from the set's first fragment. */
  | 'inconsistent'
  /** The set outgrew its per-assembly byte cap; the whole assembly was discarded (iOS). */
  | 'tooLarge'
  /** Accepting it would exceed the global buffer cap (Android). */
  | 'bufferFull'
  /** The set was complete but its concatenation is not a valid packet. */
  | 'undecodable'

/** Outcome of {@link FragmentReassembler.accept}. */
export type ReassemblyResult =
  | {
      readonly status: 'complete'
      /** The original packet, decoded, with TTL forced to 0 (never relay it as a whole). */
      readonly packet: BitchatPacket
      /** The set's fragment ID. */
      readonly fragmentId: Uint8Array
    }
  | { readonly status: 'pending'; readonly received: number; readonly total: number }
  | { readonly status: 'duplicate' }
  | { readonly status: 'dropped'; readonly reason: ReassemblyDropReason }

/** Counters and gauges of a {@link FragmentReassembler}. */
export interface ReassemblyStats {
  /** Assemblies in flight. */
  activeAssemblies: number
  /** Fragment data bytes buffered across all assemblies. */
  bufferedBytes: number
  /** Packets reassembled. */
  completed: number
  /** Fragments ignored because their index was already held. */
  duplicates: number
  /** Fragments refused, by reason. */
  dropped: Record<ReassemblyDropReason, number>
  /** Assemblies discarded after {@link ReassemblerOptions.timeoutMs}. */
  expiredAssemblies: number
  /** Assemblies evicted (oldest first) to make room for a new one. */
  evictedAssemblies: number
}

/** Options of a {@link FragmentReassembler}; every field has the apps' default. */
export interface ReassemblerOptions {
  /** Time source (`now()` only; no timers are scheduled). */
  clock: Pick<Clock, 'now'>
  /** Lifetime of an incomplete assembly from its first fragment. Default 30 000 ms. */
  timeoutMs?: number
  /** Assemblies in flight; starting one more evicts the oldest. Default 128. */
  maxAssemblies?: number
  /** Largest accepted `total`. Default 10 000 (iOS); 256 mimics Android. */
  maxFragmentsPerSet?: number
  /** Per-assembly byte cap for most original types. Default 1 MiB. */
  maxAssemblyBytes?: number
  /** Per-assembly byte cap for FILE_TRANSFER / NOISE_ENCRYPTED originals. Default 1 179 760. */
  maxLargeAssemblyBytes?: number
  /** Cap on bytes buffered across assemblies. Default 4 MiB; at least each per-assembly cap. */
  maxBufferedBytes?: number
}

interface Assembly {
  readonly senderId: Uint8Array
  readonly fragmentId: Uint8Array
  readonly total: number
  readonly originalType: number
  readonly limit: number
  readonly startedAtMs: number
  readonly parts: Map<number, Uint8Array>
  bytes: number
}

/**
 * Collects fragments per (sender, fragment ID) — iOS's keying; Android keys by fragment ID
 * alone — and returns the original packet when a set completes.
 *
 * Bounds: assemblies expire {@link REASSEMBLY_TIMEOUT_MS} after their first fragment (checked
 * lazily on every {@link accept} and by {@link sweep}, oldest first); at most
 * {@link MAX_CONCURRENT_ASSEMBLIES} in flight, the oldest evicted for a new one; each assembly
 * capped at 1 MiB (1 179 760 B for file/Noise originals) and discarded when it outgrows that;
 * all buffered bytes capped at 4 MiB, beyond which fragments are refused. Fragment data is held
 * by reference (views into the packets passed in), not copied.
 */
export class FragmentReassembler {
  private readonly clock: Pick<Clock, 'now'>
  private readonly timeoutMs: number
  private readonly maxAssemblies: number
  private readonly maxFragmentsPerSet: number
  private readonly maxAssemblyBytes: number
  private readonly maxLargeAssemblyBytes: number
  private readonly maxBufferedBytes: number
  /** Insertion order == start order, so the first entry is always the oldest. */
  private readonly assemblies = new Map<string, Assembly>()
  private bufferedBytes = 0
  private readonly counters: Omit<ReassemblyStats, 'activeAssemblies' | 'bufferedBytes' | 'dropped'> = {
    completed: 0,
    duplicates: 0,
    expiredAssemblies: 0,
    evictedAssemblies: 0,
  }
  private readonly drops: Record<ReassemblyDropReason, number> = {
    notFragment: 0,
    malformed: 0,
    inconsistent: 0,
    tooLarge: 0,
    bufferFull: 0,
    undecodable: 0,
  }

  /**
   * @param options - Clock and optional bounds.
   * @throws TypeError without a clock; RangeError for a non-positive or inconsistent bound.
   */
  constructor(options: ReassemblerOptions) {
    if (typeof options?.clock?.now !== 'function') throw new TypeError('FragmentReassembler needs a clock')
    this.clock = options.clock
    this.timeoutMs = positive(options.timeoutMs ?? REASSEMBLY_TIMEOUT_MS, 'timeoutMs')
    this.maxAssemblies = positive(options.maxAssemblies ?? MAX_CONCURRENT_ASSEMBLIES, 'maxAssemblies')
    this.maxFragmentsPerSet = positive(options.maxFragmentsPerSet ?? MAX_FRAGMENT_TOTAL, 'maxFragmentsPerSet')
    this.maxAssemblyBytes = positive(options.maxAssemblyBytes ?? MAX_ASSEMBLY_BYTES, 'maxAssemblyBytes')
    this.maxLargeAssemblyBytes = positive(options.maxLargeAssemblyBytes ?? MAX_LARGE_ASSEMBLY_BYTES, 'maxLargeAssemblyBytes')
    this.maxBufferedBytes = positive(options.maxBufferedBytes ?? MAX_REASSEMBLY_BUFFER_BYTES, 'maxBufferedBytes')
    if (this.maxFragmentsPerSet > MAX_FRAGMENT_TOTAL) throw new RangeError(`maxFragmentsPerSet must be ≤ ${MAX_FRAGMENT_TOTAL}`)
    if (this.maxBufferedBytes < Math.max(this.maxAssemblyBytes, this.maxLargeAssemblyBytes)) {
      throw new RangeError('maxBufferedBytes must be at least each per-assembly cap')
    }
  }

  /**
   * Offer one decoded FRAGMENT packet (after dedup, before any relay decision).
   * @param packet - A decoded packet of type `0x20`.
   * @returns `complete` with the original packet, `pending`, `duplicate`, or `dropped` with a
   *   reason. Never throws for bad input.
   */
  accept(packet: BitchatPacket): ReassemblyResult {
    const now = this.clock.now()
    this.expire(now)
    if (packet.type !== MessageType.FRAGMENT) return this.drop('notFragment')
    const fragment = tryDecodeFragmentPayload(packet.payload)
    if (fragment === null || fragment.total > this.maxFragmentsPerSet) return this.drop('malformed')

    const key = bytesToHex(packet.senderId) + bytesToHex(fragment.fragmentId)
    let assembly = this.assemblies.get(key)
    if (assembly !== undefined) {
      if (assembly.total !== fragment.total || assembly.originalType !== fragment.originalType) return this.drop('inconsistent')
      if (assembly.parts.has(fragment.index)) {
        this.counters.duplicates++
        return { status: 'duplicate' }
      }
    }
    const size = fragment.data.length
    const limit = assembly?.limit ?? this.limitFor(fragment.originalType)
    if ((assembly?.bytes ?? 0) + size > limit) {
      if (assembly !== undefined) this.remove(key, assembly)
      return this.drop('tooLarge')
    }
    if (this.bufferedBytes + size > this.maxBufferedBytes) return this.drop('bufferFull')

    if (assembly === undefined) {
      if (this.assemblies.size >= this.maxAssemblies) this.evictOldest()
      assembly = {
        // Copies: the ID and sender views would otherwise pin the first packet's buffer.
        senderId: packet.senderId.slice(),
        fragmentId: fragment.fragmentId.slice(),
        total: fragment.total,
        originalType: fragment.originalType,
        limit,
        startedAtMs: now,
        parts: new Map(),
        bytes: 0,
      }
      this.assemblies.set(key, assembly)
    }
    assembly.parts.set(fragment.index, fragment.data)
    assembly.bytes += size
    this.bufferedBytes += size
    if (assembly.parts.size < assembly.total) {
      return { status: 'pending', received: assembly.parts.size, total: assembly.total }
    }

    this.remove(key, assembly)
    const decoded = tryDecodePacket(joinParts(assembly.parts, assembly.total, assembly.bytes))
    if (!decoded.ok) return this.drop('undecodable')
    // Both apps process reassembled packets with TTL 0: the fragments were relayed, not the whole.
    decoded.packet.ttl = 0
    this.counters.completed++
    return { status: 'complete', packet: decoded.packet, fragmentId: assembly.fragmentId }
  }

  /**
   * Discard assemblies older than the timeout now (also done lazily by {@link accept}).
   * @returns How many were discarded.
   */
  sweep(): number {
    return this.expire(this.clock.now())
  }

  /**
   * True when an incomplete assembly for this sender and fragment ID is held.
   * @param senderId - 8-byte sender peer ID.
   * @param fragmentId - 8-byte fragment ID.
   * @returns Whether the assembly exists.
   */
  has(senderId: Uint8Array, fragmentId: Uint8Array): boolean {
    return this.assemblies.has(bytesToHex(senderId) + bytesToHex(fragmentId))
  }

  /** Drop every assembly (e.g. on panic wipe). Counters are kept. */
  clear(): void {
    this.assemblies.clear()
    this.bufferedBytes = 0
  }

  /** @returns A snapshot of the counters and gauges. */
  get stats(): ReassemblyStats {
    return {
      activeAssemblies: this.assemblies.size,
      bufferedBytes: this.bufferedBytes,
      ...this.counters,
      dropped: { ...this.drops },
    }
  }

  private limitFor(originalType: number): number {
    return originalType === MessageType.FILE_TRANSFER || originalType === MessageType.NOISE_ENCRYPTED
      ? this.maxLargeAssemblyBytes
      : this.maxAssemblyBytes
  }

  private drop(reason: ReassemblyDropReason): ReassemblyResult {
    this.drops[reason]++
    return { status: 'dropped', reason }
  }

  private remove(key: string, assembly: Assembly): void {
    this.assemblies.delete(key)
    this.bufferedBytes -= assembly.bytes
  }

  private evictOldest(): void {
    for (const [key, assembly] of this.assemblies) {
      this.remove(key, assembly)
      this.counters.evictedAssemblies++
      return
    }
  }

  /** Start order is insertion order, so expiry stops at the first live assembly. */
  private expire(now: number): number {
    let expired = 0
    for (const [key, assembly] of this.assemblies) {
      if (now - assembly.startedAtMs < this.timeoutMs) break
      this.remove(key, assembly)
      expired++
    }
    this.counters.expiredAssemblies += expired
    return expired
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer`)
  return value
}
