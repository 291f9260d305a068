/**
 * One OS process of the full-stack benchmark, forked by `run.ts`: `peer.ts receiver <plane> <dir>`
 * or `peer.ts sender <plane> <dir>`. It speaks {@link ToPeer} / {@link FromPeer} over the IPC
 * channel. Each process owns one transport end, one Noise static key and one raw-TCP end for the
 * baseline; the orchestrator only coordinates and times.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto'
import { createConnection, createServer, type Socket } from 'node:net'
import type { Link, Rng } from '@bitmesh/interface'
import { generateKeyPair } from '@bitmesh/noise'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { fileDirectory, type EmulationDirectory } from '@bitmesh/stream-link/node'
import { bytesToHex, peerIdFromNoiseKey } from '@bitmesh/wire-format'
import { wallClock as clock } from '../harness.js'
import { PLAINTEXT_MARKER, RAW_CHUNK_BYTES, SENDER_MESSAGES_PER_SECOND, UNIT_CONTENT_BYTES } from './constants.js'
import type { FromPeer, ToPeer, TransferKind } from './protocol.js'
import { dialPlane, listenPlane, RECEIVER_NAME, type PlaneName } from './planes.js'
import { SecureFileChannel } from './secure-channel.js'
import { startTcpTap, type TcpTap } from './tap.js'
import { delivered, MESH_FILES_IN_FLIGHT, startMeshReceiver, startMeshSender, type MeshSide } from './mesh-variant.js'

const [role, plane, dir, variant] = process.argv.slice(2) as ['sender' | 'receiver', PlaneName, string, string | undefined]
const crypto = nodeCryptoProvider
const rng: Rng = { next: () => randomBytes(4).readUInt32BE(0) / 2 ** 32, randomBytes: (n) => new Uint8Array(randomBytes(n)) }
const staticKeyPair = generateKeyPair(crypto)

function post(message: FromPeer): void {
  process.send!(message)
}

function cpuMicros(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since)
  return d.user + d.system
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Pending replies of the orchestrator keyed by message type (one outstanding each). */
const waiting = new Map<string, (m: ToPeer) => void>()
function reply<T extends ToPeer['t']>(t: T): Promise<Extract<ToPeer, { t: T }>> {
  return new Promise((resolve) => waiting.set(t, resolve as (m: ToPeer) => void))
}

if (role === 'receiver') await runReceiver()
else await runSender()

async function runReceiver(): Promise<void> {
  const directory = fileDirectory(dir)
  const listener = await listenPlane(plane, { clock, rng, directory })
  let expected: { kind: TransferKind; bytes: number; buffer: Uint8Array; got: number; cpu: NodeJS.CpuUsage } | null = null
  const complete = (): void => {
    const e = expected!
    expected = null
    post({ t: 'received', kind: e.kind, cpuMicros: cpuMicros(e.cpu) })
    post({ t: 'verified', kind: e.kind, sha256: e.kind === 'raw' ? '' : sha256Hex(e.buffer) })
  }
  const channels: SecureFileChannel[] = []
  listener.transport.on('link:open', (link: Link) => {
    const channel = new SecureFileChannel({
      link,
      crypto,
      clock,
      rng,
      staticKeyPair,
      onFile: (file) => {
        const e = expected
        if (e === null || e.kind === 'raw' || e.kind === 'mesh') return
        e.buffer.set(file.content, unitIndex(file.fileName) * UNIT_CONTENT_BYTES)
        if ((e.got += file.content.length) >= e.bytes) complete()
      },
    })
    channels.push(channel)
  })
  // Unit index from the name (`….bin.003`): the offset of its content in the whole file.
  const unitIndex = (name: string | undefined): number => Number(name?.slice(name.lastIndexOf('.') + 1))
  const mesh: MeshSide | null =
    variant === 'mesh'
      ? await startMeshReceiver(dir, clock, rng, (event) => {
          const e = expected
          if (e?.kind !== 'mesh') return
          e.buffer.set(event.bytes, unitIndex(event.name) * UNIT_CONTENT_BYTES)
          if ((e.got += event.bytes.length) >= e.bytes) complete()
        })
      : null
  const raw = createServer((s) =>
    s.on('data', (d: Buffer) => {
      const e = expected
      if (e?.kind === 'raw' && (e.got += d.length) >= e.bytes) complete()
    }),
  )
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve))
  process.on('message', (m: ToPeer) => {
    switch (m.t) {
      case 'cred':
        post({ t: 'cred', hex: Buffer.from(listener.respond!(Buffer.from(m.hex, 'hex'))).toString('hex') })
        return
      case 'expect':
        for (const c of channels) c.dedup = m.kind === 'full-lean' ? 'header' : 'mesh'
        expected = { kind: m.kind, bytes: m.bytes, buffer: new Uint8Array(m.kind === 'raw' ? 0 : m.bytes), got: 0, cpu: process.cpuUsage() }
        post({ t: 'expecting' })
        return
      case 'stop':
        for (const c of channels) c.close()
        raw.close()
        void Promise.all([listener.stop(), mesh?.stop()]).then(() => {
          post({ t: 'stopped', drops: Object.assign({}, ...channels.map((c) => c.stats.drops)), tap: null })
          process.disconnect()
        })
        return
      default:
        waiting.get(m.t)?.(m)
    }
  })
  post({
    t: 'ready',
    peerId: bytesToHex(peerIdFromNoiseKey(staticKeyPair.publicKey)),
    rawPort: (raw.address() as { port: number }).port,
    fingerprint: listener.fingerprint === undefined ? null : Buffer.from(listener.fingerprint).toString('hex'),
    meshPeerId: mesh?.node.peerId ?? null,
  })
}

async function runSender(): Promise<void> {
  const first = await new Promise<Extract<ToPeer, { t: 'connect' }>>((resolve) => process.once('message', resolve as (m: unknown) => void))
  process.on('message', (m: ToPeer) => waiting.get(m.t)?.(m))
  const file = new Uint8Array(randomBytes(first.bytes))
  for (let at = 0; at + PLAINTEXT_MARKER.length <= file.length; at += 65_536) file.set(PLAINTEXT_MARKER, at)
  const sha256 = sha256Hex(file)

  let directory: EmulationDirectory = fileDirectory(dir)
  const taps: TcpTap[] = []
  let rawPort = first.rawPort
  if (first.tap) {
    // Route both the data plane and the raw baseline through taps: the raw one must see the
    // marker (the scanner works), the Noise one must not.
    const record = directory.lookup(RECEIVER_NAME)
    if (plane !== 'wifi-direct' || record === undefined) throw new Error('the tap supports the wifi-direct plane only')
    const planeTap = await startTcpTap(record.host, record.port, PLAINTEXT_MARKER)
    const rawTap = await startTcpTap('127.0.0.1', first.rawPort, PLAINTEXT_MARKER)
    taps.push(planeTap, rawTap)
    rawPort = rawTap.port
    const real = directory
    directory = { ...real, lookup: (name) => { const r = real.lookup(name); return r && name === RECEIVER_NAME ? { ...r, port: planeTap.port } : r } }
  }

  const hotspot =
    first.fingerprint === null
      ? undefined
      : {
          fingerprint: Buffer.from(first.fingerprint, 'hex'),
          channel: {
            exchange: async (request: Uint8Array) => {
              const answer = reply('cred')
              post({ t: 'cred', hex: Buffer.from(request).toString('hex') })
              return Buffer.from((await answer).hex, 'hex')
            },
          },
        }
  const dialer = await dialPlane(plane, { clock, rng, directory }, hotspot)
  const channel = new SecureFileChannel({ link: dialer.link, crypto, clock, rng, staticKeyPair, maxMessagesPerSecond: SENDER_MESSAGES_PER_SECOND })
  await channel.connect(first.peerId)
  const rawSocket: Socket = createConnection({ host: '127.0.0.1', port: rawPort, noDelay: true })
  await new Promise((resolve) => rawSocket.once('connect', resolve))
  const mesh = first.meshPeerId === null ? null : await startMeshSender(dir, clock, rng, first.meshPeerId)
  post({ t: 'connected', sha256, mtu: dialer.link.mtu })

  let transfers = 0
  for (;;) {
    const m = await Promise.race([reply('send'), reply('stop')])
    if (m.t === 'stop') break
    const cpu = process.cpuUsage()
    const inFlight: Promise<void>[] = []
    transfers++
    const cpuAsked = reply('cpu')
    if (m.kind === 'raw') {
      for (let at = 0; at < file.length; at += RAW_CHUNK_BYTES) {
        if (!rawSocket.write(file.subarray(at, Math.min(file.length, at + RAW_CHUNK_BYTES)))) await new Promise((r) => rawSocket.once('drain', r))
      }
    } else {
      for (let index = 0, at = 0; at < file.length; index++, at += UNIT_CONTENT_BYTES) {
        const content = file.subarray(at, Math.min(file.length, at + UNIT_CONTENT_BYTES))
        // A new name per transfer: the mesh derives file IDs from the TLV and shows each file once.
        const name = `bitmesh-bench-${transfers}.bin.${String(index).padStart(3, '0')}`
        const mime = 'application/octet-stream'
        if (m.kind !== 'mesh') {
          await channel.sendFile(first.peerId, { fileName: name, fileSize: content.length, mimeType: mime, content })
          continue
        }
        // The mesh holds at most 8 MiB of unacknowledged files: wait for receipts beyond that.
        if (inFlight.length >= MESH_FILES_IN_FLIGHT) await inFlight.shift()
        inFlight.push(delivered(mesh!.node, await mesh!.node.sendFile(first.meshPeerId!, { name, mime, bytes: content })))
      }
      await Promise.all(inFlight.splice(0))
    }
    await cpuAsked
    post({ t: 'cpu', cpuMicros: cpuMicros(cpu) })
  }
  channel.close()
  rawSocket.destroy()
  await mesh?.stop()
  await dialer.stop()
  for (const tap of taps) await tap.close()
  post({
    t: 'stopped',
    drops: channel.stats.rateLimitWaits === 0 ? channel.stats.drops : { ...channel.stats.drops, 'rate-limit-waits': channel.stats.rateLimitWaits },
    tap: taps.length === 0 ? null : { plane: { ...taps[0]!.stats }, raw: { ...taps[1]!.stats } },
  })
  process.disconnect()
}
