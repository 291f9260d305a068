/**
 * DNS-SD records of a BitMesh LAN node and their parsing, over a minimal packet shape that is
 * structurally the one `dns-packet` (used by `multicast-dns`) encodes and decodes. Pure: no
 * sockets, so the main entry stays browser- and React Native-safe.
 *
 * A node `<id>` listening on `<host>:<port>` announces
 * `PTR <service> → <id>.<service>`, `SRV <id>.<service> → bitmesh-<id>.local:<port>`,
 * `TXT <id>.<service> → id=<id> v=<version>` and `A/AAAA bitmesh-<id>.local → <host>`.
 * @module
 */
import { isLanNodeId } from './address.js'
import { LAN_PROTOCOL_VERSION } from './constants.js'

/** A resource record (the subset of `dns-packet`'s `Answer` used here). */
export interface MdnsRecord {
  name: string
  type: string
  ttl?: number
  class?: string
  /** Cache-flush bit (RFC 6762 §10.2): set on our unique records. */
  flush?: boolean
  data?: unknown
}

/** A question. */
export interface MdnsQuestion {
  name: string
  type: string
  class?: string
}

/** A DNS message as `dns-packet` represents it. */
export interface MdnsPacket {
  type?: 'query' | 'response'
  id?: number
  flags?: number
  questions?: MdnsQuestion[]
  answers?: MdnsRecord[]
  authorities?: MdnsRecord[]
  additionals?: MdnsRecord[]
}

/** What one node advertises. */
export interface LanServiceInfo {
  id: string
  host: string
  port: number
}

/** A node found in a response (ttl 0: it said goodbye). */
export interface LanServiceRecord extends LanServiceInfo {
  version: number
  ttlS: number
}

/** Most PTR answers looked at in one packet (bounds the work per packet). */
const MAX_PTR_PER_PACKET = 32

/** `<id>.<service>`. */
export function instanceName(id: string, service: string): string {
  return `${id}.${service}`
}

/** `bitmesh-<id>.local`. */
export function hostName(id: string): string {
  return `bitmesh-${id}.local`
}

/**
 * The records announcing `self` (or, with `ttlS` 0, withdrawing them: the goodbye).
 * @param self - id, advertised host (IPv4 or IPv6 literal) and TCP port
 * @param service - service type, e.g. `_bitmesh._tcp.local`
 * @param ttlS - record TTL in seconds
 */
export function serviceRecords(self: LanServiceInfo, service: string, ttlS: number): MdnsRecord[] {
  const instance = instanceName(self.id, service)
  const host = hostName(self.id)
  return [
    { name: service, type: 'PTR', ttl: ttlS, data: instance },
    { name: instance, type: 'SRV', ttl: ttlS, flush: true, data: { priority: 0, weight: 0, port: self.port, target: host } },
    { name: instance, type: 'TXT', ttl: ttlS, flush: true, data: [`id=${self.id}`, `v=${LAN_PROTOCOL_VERSION}`] },
    { name: host, type: self.host.includes(':') ? 'AAAA' : 'A', ttl: ttlS, flush: true, data: self.host },
  ]
}

/**
 * Whether a query asks for our service type or one of our own names.
 * @param packet - a received query
 */
export function queriesFor(packet: MdnsPacket, self: LanServiceInfo, service: string): boolean {
  const questions = packet.questions
  if (!Array.isArray(questions)) return false
  const instance = instanceName(self.id, service).toLowerCase()
  const host = hostName(self.id).toLowerCase()
  for (const q of questions.slice(0, 16)) {
    if (typeof q?.name !== 'string') continue
    const name = q.name.toLowerCase()
    if (name === service.toLowerCase() && (q.type === 'PTR' || q.type === 'ANY')) return true
    if (name === instance || name === host) return true
  }
  return false
}

/**
 * Find the BitMesh nodes a response describes. Records of other services, malformed records and
 * nodes of another protocol version are skipped; never throws.
 * @param packet - a received response
 * @param service - service type to look for
 * @param fallbackHost - the sender's IP, used when the response carries no address record
 * @returns the nodes, goodbyes (`ttlS` 0) included
 */
export function parseServiceResponse(packet: MdnsPacket, service: string, fallbackHost: string): LanServiceRecord[] {
  const records = [...(Array.isArray(packet.answers) ? packet.answers : []), ...(Array.isArray(packet.additionals) ? packet.additionals : [])]
  const wanted = service.toLowerCase()
  const out: LanServiceRecord[] = []
  let ptrs = 0
  for (const ptr of records) {
    if (ptr?.type !== 'PTR' || typeof ptr.name !== 'string' || ptr.name.toLowerCase() !== wanted || typeof ptr.data !== 'string') continue
    if (++ptrs > MAX_PTR_PER_PACKET) break
    const instance = ptr.data.toLowerCase()
    const ptrTtl = typeof ptr.ttl === 'number' ? ptr.ttl : 0
    const txt = records.find((r) => r?.type === 'TXT' && typeof r.name === 'string' && r.name.toLowerCase() === instance)
    const fields = txt === undefined ? undefined : parseTxt(txt.data)
    const id = fields?.get('id')
    // The goodbye carries only what the peer announced: the instance label is its id.
    const label = instance.slice(0, instance.length - wanted.length - 1)
    if (ptrTtl === 0) {
      if (isLanNodeId(label)) out.push({ id: label, host: fallbackHost, port: 0, version: LAN_PROTOCOL_VERSION, ttlS: 0 })
      continue
    }
    if (id === undefined || !isLanNodeId(id) || id !== label) continue
    const version = Number(fields?.get('v'))
    if (version !== LAN_PROTOCOL_VERSION) continue
    const srv = records.find((r) => r?.type === 'SRV' && typeof r.name === 'string' && r.name.toLowerCase() === instance)
    const srvData = srv?.data as { port?: unknown; target?: unknown } | undefined
    const port = srvData?.port
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 0xffff) continue
    const target = typeof srvData?.target === 'string' ? srvData.target.toLowerCase() : ''
    const addr = records.find((r) => (r?.type === 'A' || r?.type === 'AAAA') && typeof r.name === 'string' && r.name.toLowerCase() === target && typeof r.data === 'string')
    const host = typeof addr?.data === 'string' ? addr.data : fallbackHost
    const ttlS = Math.min(ptrTtl, typeof srv?.ttl === 'number' ? srv.ttl : ptrTtl)
    out.push({ id, host, port, version, ttlS })
  }
  return out
}

/** TXT strings (`key=value`) to a map; entries may be strings or bytes (ASCII). */
function parseTxt(data: unknown): Map<string, string> {
  const map = new Map<string, string>()
  const entries = Array.isArray(data) ? data : data === undefined ? [] : [data]
  for (const entry of entries.slice(0, 16)) {
    const text = typeof entry === 'string' ? entry : entry instanceof Uint8Array ? ascii(entry) : undefined
    if (text === undefined) continue
    const eq = text.indexOf('=')
    if (eq <= 0) continue
    const key = text.slice(0, eq).toLowerCase()
    if (!map.has(key)) map.set(key, text.slice(eq + 1))
  }
  return map
}

function ascii(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length && i < 255; i++) s += String.fromCharCode(bytes[i] as number)
  return s
}
