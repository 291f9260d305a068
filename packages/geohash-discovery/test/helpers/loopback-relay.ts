/**
 * A small but complete NIP-01 relay on `ws`, bound to 127.0.0.1, for tests: real sockets,
 * signature checks (with nostr-tools, an implementation independent of the package's own),
 * storage with replaceable/addressable/ephemeral kinds, filters with limits, EOSE, OK, CLOSE,
 * CLOSED and NOTICE. `stop()` kills every connection; `start()` again reuses the port, so tests
 * can kill and restart it.
 */
import { WebSocketServer, type WebSocket } from 'ws'
import { verifyEvent as independentVerify } from 'nostr-tools/pure'
import type { AddressInfo } from 'node:net'
import { isNostrFilter, kindClass, matchFilter, type NostrEvent, type NostrFilter } from '../../src/index.js'

const MAX_SUBSCRIPTION_ID_CHARS = 64
const MAX_FILTERS = 10
const MAX_LIMIT = 500

interface Client {
  socket: WebSocket
  subs: Map<string, NostrFilter[]>
}

/** A loopback relay. */
export class LoopbackRelay {
  #server: WebSocketServer | null = null
  #clients = new Set<Client>()
  #stored: NostrEvent[] = []
  #port = 0
  /** Every accepted event, ephemeral ones included, in arrival order. */
  readonly received: NostrEvent[] = []
  /** Count of REQ messages seen (for reconnect tests). */
  reqCount = 0

  /** `ws://127.0.0.1:<port>`. */
  get url(): string {
    return `ws://127.0.0.1:${this.#port}`
  }

  /** Open connections. */
  get connections(): number {
    return this.#clients.size
  }

  /** Listen (on the previous port after a stop). */
  async start(): Promise<this> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: this.#port })
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
    this.#port = (server.address() as AddressInfo).port
    this.#server = server
    server.on('connection', (socket) => {
      const client: Client = { socket, subs: new Map() }
      this.#clients.add(client)
      socket.on('message', (data) => this.#onMessage(client, String(data)))
      socket.on('close', () => this.#clients.delete(client))
      socket.on('error', () => this.#clients.delete(client))
    })
    return this
  }

  /** Kill every connection and stop listening (stored events survive, like a restart). */
  async stop(): Promise<void> {
    for (const c of this.#clients) c.socket.terminate()
    this.#clients.clear()
    const server = this.#server
    this.#server = null
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  #send(client: Client, message: unknown[]): void {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message))
  }

  #onMessage(client: Client, text: string): void {
    let msg: unknown
    try {
      msg = JSON.parse(text)
    } catch {
      this.#send(client, ['NOTICE', 'error: could not parse message'])
      return
    }
    if (!Array.isArray(msg) || typeof msg[0] !== 'string') {
      this.#send(client, ['NOTICE', 'error: message is not an array'])
      return
    }
    if (msg[0] === 'EVENT') this.#onEvent(client, msg[1])
    else if (msg[0] === 'REQ') this.#onReq(client, msg[1], msg.slice(2))
    else if (msg[0] === 'CLOSE') {
      if (typeof msg[1] === 'string') client.subs.delete(msg[1])
    } else this.#send(client, ['NOTICE', `error: unknown message type ${msg[0]}`])
  }

  #onEvent(client: Client, event: unknown): void {
    const id = typeof event === 'object' && event !== null && typeof (event as { id?: unknown }).id === 'string' ? (event as { id: string }).id : ''
    if (!independentVerify(event as Parameters<typeof independentVerify>[0])) {
      this.#send(client, ['OK', id, false, 'invalid: bad id or signature'])
      return
    }
    const e = event as NostrEvent
    if (this.#stored.some((s) => s.id === e.id)) {
      this.#send(client, ['OK', e.id, true, 'duplicate: already have this event'])
      return
    }
    const cls = kindClass(e.kind)
    if (cls === 'replaceable' || cls === 'addressable') {
      const d = cls === 'addressable' ? (e.tags.find((t) => t[0] === 'd')?.[1] ?? '') : null
      const same = (s: NostrEvent) => s.kind === e.kind && s.pubkey === e.pubkey && (d === null || (s.tags.find((t) => t[0] === 'd')?.[1] ?? '') === d)
      const older = this.#stored.find(same)
      if (older !== undefined && (older.created_at > e.created_at || (older.created_at === e.created_at && older.id < e.id))) {
        this.#send(client, ['OK', e.id, true, 'duplicate: have a newer version'])
        return
      }
      this.#stored = this.#stored.filter((s) => !same(s))
    }
    if (cls !== 'ephemeral') this.#stored.push(e)
    this.received.push(e)
    this.#send(client, ['OK', e.id, true, ''])
    for (const c of this.#clients) {
      for (const [subId, filters] of c.subs) if (filters.some((f) => matchFilter(f, e))) this.#send(c, ['EVENT', subId, e])
    }
  }

  #onReq(client: Client, subId: unknown, filters: unknown[]): void {
    this.reqCount++
    if (typeof subId !== 'string' || subId.length === 0 || subId.length > MAX_SUBSCRIPTION_ID_CHARS) {
      this.#send(client, ['NOTICE', 'invalid: bad subscription id'])
      return
    }
    if (filters.length === 0 || filters.length > MAX_FILTERS || !filters.every(isNostrFilter)) {
      this.#send(client, ['CLOSED', subId, 'invalid: bad filters'])
      return
    }
    const fs = filters as NostrFilter[]
    client.subs.set(subId, fs)
    const out = new Map<string, NostrEvent>()
    const newestFirst = [...this.#stored].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? -1 : 1))
    for (const f of fs) {
      const limit = Math.min(f.limit ?? MAX_LIMIT, MAX_LIMIT)
      let n = 0
      for (const e of newestFirst) {
        if (n >= limit) break
        if (matchFilter(f, e)) {
          out.set(e.id, e)
          n++
        }
      }
    }
    for (const e of out.values()) this.#send(client, ['EVENT', subId, e])
    this.#send(client, ['EOSE', subId])
  }
}

/** Start a loopback relay on a free port. */
export async function startLoopbackRelay(): Promise<LoopbackRelay> {
  return new LoopbackRelay().start()
}
