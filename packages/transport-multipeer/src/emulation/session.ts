/**
 * An emulation of MultipeerConnectivity on top of byte streams, used by both the simulated and
 * the Node adapter (they differ only in the network they run on). Each pair of session peers
 * shares one stream: the inviter connects to the advertiser's listener, both send the shared
 * stream preface (label = `MCPeerID` name), then length-prefixed records flow:
 * `0x01 invite ‖ context`, `0x02 accept`, `0x03 decline`, `0x10 reliable data`, `0x11 unreliable
 * data` (the latter only when no datagram plane exists). With a datagram plane, unreliable data
 * travels as raw UDP datagrams, matched to peers by the port in their preface.
 * @module
 */
import type { Clock, TimerHandle } from '@bitmesh/interface'
import { encodeStreamPreface, StreamFrameDecoder, writeStreamFrameHeader, STREAM_LENGTH_PREFIX_BYTES } from '@bitmesh/wire-format'
import type { MultipeerAdapter, MultipeerBrowserDelegate, MultipeerInvitationHandler, MultipeerSendMode, MultipeerSessionDelegate } from '../adapter.js'
import type { ByteStream, DatagramHandler, DatagramSocket } from '@bitmesh/stream-link'

/** One advertiser as published in the emulated registry. */
export interface AdvertisementRecord {
  peerId: string
  serviceType: string
  host: string
  port: number
  discoveryInfo?: Record<string, string>
}

/** The network an emulated adapter runs on. */
export interface EmulationNetwork {
  /** This peer's `MCPeerID` name. */
  peerId: string
  clock: Clock
  /** Where advertisers are published and browsers look. */
  registry: {
    publish(record: AdvertisementRecord): void
    withdraw(peerId: string): void
    list(): AdvertisementRecord[]
  }
  /** Accept session streams; resolves with the address others connect to. */
  listen(onStream: (stream: ByteStream) => void): Promise<{ host: string; port: number; close(): Promise<void> }>
  /** Connect to a listener. */
  connect(host: string, port: number): Promise<ByteStream>
  /** Optional datagram plane for unreliable messages. */
  bindDatagram?(onDatagram: DatagramHandler): Promise<DatagramSocket>
  /** Browser poll interval in ms (default 500). */
  discoveryIntervalMs?: number
  /** Largest message in bytes (default 64 KiB). */
  maxMessageBytes?: number
  /** Time a peer has to answer an invitation or send its preface, in ms, beyond the invite timeout (default 5 000). */
  handshakeTimeoutMs?: number
}

const INVITE = 0x01
const ACCEPT = 0x02
const DECLINE = 0x03
const DATA = 0x10
const UNRELIABLE = 0x11
/** Messages at least this long are gather-written (header + message) instead of copied. */
const GATHER_MIN_BYTES = 4_096

interface Conn {
  peerId: string | undefined
  readonly stream: ByteStream
  state: 'handshake' | 'connected' | 'closed'
  datagramEndpoint: string | undefined
  timer: TimerHandle | undefined
}

/**
 * Build a {@link MultipeerAdapter} on an {@link EmulationNetwork}.
 * @param net - the network, registry and clock
 */
export function createEmulatedMultipeerAdapter(net: EmulationNetwork): MultipeerAdapter {
  const { clock, peerId: self } = net
  const maxMessage = net.maxMessageBytes ?? 65_536
  const handshakeMs = net.handshakeTimeoutMs ?? 5_000
  const pollMs = net.discoveryIntervalMs ?? 500
  let delegate: MultipeerSessionDelegate | undefined
  let listener: { host: string; port: number; close(): Promise<void> } | undefined
  let datagram: DatagramSocket | undefined
  let advertising: { serviceType: string; onInvitation: MultipeerInvitationHandler } | undefined
  let browsing: { serviceType: string; delegate: MultipeerBrowserDelegate; timer: TimerHandle | undefined; seen: Set<string> } | undefined
  const conns = new Set<Conn>()
  const byPeer = new Map<string, Conn>()
  const byEndpoint = new Map<string, Conn>()

  const record = (kind: number, payload?: Uint8Array): Uint8Array => {
    const n = 1 + (payload?.length ?? 0)
    const out = new Uint8Array(STREAM_LENGTH_PREFIX_BYTES + n)
    writeStreamFrameHeader(n, out, 0)
    out[STREAM_LENGTH_PREFIX_BYTES] = kind
    if (payload !== undefined) out.set(payload, STREAM_LENGTH_PREFIX_BYTES + 1)
    return out
  }
  const preface = (): Uint8Array => encodeStreamPreface({ maxFrameBytes: maxMessage + 1, datagramPort: datagram?.port ?? 0, label: self })

  const drop = (conn: Conn): void => {
    if (conn.state === 'closed') return
    conn.state = 'closed'
    if (conn.timer !== undefined) clock.clearTimeout(conn.timer)
    conn.timer = undefined
    conns.delete(conn)
    // Only the connection that owns the peer reports it gone (a refused duplicate must not).
    const owned = conn.peerId !== undefined && byPeer.get(conn.peerId) === conn
    if (owned) byPeer.delete(conn.peerId!)
    if (conn.datagramEndpoint !== undefined && byEndpoint.get(conn.datagramEndpoint) === conn) byEndpoint.delete(conn.datagramEndpoint)
    conn.stream.destroy()
    if (owned) delegate?.peerState(conn.peerId!, 'notConnected')
  }
  const connected = (conn: Conn): void => {
    if (conn.timer !== undefined) clock.clearTimeout(conn.timer)
    conn.timer = undefined
    conn.state = 'connected'
    delegate?.peerState(conn.peerId!, 'connected')
  }

  /** Wire a stream: `inviter` is set when we invited (we know whom we called). */
  const attach = (stream: ByteStream, invitee: string | undefined, context: Uint8Array | undefined, timeoutMs: number): Conn => {
    const conn: Conn = { peerId: invitee, stream, state: 'handshake', datagramEndpoint: undefined, timer: undefined }
    conns.add(conn)
    if (invitee !== undefined) byPeer.set(invitee, conn)
    conn.timer = clock.setTimeout(() => {
      conn.timer = undefined
      drop(conn)
    }, timeoutMs)
    const decoder = new StreamFrameDecoder({
      maxFrameBytes: maxMessage + 1,
      onPreface: (p) => {
        if (invitee !== undefined && p.label !== invitee) return drop(conn)
        conn.peerId = p.label
        const host = stream.remoteAddress.slice(0, stream.remoteAddress.lastIndexOf(':'))
        if (p.datagramPort > 0) {
          conn.datagramEndpoint = `${host}:${p.datagramPort}`
          byEndpoint.set(conn.datagramEndpoint, conn)
        }
      },
      onFrame: (frame) => {
        const kind = frame[0]
        if (conn.state === 'connected') {
          if (kind === DATA || kind === UNRELIABLE) delegate?.data(conn.peerId!, frame.subarray(1), kind === DATA ? 'reliable' : 'unreliable')
          return
        }
        if (invitee !== undefined) {
          if (kind === ACCEPT) connected(conn)
          else drop(conn)
          return
        }
        // We are the advertiser: the first record must be an invitation.
        const inviter = conn.peerId
        if (kind !== INVITE || inviter === undefined || advertising === undefined || byPeer.has(inviter)) {
          stream.write(record(DECLINE))
          return drop(conn)
        }
        byPeer.set(inviter, conn)
        delegate?.peerState(inviter, 'connecting')
        let answered = false
        advertising.onInvitation(inviter, frame.length > 1 ? frame.slice(1) : undefined, (accept) => {
          if (answered || conn.state !== 'handshake') return
          answered = true
          if (!accept) {
            stream.write(record(DECLINE))
            stream.end()
            return drop(conn)
          }
          stream.write(record(ACCEPT))
          connected(conn)
        })
      },
    })
    stream.setHandlers({
      data: (chunk) => {
        if (decoder.push(chunk) !== null) drop(conn)
      },
      drain: () => {
        if (conn.state === 'connected') delegate?.drain(conn.peerId!)
      },
      close: () => drop(conn),
    })
    stream.write(preface())
    if (invitee !== undefined) stream.write(record(INVITE, context))
    return conn
  }

  const poll = (): void => {
    const b = browsing
    if (b === undefined) return
    b.timer = undefined
    const now = new Set<string>()
    for (const r of net.registry.list()) {
      if (r.peerId === self || r.serviceType !== b.serviceType) continue
      now.add(r.peerId)
      if (!b.seen.has(r.peerId)) b.delegate.foundPeer(r.peerId, r.discoveryInfo)
    }
    for (const gone of b.seen) if (!now.has(gone)) b.delegate.lostPeer(gone)
    b.seen = now
    if (browsing === b) b.timer = clock.setTimeout(poll, pollMs)
  }

  return {
    peerId: self,
    async openSession(d) {
      delegate = d
      if (net.bindDatagram !== undefined && datagram === undefined) {
        datagram = await net.bindDatagram((from, bytes) => {
          const conn = byEndpoint.get(`${from.host}:${from.port}`)
          if (conn?.state === 'connected' && bytes.length <= maxMessage) delegate?.data(conn.peerId!, bytes, 'unreliable')
        })
      }
      listener ??= await net.listen((stream) => attach(stream, undefined, undefined, handshakeMs))
    },
    async closeSession() {
      for (const conn of [...conns]) drop(conn)
      delegate = undefined
      const l = listener
      listener = undefined
      const d = datagram
      datagram = undefined
      await Promise.allSettled([l?.close(), d?.close()])
    },
    async startAdvertising(serviceType, discoveryInfo, onInvitation) {
      if (listener === undefined) throw new Error('openSession first')
      advertising = { serviceType, onInvitation }
      net.registry.publish({ peerId: self, serviceType, host: listener.host, port: listener.port, ...(discoveryInfo === undefined ? {} : { discoveryInfo }) })
    },
    async stopAdvertising() {
      advertising = undefined
      net.registry.withdraw(self)
    },
    async startBrowsing(serviceType, d) {
      if (browsing?.timer !== undefined) clock.clearTimeout(browsing.timer)
      browsing = { serviceType, delegate: d, timer: undefined, seen: new Set() }
      poll()
    },
    async stopBrowsing() {
      if (browsing?.timer !== undefined) clock.clearTimeout(browsing.timer)
      browsing = undefined
    },
    invitePeer(peer, context, timeoutMs) {
      const target = net.registry.list().find((r) => r.peerId === peer)
      if (target === undefined || byPeer.has(peer)) {
        // MC reports a failed invitation as notConnected, asynchronously.
        void Promise.resolve().then(() => delegate?.peerState(peer, 'notConnected'))
        return
      }
      const placeholder: Conn = { peerId: peer, stream: DEAD_STREAM, state: 'handshake', datagramEndpoint: undefined, timer: undefined }
      byPeer.set(peer, placeholder)
      delegate?.peerState(peer, 'connecting')
      net.connect(target.host, target.port).then(
        (stream) => {
          if (byPeer.get(peer) !== placeholder) return stream.destroy()
          byPeer.delete(peer)
          attach(stream, peer, context, timeoutMs)
        },
        () => {
          if (byPeer.get(peer) !== placeholder) return
          byPeer.delete(peer)
          delegate?.peerState(peer, 'notConnected')
        },
      )
    },
    send(bytes, peer, mode: MultipeerSendMode) {
      const conn = byPeer.get(peer)
      if (conn === undefined || conn.state !== 'connected') throw new Error(`peer ${peer} is not connected`)
      if (bytes.length > maxMessage) throw new RangeError(`message of ${bytes.length} bytes exceeds ${maxMessage}`)
      if (mode === 'unreliable' && datagram !== undefined && conn.datagramEndpoint !== undefined) {
        const i = conn.datagramEndpoint.lastIndexOf(':')
        datagram.send(conn.datagramEndpoint.slice(0, i), Number(conn.datagramEndpoint.slice(i + 1)), bytes)
        return true
      }
      const kind = mode === 'reliable' ? DATA : UNRELIABLE
      if (conn.stream.writev !== undefined && bytes.length >= GATHER_MIN_BYTES) {
        // Header + the caller's bytes as one gather write: no copy of large messages.
        const head = new Uint8Array(STREAM_LENGTH_PREFIX_BYTES + 1)
        writeStreamFrameHeader(bytes.length + 1, head, 0)
        head[STREAM_LENGTH_PREFIX_BYTES] = kind
        return conn.stream.writev([head, bytes])
      }
      return conn.stream.write(record(kind, bytes))
    },
    cancelConnectPeer(peer) {
      const conn = byPeer.get(peer)
      if (conn === undefined) return
      if (conn.stream === DEAD_STREAM) {
        byPeer.delete(peer)
        void Promise.resolve().then(() => delegate?.peerState(peer, 'notConnected'))
        return
      }
      // Graceful: reliable data already written still arrives, then the peer sees notConnected.
      conn.stream.end()
    },
  }
}

const DEAD_STREAM: ByteStream = { remoteAddress: '', setHandlers() {}, write: () => false, end() {}, destroy() {} }
