/**
 * LAN addresses. A link's `remoteAddress` (and the label each side sends in its stream preface) is
 * `<nodeId>@<host>:<port>`: the peer's discovery id plus the endpoint it listens on, so either side
 * can tell which node a link leads to and whether two links are duplicates. `dial` also takes a
 * bare `host:port` (static peers, whose id is learnt from the preface).
 * @module
 */
import { parseHostPort } from '@bitmesh/stream-link'
import { LAN_NODE_ID_HEX_LENGTH } from './constants.js'

/** A parsed LAN address. */
export interface LanAddress {
  /** The node id, when the address carries one. */
  id?: string
  host: string
  port: number
}

const NODE_ID = /^[0-9a-f]{4,32}$/

/**
 * Whether `id` is a well-formed node id (4–32 lowercase hex characters).
 * @param id - candidate
 */
export function isLanNodeId(id: string): boolean {
  return NODE_ID.test(id)
}

/**
 * Make a fresh node id (16 lowercase hex characters).
 * @param randomBytes - the injected randomness (`Rng.randomBytes`)
 */
export function randomLanNodeId(randomBytes: (length: number) => Uint8Array): string {
  const bytes = randomBytes(LAN_NODE_ID_HEX_LENGTH / 2)
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

/**
 * Format `<id>@<host>:<port>` (IPv6 hosts in brackets).
 * @throws TypeError for a malformed id
 */
export function formatLanAddress(address: LanAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host
  if (address.id === undefined) return `${host}:${address.port}`
  if (!isLanNodeId(address.id)) throw new TypeError(`not a LAN node id: ${JSON.stringify(address.id)}`)
  return `${address.id}@${host}:${address.port}`
}

/**
 * Parse `<id>@<host>:<port>` or `<host>:<port>`.
 * @returns the address, or `undefined` when malformed
 */
export function parseLanAddress(text: string): LanAddress | undefined {
  if (text.length === 0 || text.length > 300) return undefined
  const at = text.indexOf('@')
  const id = at < 0 ? undefined : text.slice(0, at)
  if (id !== undefined && !isLanNodeId(id)) return undefined
  const hp = parseHostPort(at < 0 ? text : text.slice(at + 1))
  if (hp === undefined || hp.host.length === 0) return undefined
  return id === undefined ? { host: hp.host, port: hp.port } : { id, host: hp.host, port: hp.port }
}
