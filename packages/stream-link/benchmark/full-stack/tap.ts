/**
 * A tapping TCP proxy for the correctness test: forwards both directions unchanged and scans
 * the bytes towards the target for a plaintext marker (also across chunk boundaries). Test and
 * benchmark plumbing only.
 * @module
 */
import { createConnection, createServer, type Socket } from 'node:net'

/** What a {@link TcpTap} saw. */
export interface TapStats {
  /** Bytes forwarded towards the target. */
  bytesToTarget: number
  /** Whether the marker appeared in those bytes. */
  markerSeen: boolean
}

/** A running tap. */
export interface TcpTap {
  /** Port to connect to instead of the target's. */
  readonly port: number
  readonly stats: TapStats
  close(): Promise<void>
}

/**
 * Incremental search for `marker` in a byte stream split into arbitrary chunks.
 * @param marker - The bytes to look for (non-empty).
 * @returns A scanner: call it with every chunk; it returns `true` once the marker was seen.
 */
export function markerScanner(marker: Uint8Array): (chunk: Uint8Array) => boolean {
  if (marker.length === 0) throw new RangeError('marker must not be empty')
  const needle = Buffer.from(marker)
  let tail = Buffer.alloc(0)
  let seen = false
  return (chunk) => {
    if (seen) return true
    const joined = Buffer.concat([tail, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)])
    if (joined.indexOf(needle) >= 0) seen = true
    // Keep just enough to catch a marker straddling this chunk and the next.
    tail = Buffer.from(joined.subarray(Math.max(0, joined.length - (needle.length - 1))))
    return seen
  }
}

/**
 * Listen on 127.0.0.1 and relay every connection to `host:port`.
 * @param host - Target host.
 * @param port - Target port.
 * @param marker - Plaintext that must not cross the wire when Noise is on.
 * @returns The tap, once listening.
 */
export async function startTcpTap(host: string, port: number, marker: Uint8Array): Promise<TcpTap> {
  const stats: TapStats = { bytesToTarget: 0, markerSeen: false }
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const scan = markerScanner(marker)
    const upstream = createConnection({ host, port, noDelay: true })
    client.setNoDelay(true)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => s.destroy())
    }
    client.on('data', (d: Buffer) => {
      stats.bytesToTarget += d.length
      if (scan(d)) stats.markerSeen = true
    })
    client.pipe(upstream)
    upstream.pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as { port: number }).port,
    stats,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
