import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { RelayPool, reconnectDelayMs, finalizeEvent, generateKeyPair, geohashChannelFilter, createGeohashChatEvent, deriveGeohashIdentity, type NostrEvent, type RelayStatus, type WebSocketLike } from '../src/index.js'
import { LoopbackRelay, startLoopbackRelay } from './helpers/loopback-relay.js'
import { cryptoRng, ManualClock, systemClock } from './helpers/clock.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function relay(): Promise<LoopbackRelay> {
  const r = await startLoopbackRelay()
  cleanups.push(() => r.stop())
  return r
}

function pool(urls: string[], extra: Partial<ConstructorParameters<typeof RelayPool>[0]> = {}): RelayPool {
  const p = new RelayPool({ WebSocket, clock: systemClock, relays: urls, ...extra })
  cleanups.push(() => p.close())
  return p
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const note = (content: string, kind = 1, tags: string[][] = []): NostrEvent =>
  finalizeEvent({ kind, created_at: Math.floor(Date.now() / 1000), tags, content }, generateKeyPair(cryptoRng).secretKey)

describe('reconnect backoff schedule', () => {
  it('1 s doubling to 300 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50].map((a) => reconnectDelayMs(a))).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000, 300000,
    ])
  })
  it('a pool on a virtual clock retries at exactly those delays and gives up after 10', () => {
    const clock = new ManualClock(0)
    const attempts: number[] = []
    class RefusingSocket implements WebSocketLike {
      readyState = 0
      onopen: ((e: unknown) => void) | null = null
      onmessage: ((e: unknown) => void) | null = null
      onclose: ((e: unknown) => void) | null = null
      onerror: ((e: unknown) => void) | null = null
      constructor() {
        attempts.push(clock.now())
        // Fail on the next virtual tick, as a refused TCP connect would.
        clock.setTimeout(() => {
          this.readyState = 3
          this.onerror?.({})
          this.onclose?.({})
        }, 0)
      }
      send(): void {}
      close(): void {}
    }
    const statuses: RelayStatus[] = []
    const p = new RelayPool({ WebSocket: RefusingSocket, clock, relays: ['ws://127.0.0.1:1'], onRelayStatus: (_u, s) => statuses.push(s) })
    clock.advance(2_000_000)
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!)
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000])
    expect(p.relayStatus('ws://127.0.0.1:1')).toBe('failed')
    expect(statuses.at(-1)).toBe('failed')
    p.reconnect()
    clock.advance(1)
    expect(attempts).toHaveLength(12)
    p.close()
    expect(clock.pending).toBe(0)
  })
})

describe('relay pool against a loopback NIP-01 relay', () => {
  it('publishes with OK, and reports rejection and timeouts', async () => {
    const r = await relay()
    const p = pool([r.url])
    const e = note('hello')
    expect(await p.publish(e)).toEqual([{ url: r.url, ok: true, message: '' }])
    expect((await p.publish(e))[0]!.message).toMatch(/^duplicate:/)
    const bad = { ...note('x'), content: 'tampered' }
    const res = await p.publish(bad)
    expect(res[0]!.ok).toBe(false)
    expect(res[0]!.message).toMatch(/^invalid:/)
    expect(r.received.map((x) => x.id)).toEqual([e.id])
  })

  it('subscribes with filters: stored events then EOSE, then live ones; ephemeral kinds are not stored; CLOSE stops delivery', async () => {
    const r = await relay()
    const p = pool([r.url])
    const seed = cryptoRng.randomBytes(32)
    const me = deriveGeohashIdentity(seed, 'u33db')
    const ctx = { clock: systemClock, rng: cryptoRng }
    await p.publish(createGeohashChatEvent({ geohash: 'u33db', content: 'ephemeral, gone' }, me.secretKey, ctx))
    await p.publish(createGeohashChatEvent({ geohash: 'u33dc', content: 'other cell' }, deriveGeohashIdentity(seed, 'u33dc').secretKey, ctx))
    await p.publish(note('stored note in the cell', 1, [['g', 'u33db']]))
    await p.publish(note('stored note elsewhere', 1, [['g', 'u33dc']]))
    const got: string[] = []
    let eose = 0
    const sub = p.subscribe([geohashChannelFilter('u33db', Date.now()), { kinds: [1], '#g': ['u33db'] }], {
      onEvent: (ev) => got.push(ev.content),
      onEose: () => eose++,
    })
    await waitFor(() => eose === 1, 'EOSE')
    expect(got).toEqual(['stored note in the cell'])
    await p.publish(createGeohashChatEvent({ geohash: 'u33dc', content: 'live elsewhere' }, me.secretKey, ctx))
    await p.publish(createGeohashChatEvent({ geohash: 'u33db', content: 'live' }, me.secretKey, ctx))
    await waitFor(() => got.length === 2, 'live event')
    expect(got).toEqual(['stored note in the cell', 'live'])
    sub.close()
    await p.publish(createGeohashChatEvent({ geohash: 'u33db', content: 'after close' }, me.secretKey, ctx))
    await new Promise((res) => setTimeout(res, 100))
    expect(got).toEqual(['stored note in the cell', 'live'])
  })

  it('dedups one event arriving from several relays', async () => {
    const [a, b, c] = await Promise.all([relay(), relay(), relay()])
    const p = pool([a.url, b.url, c.url])
    const got: Array<{ id: string; url: string }> = []
    const eosed = new Set<string>()
    p.subscribe([{ kinds: [1] }], { onEvent: (ev, url) => got.push({ id: ev.id, url }), onEose: (url) => eosed.add(url) })
    await waitFor(() => eosed.size === 3, 'EOSE from all three')
    const e = note('everywhere')
    const results = await p.publish(e)
    expect(results.map((x) => x.ok)).toEqual([true, true, true])
    await new Promise((res) => setTimeout(res, 150))
    expect(got.map((x) => x.id)).toEqual([e.id])
    expect(p.stats.duplicates).toBe(2)
  })

  it('drops events a relay sends that fail verification or do not match', async () => {
    // A relay that lies: answers every REQ with a forged and an off-filter event.
    const { WebSocketServer } = await import('ws')
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise((res) => server.once('listening', res))
    cleanups.push(() => new Promise<void>((res) => server.close(() => res())))
    const good = note('good', 1)
    const offFilter = note('kind 7', 7)
    const forged = { ...note('forged', 1), content: 'changed' }
    server.on('connection', (s) => {
      s.on('message', (d) => {
        const [, id] = JSON.parse(String(d)) as [string, string]
        for (const ev of [forged, offFilter, good, 'garbage']) s.send(JSON.stringify(['EVENT', id, ev]))
        s.send('not json')
        s.send(JSON.stringify(['EOSE', id]))
      })
    })
    const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`
    const p = pool([url])
    const got: string[] = []
    let done = false
    p.subscribe([{ kinds: [1] }], { onEvent: (ev) => got.push(ev.content), onEose: () => (done = true) })
    await waitFor(() => done, 'EOSE')
    expect(got).toEqual(['good'])
    expect(p.stats.invalid).toBe(3)
    expect(p.stats.malformed).toBe(1)
  })

  it('reconnects after the relay is killed and restarted, re-subscribes, and flushes queued publishes', async () => {
    const r = await relay()
    const statuses: RelayStatus[] = []
    const p = pool([r.url], { onRelayStatus: (_u, s) => statuses.push(s) })
    const got: string[] = []
    p.subscribe([{ kinds: [1] }], { onEvent: (ev) => got.push(ev.content) })
    await waitFor(() => p.relayStatus(r.url) === 'open' && r.reqCount === 1, 'first REQ')
    await r.stop()
    await waitFor(() => p.relayStatus(r.url) === 'waiting', 'waiting')
    // Published while the relay is down: queued, sent after reconnect.
    const queued = p.publish(note('sent while down'))
    await new Promise((res) => setTimeout(res, 1_200)) // the 1 s attempt fails against a dead port
    await r.start()
    const [result] = await queued
    expect(result!.ok).toBe(true)
    await waitFor(() => r.reqCount === 2, 'REQ replayed after reconnect')
    await waitFor(() => got.includes('sent while down'), 'queued event delivered via the new subscription')
    await p.publish(note('after restart'))
    await waitFor(() => got.includes('after restart'), 'live event after restart')
    expect(statuses.filter((s) => s === 'open').length).toBe(2)
    expect(statuses).toContain('waiting')
  }, 30_000)

  it('times out a publish the relay never answers, and fails fast once closed', async () => {
    const clock = new ManualClock(0)
    class SilentSocket implements WebSocketLike {
      readyState = 1
      onopen: ((e: unknown) => void) | null = null
      onmessage: ((e: unknown) => void) | null = null
      onclose: ((e: unknown) => void) | null = null
      onerror: ((e: unknown) => void) | null = null
      constructor() {
        clock.setTimeout(() => this.onopen?.({}), 0)
      }
      send(): void {}
      close(): void {}
    }
    const p = new RelayPool({ WebSocket: SilentSocket, clock, relays: ['ws://silent.example'] })
    clock.advance(1)
    const pending = p.publish(note('nobody answers'), { timeoutMs: 5_000 })
    clock.advance(5_000)
    expect(await pending).toEqual([{ url: 'ws://silent.example', ok: false, message: 'timeout' }])
    p.close()
    expect(() => p.publish(note('x'))).toThrow(/closed/)
  })
})
