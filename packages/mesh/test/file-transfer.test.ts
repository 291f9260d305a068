import { describe, expect, it } from 'vitest'
import { MessageType } from '@bitmesh/wire-format'
import { FILE_RESEND_ASSUMED_BYTES_PER_S, FILE_RESEND_MIN_MS, MAX_FILE_CONTENT_BYTES, fileMessageId } from '../src/index.js'
import { fileBytes, fileWorld, type FileNode } from './file-helpers.js'

async function pair(mtu = 512) {
  const world = fileWorld([{ kind: 'ble', mtu }])
  const alice = await world.add('alice')
  const bob = await world.add('bob')
  await world.connect(alice, bob)
  await world.run(2_000)
  expect(alice.node.peers().map((p) => p.peerId)).toEqual([bob.node.peerId])
  return { world, alice, bob }
}

const statuses = (n: FileNode, id: string) => n.events.delivery.filter((d) => d.messageId === id).map((d) => d.status)

describe('private files (0x20 over Noise, §2.5.5)', () => {
  it('a small file round-trips with name, MIME type and a delivered receipt', async () => {
    const { world, alice, bob } = await pair()
    const bytes = fileBytes(100)
    const id = await alice.node.sendFile(bob.node.peerId, { name: 'note.txt', mime: 'text/plain', bytes })
    await world.run(3_000)
    expect(bob.events.file).toHaveLength(1)
    expect(bob.events.file[0]).toMatchObject({ from: alice.node.peerId, messageId: id, name: 'note.txt', mime: 'text/plain', private: true })
    expect(bob.events.file[0]!.bytes).toEqual(bytes)
    expect(id).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/)
    expect(statuses(alice, id)).toEqual(['queued', 'delivered']) // queued: the Noise handshake ran first
    // Files always take the fragment path (iOS), even when one fragment would do.
    expect(alice.node.stats.fragmentsSent).toBeGreaterThanOrEqual(1)
    await world.stopAll()
  })

  it('the default MIME type is application/octet-stream', async () => {
    const { world, alice, bob } = await pair()
    await alice.node.sendFile(bob.node.peerId, { name: 'x', bytes: fileBytes(10) })
    await world.run(3_000)
    expect(bob.events.file[0]?.mime).toBe('application/octet-stream')
    await world.stopAll()
  })

  it('a 200 KiB file crosses a 512-byte link in more than 256 fragments (iOS cap 10 000)', async () => {
    const { world, alice, bob } = await pair()
    const bytes = fileBytes(200 * 1024, 5)
    const id = await alice.node.sendFile(bob.node.peerId, { name: 'photo.jpg', mime: 'image/jpeg', bytes })
    await world.run(6_000)
    expect(bob.events.file.map((f) => f.messageId)).toEqual([id])
    expect(bob.events.file[0]!.bytes).toEqual(bytes)
    expect(alice.node.stats.fragmentsSent).toBeGreaterThan(256)
    expect(statuses(alice, id).at(-1)).toBe('delivered')
    await world.stopAll()
  })

  it('a file at the content cap (1 MiB − 512 B, fits Android’s 1 MiB set) arrives; one byte more is a RangeError', async () => {
    const { world, alice, bob } = await pair()
    const bytes = fileBytes(MAX_FILE_CONTENT_BYTES, 7)
    await expect(alice.node.sendFile(bob.node.peerId, { name: 'big', bytes: new Uint8Array(MAX_FILE_CONTENT_BYTES + 1) })).rejects.toThrow(RangeError)
    await expect(alice.node.sendFile(bob.node.peerId, { name: 'empty', bytes: new Uint8Array(0) })).rejects.toThrow(RangeError)
    await expect(alice.node.sendFile(bob.node.peerId, { name: 1 as unknown as string, bytes })).rejects.toThrow(TypeError)
    const id = await alice.node.sendFile(bob.node.peerId, { name: 'max.bin', bytes })
    await world.run(20_000, 20)
    expect(bob.events.file).toHaveLength(1)
    expect(bob.events.file[0]!.bytes.length).toBe(MAX_FILE_CONTENT_BYTES)
    expect(bob.events.file[0]!.bytes).toEqual(bytes)
    expect(statuses(alice, id).at(-1)).toBe('delivered')
    // Reassembly bounds: nothing left buffered once the set completed.
    expect(bob.node.stats.sizes.reassemblies).toBe(0)
    expect(bob.node.stats.sizes.reassemblyBytes).toBe(0)
    await world.stopAll()
  }, 60_000)

  it('a corrupted fragment set is dropped (Noise authentication), the resend arrives once', async () => {
    const { world, alice, bob } = await pair()
    const link = alice.transports[0]!.links[0]!
    const send = link.send.bind(link)
    let fragments = 0
    link.send = (frame: Uint8Array) => {
      // Flip one ciphertext byte in the 3rd fragment of the first train only.
      if (frame[1] === MessageType.FRAGMENT && ++fragments === 3) {
        const copy = frame.slice()
        copy[copy.length - 5]! ^= 0xff
        return send(copy)
      }
      return send(frame)
    }
    const bytes = fileBytes(20_000, 9)
    const id = await alice.node.sendFile(bob.node.peerId, { name: 'c.bin', bytes })
    await world.run(5_000)
    expect(bob.events.file).toHaveLength(0)
    expect(bob.events.drop.some((d) => d.reason === 'noise')).toBe(true)
    // The sender resends after its size-scaled timeout.
    await world.run(FILE_RESEND_MIN_MS + Math.ceil((bytes.length / FILE_RESEND_ASSUMED_BYTES_PER_S) * 1000), 50)
    expect(bob.events.file.map((f) => f.messageId)).toEqual([id])
    expect(bob.events.file[0]!.bytes).toEqual(bytes)
    expect(statuses(alice, id).at(-1)).toBe('delivered')
    await world.stopAll()
  })

  it('an incomplete set expires from reassembly (30 s lifetime) and leaves nothing buffered', async () => {
    const { world, alice, bob } = await pair()
    const link = alice.transports[0]!.links[0]!
    const send = link.send.bind(link)
    let fragments = 0
    link.send = (frame: Uint8Array) => (frame[1] === MessageType.FRAGMENT && ++fragments > 20 ? true : send(frame)) // a dead path after 20
    await alice.node.sendFile(bob.node.peerId, { name: 'p.bin', bytes: fileBytes(50_000, 4) })
    await world.run(2_000)
    expect(bob.node.stats.sizes.reassemblies).toBe(1)
    expect(bob.node.stats.sizes.reassemblyBytes).toBeGreaterThan(0)
    await world.run(35_000, 100)
    expect(bob.node.stats.sizes.reassemblies).toBe(0)
    expect(bob.node.stats.sizes.reassemblyBytes).toBe(0)
    expect(bob.events.file).toHaveLength(0)
    await world.stopAll()
  })

  it('the same file sent twice is one transfer with one ID, shown once', async () => {
    const { world, alice, bob } = await pair()
    const bytes = fileBytes(3_000, 2)
    const a = await alice.node.sendFile(bob.node.peerId, { name: 'same', bytes })
    const b = await alice.node.sendFile(bob.node.peerId, { name: 'same', bytes })
    expect(b).toBe(a)
    await world.run(3_000)
    expect(bob.events.file).toHaveLength(1)
    await world.stopAll()
  })

  it('a file to a peer out of reach waits and goes when the peer is back', async () => {
    const { world, alice, bob } = await pair()
    await world.run(1_000)
    await alice.transports[0]!.links[0]!.close()
    await world.run(100)
    const id = await alice.node.sendFile(bob.node.peerId, { name: 'later', bytes: fileBytes(5_000, 6) })
    await world.run(2_000)
    expect(bob.events.file).toHaveLength(0)
    await world.connect(alice, bob)
    await world.run(25_000, 50)
    expect(bob.events.file.map((f) => f.messageId)).toEqual([id])
    await world.stopAll()
  })

  it('a public file (0x22, signed, fragmented) reaches the neighbour and, through its relay, the next node', async () => {
    const world = fileWorld([{ kind: 'ble', mtu: 512 }])
    const alice = await world.add('alice')
    const bob = await world.add('bob')
    const carol = await world.add('carol')
    await world.connect(alice, bob)
    await world.connect(bob, carol)
    await world.run(3_000)
    expect(carol.node.peers().map((p) => p.nickname).sort()).toEqual(['alice', 'bob'])
    const bytes = fileBytes(100_000, 8)
    const id = await alice.node.sendPublicFile({ name: 'poster.png', mime: 'image/png', bytes })
    await world.run(5_000)
    for (const n of [bob, carol]) {
      expect(n.events.file.map((f) => [f.messageId, f.from, f.name, f.mime, f.private])).toEqual([[id, alice.node.peerId, 'poster.png', 'image/png', false]])
      expect(n.events.file[0]!.bytes).toEqual(bytes)
    }
    expect(alice.events.file).toEqual([])
    await expect(alice.node.sendPublicFile({ name: 'big', bytes: new Uint8Array(MAX_FILE_CONTENT_BYTES + 1) })).rejects.toThrow(RangeError)
    await world.stopAll()
  })

  it('a public file with a broken signature is dropped', async () => {
    const { world, alice, bob } = await pair()
    const link = alice.transports[0]!.links[0]!
    const send = link.send.bind(link)
    let fragments: Uint8Array[] = []
    link.send = (frame: Uint8Array) => {
      if (frame[1] !== MessageType.FRAGMENT) return send(frame)
      fragments.push(frame) // held back, sent below with the signature damaged
      return true
    }
    await alice.node.sendPublicFile({ name: 'sig', bytes: fileBytes(2_000, 1) })
    await world.run(500)
    expect(fragments.length).toBeGreaterThan(1)
    const last = fragments.at(-1)!.slice()
    last[last.length - 3]! ^= 0x01
    // The signature ends the original packet (unpadded 0x22): it sits in the last fragment.
    fragments = [...fragments.slice(0, -1), last]
    for (const f of fragments) send(f)
    await world.run(500)
    expect(bob.events.file).toEqual([])
    expect(bob.events.drop.some((d) => d.reason === 'bad-signature' && d.detail === 'public file')).toBe(true)
    await world.stopAll()
  })

  it('fileMessageId is a UUID-shaped SHA-256 prefix of the file TLV', () => {
    const id = fileMessageId(new Uint8Array([1, 2, 3]), () => Uint8Array.from({ length: 32 }, (_, i) => i))
    expect(id).toBe('00010203-0405-0607-0809-0A0B0C0D0E0F')
  })
})
