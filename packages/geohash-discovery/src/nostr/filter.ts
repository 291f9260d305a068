/**
 * NIP-01 subscription filters and matching.
 * @module
 */
import type { NostrEvent } from './event.js'

/** A NIP-01 filter. Tag conditions use `#<single letter>` keys. */
export interface NostrFilter {
  /** Event ids. */
  ids?: string[]
  /** Author public keys. */
  authors?: string[]
  /** Kinds. */
  kinds?: number[]
  /** Inclusive lower bound on `created_at` (seconds). */
  since?: number
  /** Inclusive upper bound on `created_at` (seconds). */
  until?: number
  /** Most events a relay returns from storage (ignored for live events). */
  limit?: number
  /** Tag filters such as `"#g"` and `"#p"`. */
  [tag: `#${string}`]: string[] | undefined
}

/**
 * Whether an event matches one filter. Fields are ANDed, values within a field ORed; `limit`
 * does not affect matching. Unknown keys are ignored.
 * @param filter - The filter.
 * @param event - The event.
 * @returns True on a match.
 */
export function matchFilter(filter: NostrFilter, event: NostrEvent): boolean {
  if (filter.ids !== undefined && !filter.ids.includes(event.id)) return false
  if (filter.authors !== undefined && !filter.authors.includes(event.pubkey)) return false
  if (filter.kinds !== undefined && !filter.kinds.includes(event.kind)) return false
  if (filter.since !== undefined && event.created_at < filter.since) return false
  if (filter.until !== undefined && event.created_at > filter.until) return false
  for (const key in filter) {
    if (key.length !== 2 || key.charCodeAt(0) !== 0x23) continue
    const wanted = filter[key as `#${string}`]
    if (wanted === undefined) continue
    const name = key[1]!
    let hit = false
    for (const tag of event.tags) {
      if (tag[0] === name && tag.length > 1 && wanted.includes(tag[1]!)) {
        hit = true
        break
      }
    }
    if (!hit) return false
  }
  return true
}

/**
 * Whether an event matches any of several filters (a REQ's filters are ORed).
 * @param filters - The filters.
 * @param event - The event.
 * @returns True when one matches.
 */
export function matchFilters(filters: readonly NostrFilter[], event: NostrEvent): boolean {
  for (const f of filters) if (matchFilter(f, event)) return true
  return false
}

/**
 * Structural check of an untrusted filter (relays and tests parse REQs with it).
 * @param value - Parsed JSON.
 * @returns True when every known field has the right type.
 */
export function isNostrFilter(value: unknown): value is NostrFilter {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  for (const [key, v] of Object.entries(value)) {
    if (key === 'ids' || key === 'authors' || key.startsWith('#')) {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return false
    } else if (key === 'kinds') {
      if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) return false
    } else if (key === 'since' || key === 'until' || key === 'limit') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return false
    }
  }
  return true
}
