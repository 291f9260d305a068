import { describe, expect, it, vi } from 'vitest'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { decodePacket, encodePacket, MessageType, splitIntoFragments, type BitchatPacket } from '@bitmesh/wire-format'
import { dedupKey } from '../src/dedup.js'
import { LinkAdmission, linkRate } from '../src/link-rate.js'
import {
  FILE_PACER_FRAMES_PER_TICK,
  MAX_FILE_CONTENT_BYTES,
  MAX_FILE_FRAME_BYTES,
  MAX_FRAMES_PER_LINK_PER_WINDOW,
  pacerTickBudget,
} from '../src/index.js'
import { fileBytes, fileWorld } from './file-helpers.js'

const MIB = 1_048_576

describe('per-link receive budget scales with the MTU (issue #7 follow-up)', () => {
  it('BLE keeps 400 frames/s; a 64 KiB link gets 2 048 frames and 128 MiB per second', () => {
    expect(linkRate(512)).toEqual({ frames: MAX_FRAMES_PER_LINK_PER_WINDOW, bytes: 400 * 512 })
    expect(linkRate(185)).toEqual({ frames: 400, bytes: 400 * 512 })
    expect(linkRate(65_536)).toEqual({ frames: 2_048, bytes: 128 * MIB })
    expect(linkRate(Number.NaN).frames).toBe(400)
    // The pacer stays under it: 3 frames per 10 ms on BLE, 15 (≈ 94 MiB/s of 64 KiB frames) on fast links.
    expect(pacerTickBudget(512)).toEqual({ frames: FILE_PACER_FRAMES_PER_TICK, bytes: 1_536 })
    expect(pacerTickBudget(65_536).frames).toBe(15)
    expect(pacerTickBudget(65_536).bytes).toBeGreaterThanOrEqual(15 * 65_536)
  })

  it('admission counts frames and bytes per link and window', () => {
    const admission = new LinkAdmission()
    const ble = {}
    const fast = {}
    let admitted = 0
    for (let i = 0; i < 500; i++) if (admission.admit(ble, 512, 100, 0)) admitted++
    expect(admitted).toBe(400)
    // Another link has its own budget; a new window resets it.
    expect(admission.admit(fast, 65_536, 100, 0)).toBe(true)
    expect(admission.admit(ble, 512, 100, 1_000)).toBe(true)
    // Bytes bound a fast link before frames do: 128 MiB of 1 MiB frames is 128 frames.
    admitted = 0
    for (let i = 0; i < 200; i++) if (admission.admit(fast, 65_536, MIB, 2_000)) admitted++
    expect(admitted).toBe(128)
  })
})

describe('fragment dedup keys from the header (no hash per fragment)', () => {
  const packet: BitchatPacket = decodePacket(
    encodePacket({ version: 1, type: MessageType.MESSAGE, ttl: 7, timestamp: 1_760_000_000_000n, senderId: new Uint8Array(8).fill(1), recipientId: null, payload: fileBytes(3_000, 5), signature: null, route: null, isRsr: false }),
  )
  const frame = encodePacket(packet)
  const fragments = splitIntoFragments(frame, { fragmentId: new Uint8Array(8).fill(9), chunkSize: 400, compression: 'none' }).map((f) => decodePacket(f))

  it('names each fragment by sender, timestamp, fragment ID, index and total without SHA-256', () => {
    const sha256 = vi.fn(nodeCryptoProvider.sha256)
    const crypto = { ...nodeCryptoProvider, sha256 }
    const keys = fragments.map((f) => dedupKey(f, crypto))
    expect(sha256).not.toHaveBeenCalled()
    expect(new Set(keys).size).toBe(fragments.length)
    expect(keys[1]).toBe(`${'01'.repeat(8)}-1760000000000-32-f${'09'.repeat(8)}0001${fragments.length.toString(16).padStart(4, '0')}02`)
    // Relayed copies (another TTL) share the key; other packets still hash their payload.
    expect(dedupKey({ ...fragments[1]!, ttl: 3 }, crypto)).toBe(keys[1])
    expect(dedupKey(packet, crypto)).toMatch(/-2-[0-9a-f]{8}$/)
    expect(sha256).toHaveBeenCalledTimes(1)
  })
})

describe('files on fast links', () => {
  it('8 queued files at the cap all arrive over one 64 KiB link, within the 4 MiB reassembly buffer', async () => {
    const world = fileWorld([{ kind: 'wifi-direct', mtu: 65_536, bytesPerSecond: 100 * MIB }])
    const alice = await world.add('alice')
    const bob = await world.add('bob')
    await world.connect(alice, bob)
    await world.run(2_000)
    const files = Array.from({ length: 8 }, (_, i) => fileBytes(MAX_FILE_CONTENT_BYTES, 100 + i))
    const ids = await Promise.all(files.map((bytes, i) => alice.node.sendFile(bob.node.peerId, { name: `f${i}.bin`, bytes })))
    let peakBuffered = 0
    for (let t = 0; t < 3_000 && bob.events.file.length < files.length; t += 10) {
      await world.run(10)
      peakBuffered = Math.max(peakBuffered, bob.node.stats.sizes.reassemblyBytes)
    }
    expect(bob.events.file.map((f) => f.name).sort()).toEqual(files.map((_, i) => `f${i}.bin`))
    for (const f of bob.events.file) expect(f.bytes).toEqual(files[Number(f.name.slice(1, 2))])
    // One set per link at a time: never more than one file's packet buffered.
    expect(peakBuffered).toBeGreaterThan(0)
    expect(peakBuffered).toBeLessThanOrEqual(MAX_FILE_FRAME_BYTES)
    expect(bob.events.drop.filter((d) => d.reason === 'fragment' || d.reason === 'rate-limit')).toEqual([])
    await world.run(1_000)
    for (const id of ids) expect(alice.events.delivery.some((d) => d.messageId === id && d.status === 'delivered')).toBe(true)
    await world.stopAll()
  }, 120_000)

  it('a name that pushes a file at the content cap past 1 MiB of packet is a RangeError', async () => {
    const world = fileWorld([{ kind: 'wifi-direct', mtu: 65_536 }])
    const alice = await world.add('alice')
    const bytes = new Uint8Array(MAX_FILE_CONTENT_BYTES)
    await expect(alice.node.sendFile('0102030405060708', { name: 'n'.repeat(400), bytes })).rejects.toThrow(RangeError)
    await expect(alice.node.sendFile('0102030405060708', { name: 'n'.repeat(100), bytes })).resolves.toMatch(/^[0-9A-F-]{36}$/)
    await world.stopAll()
  })
})
