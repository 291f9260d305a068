/**
 * The full-stack benchmark's harness as a correctness test (no timing asserted): two processes,
 * a Wi-Fi Direct link between them, a Noise XX session on it, a 1.5 MB file as bitchat `0x20`
 * private files in fragmented `noiseEncrypted` packets. The sender's connections run through
 * tapping proxies: the plaintext marker planted in the file must cross the raw-TCP socket (the
 * tap works) and must never cross the data plane (Noise is on).
 */
import { describe, expect, it } from 'vitest'
import { markerScanner } from '../benchmark/full-stack/tap.js'
import { runFullStack } from '../benchmark/full-stack/run.js'
import { fragmentChunkSize } from '../benchmark/full-stack/secure-channel.js'
import { PLAINTEXT_MARKER, UNIT_CONTENT_BYTES, UNIT_OVERHEAD_BYTES, MAX_UNIT_FRAME_BYTES } from '../benchmark/full-stack/constants.js'

const enc = new TextEncoder()

describe('markerScanner', () => {
  it('finds a marker split across chunks at every position, and nothing in bytes without it', () => {
    const marker = enc.encode('NEEDLE')
    const text = enc.encode('xxxxNEEDLEyyyy')
    for (let cut = 0; cut <= text.length; cut++) {
      const scan = markerScanner(marker)
      scan(text.subarray(0, cut))
      expect(scan(text.subarray(cut))).toBe(true)
    }
    const scan = markerScanner(marker)
    expect(scan(enc.encode('xxxxNEED'))).toBe(false)
    expect(scan(enc.encode('LXyyNEEDL'))).toBe(false)
    expect(scan(enc.encode('E'))).toBe(true) // …NEEDL + E
  })
})

describe('interop-bounded units', () => {
  it('a unit frame stays within 1 MiB and a 64 KiB link needs at most 17 fragments of it', () => {
    expect(UNIT_CONTENT_BYTES + UNIT_OVERHEAD_BYTES).toBe(MAX_UNIT_FRAME_BYTES)
    expect(fragmentChunkSize(65_536)).toBe(65_491)
    expect(Math.ceil(MAX_UNIT_FRAME_BYTES / fragmentChunkSize(65_536))).toBe(17)
  })
})

describe('full stack across two processes', () => {
  it('1.5 MB over wifi-direct arrives with an equal SHA-256, and only ciphertext crosses the data plane', async () => {
    const bytes = 1_500_000
    const run = await runFullStack({ plane: 'wifi-direct', bytes, rounds: 1, warmup: 0, tap: true, lean: false })
    expect(run.mtu).toBe(65_536)
    expect(run.rounds).toHaveLength(1)
    expect(run.rounds[0]!.full.intact).toBe(true)
    expect(run.drops).toEqual({ sender: {}, receiver: {} })
    // The raw baseline went through its tap with the marker in plain sight…
    expect(run.tap!.raw.bytesToTarget).toBe(bytes)
    expect(run.tap!.raw.markerSeen).toBe(true)
    // …the data plane carried the whole file (plus framing, headers, tags) and never the marker.
    expect(run.tap!.plane.bytesToTarget).toBeGreaterThan(bytes)
    expect(run.tap!.plane.markerSeen).toBe(false)
    expect(PLAINTEXT_MARKER.length).toBeGreaterThan(16)
  })
})
