/** The Node plumbing over real loopback sockets and files: TCP streams, UDP, directories. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AbortError } from '@bitmesh/interface'
import { afterAll, describe, expect, it } from 'vitest'
import type { ByteStream } from '../src/index.js'
import { bindUdp, connectTcp, fileDirectory, listenTcp, memoryDirectory } from '../src/node/index.js'
import { createAbortController } from '../src/index.js'

const scratch = mkdtempSync(join(tmpdir(), 'bitmesh-stream-link-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Collect a stream's bytes until `n` arrived. */
function read(stream: ByteStream, n: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let got = 0
  return new Promise((resolve, reject) =>
    stream.setHandlers({
      data: (c) => {
        chunks.push(c.slice())
        got += c.length
        if (got >= n) resolve(Buffer.concat(chunks))
      },
      drain: () => {},
      close: (e) => (got < n ? reject(e ?? new Error('closed early')) : undefined),
    }),
  )
}

describe('listenTcp / connectTcp', () => {
  it('carry write and writev bytes in order and close both ends', async () => {
    const accepted: ByteStream[] = []
    const listener = await listenTcp('127.0.0.1', 0, (s) => accepted.push(s))
    expect(listener.port).toBeGreaterThan(0)
    const client = await connectTcp('127.0.0.1', listener.port)
    expect(client.remoteAddress).toBe(`127.0.0.1:${listener.port}`)
    client.write(Uint8Array.of(1, 2))
    client.writev!([Uint8Array.of(3), Uint8Array.of(4, 5)])
    while (accepted.length === 0) await new Promise((r) => setImmediate(r))
    // Bytes that arrived before setHandlers were held by the paused socket.
    expect([...(await read(accepted[0]!, 5))]).toEqual([1, 2, 3, 4, 5])
    const closed = new Promise<unknown>((r) => client.setHandlers({ data: () => {}, drain: () => {}, close: (e) => r(e ?? 'clean') }))
    accepted[0]!.end()
    expect(await closed).toBe('clean')
    expect(client.write(Uint8Array.of(1))).toBe(false)
    await listener.close()
  })

  it('connect rejects with AbortError when aborted, and with the socket error when refused', async () => {
    const c = createAbortController()
    c.abort()
    await expect(connectTcp('127.0.0.1', 9, c.signal)).rejects.toBeInstanceOf(AbortError)
    const listener = await listenTcp('127.0.0.1', 0, () => {})
    const port = listener.port
    await listener.close()
    await expect(connectTcp('127.0.0.1', port)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })
})

describe('bindUdp', () => {
  it('delivers a datagram with its sender, and close is idempotent', async () => {
    let resolveGot: (v: [string, number[]]) => void = () => {}
    const got = new Promise<[string, number[]]>((r) => (resolveGot = r))
    const receiver = await bindUdp('127.0.0.1', 0, (from, bytes) => resolveGot([from.host, [...bytes]]))
    const sender = await bindUdp('127.0.0.1', 0, () => {})
    sender.send('127.0.0.1', receiver.port, Uint8Array.of(7, 7, 7))
    expect(await got).toEqual(['127.0.0.1', [7, 7, 7]])
    await sender.close()
    await sender.close()
    sender.send('127.0.0.1', receiver.port, Uint8Array.of(1))
    await receiver.close()
  })
})

describe('directories', () => {
  const record = { name: 'owner/1', host: '127.0.0.1', port: 8988, info: { groupOwner: true } }

  it('memoryDirectory hands out copies', () => {
    const d = memoryDirectory()
    d.publish(record)
    const found = d.lookup('owner/1')!
    found.port = 1
    expect(d.lookup('owner/1')).toEqual(record)
    expect(d.list()).toEqual([record])
    d.withdraw('owner/1')
    expect(d.lookup('owner/1')).toBeUndefined()
  })

  it('fileDirectory is shared through the folder and skips unreadable records', () => {
    const path = join(scratch, 'dir')
    const writer = fileDirectory(path)
    const reader = fileDirectory(path)
    writer.publish(record)
    writeFileSync(join(path, 'broken.json'), '{ half')
    expect(reader.lookup('owner/1')).toEqual(record)
    expect(reader.list()).toEqual([record])
    writer.withdraw('owner/1')
    expect(reader.lookup('owner/1')).toBeUndefined()
    expect(reader.list()).toEqual([])
  })
})
