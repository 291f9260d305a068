import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatLanAddress,
  isLanNodeId,
  LAN_PROTOCOL_VERSION,
  LAN_SERVICE_TYPE,
  LanPeerTable,
  parseLanAddress,
  parseServiceResponse,
  queriesFor,
  randomLanNodeId,
  serviceRecords,
} from '../src/index.js'

const SELF = { id: '0123456789abcdef', host: '192.168.1.20', port: 7878 }

describe('LAN addresses', () => {
  it('formats and parses id@host:port, host:port and IPv6', () => {
    expect(formatLanAddress({ id: 'abcd', host: '10.0.0.1', port: 80 })).toBe('abcd@10.0.0.1:80')
    expect(parseLanAddress('abcd@10.0.0.1:80')).toEqual({ id: 'abcd', host: '10.0.0.1', port: 80 })
    expect(parseLanAddress('localhost:7878')).toEqual({ host: 'localhost', port: 7878 })
    expect(formatLanAddress({ host: 'fe80::1', port: 9 })).toBe('[fe80::1]:9')
    expect(parseLanAddress('[fe80::1]:9')).toEqual({ host: 'fe80::1', port: 9 })
  })

  it('rejects malformed addresses and ids', () => {
    for (const bad of ['', 'host', 'host:0', 'host:70000', 'XYZ@h:1', 'ab@h:1', '@h:1', ':80', 'a'.repeat(400)]) expect(parseLanAddress(bad), bad).toBeUndefined()
    expect(() => formatLanAddress({ id: 'NOPE', host: 'h', port: 1 })).toThrow(TypeError)
    expect(isLanNodeId('abcd')).toBe(true)
    expect(isLanNodeId('abc')).toBe(false)
  })

  it('round-trips any valid address (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{4,32}$/), fc.ipV4(), fc.integer({ min: 1, max: 65535 }), (id, host, port) => {
        expect(parseLanAddress(formatLanAddress({ id, host, port }))).toEqual({ id, host, port })
      }),
    )
  })

  it('makes 16-hex node ids from the injected randomness', () => {
    expect(randomLanNodeId((n) => new Uint8Array(n).fill(0xa5))).toBe('a5'.repeat(8))
  })
})

describe('DNS-SD records', () => {
  it('announce records parse back to the node', () => {
    const records = serviceRecords(SELF, LAN_SERVICE_TYPE, 120)
    expect(records.map((r) => r.type)).toEqual(['PTR', 'SRV', 'TXT', 'A'])
    expect(records[2]?.data).toEqual([`id=${SELF.id}`, `v=${LAN_PROTOCOL_VERSION}`])
    expect(parseServiceResponse({ type: 'response', answers: records }, LAN_SERVICE_TYPE, '9.9.9.9')).toEqual([{ ...SELF, version: 1, ttlS: 120 }])
  })

  it('reads TXT as bytes (as dns-packet decodes it) and falls back to the sender address without an A record', () => {
    const records = serviceRecords(SELF, LAN_SERVICE_TYPE, 60).filter((r) => r.type !== 'A')
    const txt = records.find((r) => r.type === 'TXT')!
    txt.data = (txt.data as string[]).map((s) => new TextEncoder().encode(s))
    expect(parseServiceResponse({ type: 'response', answers: records }, LAN_SERVICE_TYPE, '9.9.9.9')).toEqual([{ ...SELF, host: '9.9.9.9', version: 1, ttlS: 60 }])
  })

  it('turns TTL 0 into a goodbye', () => {
    const bye = parseServiceResponse({ type: 'response', answers: serviceRecords(SELF, LAN_SERVICE_TYPE, 0) }, LAN_SERVICE_TYPE, '9.9.9.9')
    expect(bye).toEqual([{ id: SELF.id, host: '9.9.9.9', port: 0, version: 1, ttlS: 0 }])
  })

  it('skips other services, other versions, id mismatches and junk', () => {
    const other = serviceRecords(SELF, '_other._tcp.local', 120)
    expect(parseServiceResponse({ answers: other }, LAN_SERVICE_TYPE, 'x')).toEqual([])
    const v2 = serviceRecords(SELF, LAN_SERVICE_TYPE, 120)
    v2[2]!.data = [`id=${SELF.id}`, 'v=2']
    expect(parseServiceResponse({ answers: v2 }, LAN_SERVICE_TYPE, 'x')).toEqual([])
    const spoof = serviceRecords(SELF, LAN_SERVICE_TYPE, 120)
    spoof[2]!.data = ['id=ffffffffffffffff', 'v=1']
    expect(parseServiceResponse({ answers: spoof }, LAN_SERVICE_TYPE, 'x')).toEqual([])
    const junk = [null, 1, { type: 'PTR' }, { type: 'PTR', name: LAN_SERVICE_TYPE, data: 5 }] as unknown as never[]
    expect(parseServiceResponse({ answers: junk, additionals: 'x' as never }, LAN_SERVICE_TYPE, 'x')).toEqual([])
  })

  it('never throws on arbitrary packets (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (answers) => {
        expect(Array.isArray(parseServiceResponse({ answers: answers as never }, LAN_SERVICE_TYPE, 'x'))).toBe(true)
        expect(typeof queriesFor({ questions: answers as never }, SELF, LAN_SERVICE_TYPE)).toBe('boolean')
      }),
    )
  })

  it('answers PTR/ANY queries for the service and queries for its own names only', () => {
    expect(queriesFor({ questions: [{ name: LAN_SERVICE_TYPE, type: 'PTR' }] }, SELF, LAN_SERVICE_TYPE)).toBe(true)
    expect(queriesFor({ questions: [{ name: '_BITMESH._tcp.local', type: 'ANY' }] }, SELF, LAN_SERVICE_TYPE)).toBe(true)
    expect(queriesFor({ questions: [{ name: `bitmesh-${SELF.id}.local`, type: 'A' }] }, SELF, LAN_SERVICE_TYPE)).toBe(true)
    expect(queriesFor({ questions: [{ name: '_http._tcp.local', type: 'PTR' }] }, SELF, LAN_SERVICE_TYPE)).toBe(false)
    expect(queriesFor({ questions: [{ name: LAN_SERVICE_TYPE, type: 'A' }] }, SELF, LAN_SERVICE_TYPE)).toBe(false)
  })
})

describe('LanPeerTable', () => {
  const peer = (id: string, port = 1, expiresAtMs = 1_000) => ({ id, host: 'h', port, version: 1, expiresAtMs })

  it('reports new / refreshed / changed and evicts the least recently refreshed when full', () => {
    const table = new LanPeerTable(2)
    expect(table.upsert(peer('aaaa'))).toEqual({ change: 'new' })
    expect(table.upsert(peer('bbbb'))).toEqual({ change: 'new' })
    expect(table.upsert(peer('aaaa'))).toEqual({ change: 'refreshed' })
    expect(table.upsert(peer('aaaa', 2))).toEqual({ change: 'changed' })
    expect(table.upsert(peer('cccc'))).toEqual({ change: 'new', evicted: peer('bbbb') })
    expect(table.list().map((p) => p.id)).toEqual(['aaaa', 'cccc'])
  })

  it('sweeps expired entries and removes on goodbye', () => {
    const table = new LanPeerTable()
    table.upsert(peer('aaaa', 1, 100))
    table.upsert(peer('bbbb', 1, 200))
    expect(table.sweep(150).map((p) => p.id)).toEqual(['aaaa'])
    expect(table.remove('bbbb')?.id).toBe('bbbb')
    expect(table.size).toBe(0)
  })

  it('stays within its capacity (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[0-9a-f]{4}$/), { maxLength: 200 }), fc.integer({ min: 1, max: 10 }), (ids, cap) => {
        const table = new LanPeerTable(cap)
        for (const id of ids) table.upsert(peer(id))
        expect(table.size).toBe(Math.min(cap, new Set(ids).size))
      }),
    )
  })

  it('refuses a zero capacity', () => {
    expect(() => new LanPeerTable(0)).toThrow(RangeError)
  })
})
