/**
 * Relay selection by distance (§7.2): geohash channels use the relays nearest the geohash's
 * centre, picked from a CSV of relays with coordinates (bitchat bundles one and refreshes it
 * daily; this package ships only a sample, and apps pass the real list).
 * @module
 */
import { decodeGeohash } from '../geohash/geohash.js'
import { distanceMeters } from '../geohash/distance.js'

/** A relay and where it is. */
export interface RelayLocation {
  /** `wss://` (or `ws://`) URL. */
  url: string
  /** Degrees. */
  latitude: number
  /** Degrees. */
  longitude: number
}

/** A relay with its distance from a point. */
export interface RelayDistance extends RelayLocation {
  /** Metres from the query point. */
  distanceM: number
}

/** bitchat's count of relays per geohash channel. */
export const GEOHASH_RELAY_COUNT = 5
/** Most rows {@link parseRelayCsv} reads; the real list has a few hundred. */
export const MAX_RELAY_CSV_ROWS = 10_000
/** Most characters {@link parseRelayCsv} reads. */
export const MAX_RELAY_CSV_CHARS = 1 << 20

/** bitchat's default relays for private messages (§7.3): iOS's list plus Android's extra one. */
export const BITCHAT_DEFAULT_RELAYS: readonly string[] = /* @__PURE__ */ Object.freeze([
  'wss://relay.damus.io',
  'wss://nos.lol',
  'wss://relay.primal.net',
  'wss://offchain.pub',
  'wss://nostr21.com',
])

/** Result of {@link parseRelayCsv}. */
export interface ParsedRelayList {
  /** Valid rows, deduplicated by URL (first wins). */
  relays: RelayLocation[]
  /** Rows skipped as malformed (bad URL or coordinates). */
  skipped: number
}

function normaliseUrl(raw: string): string | null {
  let url = raw.trim()
  if (url === '') return null
  if (!/^wss?:\/\//i.test(url)) url = 'wss://' + url
  // Host and optional port/path; no whitespace, quotes or commas.
  if (!/^wss?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s,"']*)?$/i.test(url)) return null
  return url.replace(/\/+$/, '')
}

/**
 * Parse a relay CSV: one `url,latitude,longitude` row per line; a header line (any first line
 * whose latitude does not parse) and blank lines are skipped; a URL without a scheme gets
 * `wss://`. Never throws for bad content; reads at most {@link MAX_RELAY_CSV_ROWS} rows.
 * @param text - CSV text.
 * @returns Relays and the count of skipped rows.
 * @throws RangeError when `text` is longer than {@link MAX_RELAY_CSV_CHARS}.
 */
export function parseRelayCsv(text: string): ParsedRelayList {
  if (text.length > MAX_RELAY_CSV_CHARS) throw new RangeError(`relay CSV longer than ${MAX_RELAY_CSV_CHARS} characters`)
  const relays: RelayLocation[] = []
  const seen = new Set<string>()
  let skipped = 0
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length && relays.length < MAX_RELAY_CSV_ROWS; i++) {
    const line = lines[i]!.trim()
    if (line === '' || line.startsWith('#')) continue
    const cols = line.split(',')
    const latitude = Number(cols[1])
    const longitude = Number(cols[2])
    const url = normaliseUrl(cols[0] ?? '')
    const coordsOk = cols.length >= 3 && cols[1]!.trim() !== '' && cols[2]!.trim() !== '' && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180
    if (url === null || !coordsOk) {
      if (i > 0 || relays.length > 0 || Number.isFinite(latitude)) skipped++
      continue
    }
    if (seen.has(url)) continue
    seen.add(url)
    relays.push({ url, latitude, longitude })
  }
  return { relays, skipped }
}

/**
 * The relays nearest a point, nearest first (ties by URL, so the choice is deterministic).
 * @param relays - Candidate relays.
 * @param at - A geohash (its centre is used) or a coordinate.
 * @param count - How many (default {@link GEOHASH_RELAY_COUNT}).
 * @returns Up to `count` relays with distances.
 * @throws DecodeError for an invalid geohash.
 */
export function closestRelays(relays: readonly RelayLocation[], at: string | { latitude: number; longitude: number }, count: number = GEOHASH_RELAY_COUNT): RelayDistance[] {
  const p = typeof at === 'string' ? decodeGeohash(at) : at
  const ranked = relays.map((r) => ({ ...r, distanceM: distanceMeters(p.latitude, p.longitude, r.latitude, r.longitude) }))
  ranked.sort((a, b) => a.distanceM - b.distanceM || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))
  return ranked.slice(0, Math.max(0, count))
}
