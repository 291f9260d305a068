/**
 * The relay cache: packets of *other* nodes held for a while so they can be handed on when
 * their recipient (or any new neighbour, for broadcasts) appears. Bounded by bytes, entries and
 * per-sender share; each class has a hold time (DM 2 h, group 30 min, public 5 min, SOS until
 * resolved; media and control traffic are never cached). When full, it evicts the lowest class
 * first (public → group → dm → sos) and, within a class, the oldest entry; a new entry never
 * evicts a class above its own. Deduplicated by packet ID. In memory: it is a cache, and losing
 * it on restart loses nothing anyone was promised.
 * @module
 */
import type { Clock, Wipeable } from '@bitmesh/interface'
import {
  DM_HOLD_MS,
  GROUP_HOLD_MS,
  PUBLIC_HOLD_MS,
  RELAY_CACHE_MAX_BYTES,
  RELAY_CACHE_MAX_ENTRIES,
  RELAY_CACHE_MAX_SOS_ENTRIES,
  RELAY_CACHE_SENDER_SHARE,
} from './constants.js'
import type { MessageClass } from './types.js'

/** Classes the cache holds, lowest eviction priority first. */
export const CACHED_CLASSES = Object.freeze(['public', 'group', 'dm', 'sos'] as const)

/** A cacheable class. */
export type CachedClass = (typeof CACHED_CLASSES)[number]

const PRIORITY: Record<CachedClass, number> = { public: 0, group: 1, dm: 2, sos: 3 }

/** What the caller hands to {@link RelayCache.put}. See `relayInputFromPacket` for decoded packets. */
export interface RelayCacheInput {
  /** Dedup key: the §2.7.1 packet ID as hex. */
  readonly packetId: string
  /** Sender peer ID hex (share accounting). */
  readonly sender: string
  /** Recipient peer ID hex, or `null` for broadcast. */
  readonly recipient: string | null
  /** Traffic class. */
  readonly cls: MessageClass
  /** The frame to replay (copied). */
  readonly frame: Uint8Array
}

/** One cached packet. */
export interface RelayCacheEntry {
  /** Packet ID hex (§2.7.1), the dedup key. */
  readonly packetId: string
  /** Sender peer ID hex. */
  readonly sender: string
  /** Recipient peer ID hex, or `null` for broadcast. */
  readonly recipient: string | null
  /** Traffic class (decides hold time and eviction order). */
  readonly cls: CachedClass
  /** The stored frame. Do not mutate. */
  readonly frame: Uint8Array
  /** When it was cached (ms). */
  readonly storedAt: number
  /** When it expires (ms); `Infinity` for SOS. */
  readonly expiresAt: number
}

/** Why {@link RelayCache.put} refused an entry. */
export type RelayRejectReason = 'duplicate' | 'not-cacheable' | 'too-large' | 'full' | 'sender-share' | 'sos-cap'

/** Outcome of {@link RelayCache.put}: never throws for hostile input. */
export type RelayPutResult =
  | { readonly stored: true; readonly evicted: number }
  | { readonly stored: false; readonly reason: RelayRejectReason }

/** Options of {@link RelayCache}. */
export interface RelayCacheOptions {
  /** Injected time. */
  clock: Clock
  /** Byte cap over all frames. Default {@link RELAY_CACHE_MAX_BYTES}. */
  maxBytes?: number
  /** Entry cap. Default {@link RELAY_CACHE_MAX_ENTRIES}. */
  maxEntries?: number
  /** Share of both caps one sender may hold, 0–1. Default {@link RELAY_CACHE_SENDER_SHARE}. */
  senderShare?: number
  /** SOS entries held at most. Default {@link RELAY_CACHE_MAX_SOS_ENTRIES}. */
  maxSosEntries?: number
  /** Hold times per class in ms (SOS is always until resolved). */
  holdMs?: Partial<Record<'dm' | 'group' | 'public', number>>
}

/** Counts of the cache. */
export interface RelayCacheStats {
  /** Entries held. */
  readonly entries: number
  /** Frame bytes held. */
  readonly bytes: number
  /** Entries per class. */
  readonly byClass: Readonly<Record<CachedClass, number>>
}

function isCached(cls: MessageClass): cls is CachedClass {
  return cls === 'public' || cls === 'group' || cls === 'dm' || cls === 'sos'
}

/** The bounded relay cache. */
export class RelayCache implements Wipeable {
  /** Name shown in panic-wipe reports. */
  readonly wipeName = 'store-forward relay cache'
  readonly #clock: Clock
  readonly #maxBytes: number
  readonly #maxEntries: number
  readonly #senderMaxBytes: number
  readonly #senderMaxEntries: number
  readonly #maxSos: number
  readonly #hold: Record<CachedClass, number>
  readonly #all = new Map<string, RelayCacheEntry>()
  /** Per class, in arrival order (= expiry order: one hold time per class). */
  readonly #byClass: Record<CachedClass, Map<string, RelayCacheEntry>> = {
    public: new Map(),
    group: new Map(),
    dm: new Map(),
    sos: new Map(),
  }
  /** Per sender, in arrival order. */
  readonly #bySender = new Map<string, Map<string, RelayCacheEntry>>()
  readonly #senderBytes = new Map<string, number>()
  /** Addressed entries per recipient. */
  readonly #byRecipient = new Map<string, Set<string>>()
  #bytes = 0

  /**
   * @param options - Clock and limits.
   * @throws RangeError for non-positive caps or a share outside (0, 1].
   */
  constructor(options: RelayCacheOptions) {
    this.#clock = options.clock
    this.#maxBytes = options.maxBytes ?? RELAY_CACHE_MAX_BYTES
    this.#maxEntries = options.maxEntries ?? RELAY_CACHE_MAX_ENTRIES
    this.#maxSos = options.maxSosEntries ?? RELAY_CACHE_MAX_SOS_ENTRIES
    const share = options.senderShare ?? RELAY_CACHE_SENDER_SHARE
    for (const [name, v] of [['maxBytes', this.#maxBytes], ['maxEntries', this.#maxEntries], ['maxSosEntries', this.#maxSos]] as const) {
      if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer`)
    }
    if (!(share > 0 && share <= 1)) throw new RangeError('senderShare must be within (0, 1]')
    this.#senderMaxBytes = Math.max(1, Math.floor(this.#maxBytes * share))
    this.#senderMaxEntries = Math.max(1, Math.floor(this.#maxEntries * share))
    this.#hold = {
      dm: options.holdMs?.dm ?? DM_HOLD_MS,
      group: options.holdMs?.group ?? GROUP_HOLD_MS,
      public: options.holdMs?.public ?? PUBLIC_HOLD_MS,
      sos: Infinity,
    }
    for (const cls of ['dm', 'group', 'public'] as const) {
      const v = this.#hold[cls]
      if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`holdMs.${cls} must be a finite number ≥ 0`)
    }
  }

  /**
   * Cache a packet. Evicts expired entries, then lower-or-equal-class entries (oldest first), to
   * make room; refuses when that is not enough.
   * @param input - Packet ID, sender, recipient, class and frame.
   * @returns Whether it was stored (and how many entries were evicted), or why not.
   */
  put(input: RelayCacheInput): RelayPutResult {
    const now = this.#clock.now()
    this.prune(now)
    if (!isCached(input.cls)) return { stored: false, reason: 'not-cacheable' }
    if (this.#all.has(input.packetId)) return { stored: false, reason: 'duplicate' }
    const size = input.frame.length
    if (size === 0 || size > this.#senderMaxBytes) return { stored: false, reason: 'too-large' }
    const cls = input.cls
    if (cls === 'sos' && this.#byClass.sos.size >= this.#maxSos) return { stored: false, reason: 'sos-cap' }
    const priority = PRIORITY[cls]

    // Victims are chosen first and removed only if the whole plan works, so a refusal changes nothing.
    const victims = new Set<RelayCacheEntry>()
    let freedBytes = 0
    const senderOwn = this.#bySender.get(input.sender)
    let senderBytes = this.#senderBytes.get(input.sender) ?? 0
    let senderEntries = senderOwn?.size ?? 0
    if (senderOwn !== undefined && (senderBytes + size > this.#senderMaxBytes || senderEntries + 1 > this.#senderMaxEntries)) {
      for (const entry of senderOwn.values()) {
        if (senderBytes + size <= this.#senderMaxBytes && senderEntries + 1 <= this.#senderMaxEntries) break
        if (PRIORITY[entry.cls] > priority) continue
        victims.add(entry)
        freedBytes += entry.frame.length
        senderBytes -= entry.frame.length
        senderEntries--
      }
      if (senderBytes + size > this.#senderMaxBytes || senderEntries + 1 > this.#senderMaxEntries) {
        return { stored: false, reason: 'sender-share' }
      }
    }
    const fits = (): boolean =>
      this.#bytes - freedBytes + size <= this.#maxBytes && this.#all.size - victims.size + 1 <= this.#maxEntries
    for (let p = 0; p <= priority && !fits(); p++) {
      for (const entry of this.#byClass[CACHED_CLASSES[p]!].values()) {
        if (fits()) break
        if (victims.has(entry)) continue
        victims.add(entry)
        freedBytes += entry.frame.length
      }
    }
    if (!fits()) return { stored: false, reason: 'full' }
    for (const victim of victims) this.#remove(victim)

    const entry: RelayCacheEntry = {
      packetId: input.packetId,
      sender: input.sender,
      recipient: input.recipient,
      cls,
      frame: input.frame.slice(),
      storedAt: now,
      expiresAt: now + this.#hold[cls],
    }
    this.#all.set(entry.packetId, entry)
    this.#byClass[cls].set(entry.packetId, entry)
    let own = this.#bySender.get(entry.sender)
    if (own === undefined) this.#bySender.set(entry.sender, (own = new Map()))
    own.set(entry.packetId, entry)
    this.#senderBytes.set(entry.sender, (this.#senderBytes.get(entry.sender) ?? 0) + size)
    if (entry.recipient !== null) {
      let set = this.#byRecipient.get(entry.recipient)
      if (set === undefined) this.#byRecipient.set(entry.recipient, (set = new Set()))
      set.add(entry.packetId)
    }
    this.#bytes += size
    return { stored: true, evicted: victims.size }
  }

  #remove(entry: RelayCacheEntry): void {
    this.#all.delete(entry.packetId)
    this.#byClass[entry.cls].delete(entry.packetId)
    const own = this.#bySender.get(entry.sender)
    if (own !== undefined) {
      own.delete(entry.packetId)
      if (own.size === 0) {
        this.#bySender.delete(entry.sender)
        this.#senderBytes.delete(entry.sender)
      } else this.#senderBytes.set(entry.sender, (this.#senderBytes.get(entry.sender) ?? 0) - entry.frame.length)
    }
    if (entry.recipient !== null) {
      const set = this.#byRecipient.get(entry.recipient)
      if (set !== undefined) {
        set.delete(entry.packetId)
        if (set.size === 0) this.#byRecipient.delete(entry.recipient)
      }
    }
    this.#bytes -= entry.frame.length
  }

  /**
   * Drop expired entries. Cheap: each class is in expiry order, so only heads are examined.
   * @param now - Time in ms (default: the clock's now).
   * @returns How many entries expired.
   */
  prune(now: number = this.#clock.now()): number {
    let n = 0
    for (const cls of ['public', 'group', 'dm'] as const) {
      for (const entry of this.#byClass[cls].values()) {
        if (entry.expiresAt > now) break
        this.#remove(entry)
        n++
      }
    }
    return n
  }

  /**
   * Whether a packet ID is cached (the dedup check before {@link RelayCache.put}).
   * @param packetId - Packet ID hex.
   */
  has(packetId: string): boolean {
    const entry = this.#all.get(packetId)
    return entry !== undefined && entry.expiresAt > this.#clock.now()
  }

  /**
   * A recipient connected: take (and remove) every unexpired packet addressed to it, oldest
   * first, for replay. SOS packets addressed to it are returned too and kept until resolved.
   * @param recipient - Recipient peer ID hex.
   * @returns The entries to send.
   */
  takeFor(recipient: string): RelayCacheEntry[] {
    this.prune()
    const ids = this.#byRecipient.get(recipient)
    if (ids === undefined) return []
    const out: RelayCacheEntry[] = []
    for (const id of [...ids]) {
      const entry = this.#all.get(id)!
      out.push(entry)
      if (entry.cls !== 'sos') this.#remove(entry)
    }
    return out.sort((a, b) => a.storedAt - b.storedAt)
  }

  /**
   * Unexpired broadcast entries (no recipient) for replay to a new neighbour, highest class
   * first, oldest first within a class. They stay cached (other neighbours may need them).
   * @param classes - Only these classes (default all).
   */
  broadcasts(classes: readonly CachedClass[] = CACHED_CLASSES): RelayCacheEntry[] {
    this.prune()
    const out: RelayCacheEntry[] = []
    for (let p = CACHED_CLASSES.length - 1; p >= 0; p--) {
      const cls = CACHED_CLASSES[p]!
      if (!classes.includes(cls)) continue
      for (const entry of this.#byClass[cls].values()) if (entry.recipient === null) out.push(entry)
    }
    return out
  }

  /**
   * An SOS was resolved (or any entry should go): remove it.
   * @param packetId - Packet ID hex.
   * @returns Whether it was cached.
   */
  resolve(packetId: string): boolean {
    const entry = this.#all.get(packetId)
    if (entry === undefined) return false
    this.#remove(entry)
    return true
  }

  /** Current counts. */
  stats(): RelayCacheStats {
    return {
      entries: this.#all.size,
      bytes: this.#bytes,
      byClass: {
        public: this.#byClass.public.size,
        group: this.#byClass.group.size,
        dm: this.#byClass.dm.size,
        sos: this.#byClass.sos.size,
      },
    }
  }

  /**
   * Bytes currently held for one sender.
   * @param sender - Sender peer ID hex.
   */
  senderBytes(sender: string): number {
    return this.#senderBytes.get(sender) ?? 0
  }

  /** Erase everything (panic wipe); frames are zeroed. */
  wipe(): void {
    for (const entry of this.#all.values()) entry.frame.fill(0)
    this.#all.clear()
    for (const cls of CACHED_CLASSES) this.#byClass[cls].clear()
    this.#bySender.clear()
    this.#senderBytes.clear()
    this.#byRecipient.clear()
    this.#bytes = 0
  }
}
