import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXPECTED as X } from '@bitmesh/conformance'
import { cli, sampleFrames } from './helpers.js'

const GOLDEN_V1 = '0102070102030405060708000003' + '1011121314151617aabbcc'
const sample = sampleFrames()
const frame = (label: string): string => {
  const hex = sample.get(label)
  if (hex === undefined) throw new Error(`sample.hex has no frame labelled ${label}`)
  return hex
}

describe('bitmesh decode', () => {
  it('annotates the header with offsets', async () => {
    const r = await cli('decode', GOLDEN_V1)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('25 bytes · current dialect · v1 · type 0x02 message (public chat)')
    expect(r.stdout).toMatch(/^\s+0\s+1\s+version\s+1$/m)
    expect(r.stdout).toMatch(/^\s+3\s+8\s+timestamp\s+72623859790382856$/m)
    expect(r.stdout).toMatch(/^\s+11\s+1\s+flags\s+0x00$/m)
    expect(r.stdout).toMatch(/^\s+14\s+8\s+senderId\s+1011121314151617$/m)
    expect(r.stdout).toContain('addressing: sender 1011121314151617 → broadcast (no recipient)')
    expect(r.stdout).toContain('head               aabbcc')
    expect(r.stdout).toContain(`packet ID: ${X.GOLDEN_V1_PACKET_ID}`)
  })

  it('decodes the v2 routed golden vector with flags by name and the route', async () => {
    const v2 =
      '021105000000000000002a0b00000002' +
      '01020304050607081112131415161718' +
      '0221222324252627283132333435363738' +
      'dead' +
      '5a'.repeat(64)
    const r = await cli('decode', v2)
    expect(r.stdout).toContain('flags            0x0b HAS_RECIPIENT | HAS_SIGNATURE | HAS_ROUTE')
    expect(r.stdout).toContain('route: 2122232425262728 → 3132333435363738')
    expect(r.stdout).toContain('recipient 1112131415161718')
    expect(r.stdout).toContain('signature: present at offset 51, not checked')
  })

  it('verifies a signature with --key (exit 0) and reports a wrong key (exit 1)', async () => {
    const good = await cli('decode', X.MSG_SIGNED, '--key', X.SIGNING_PUBLIC)
    expect(good.code).toBe(0)
    expect(good.stdout).toContain('signature: present at offset 32, VALID under the key from --key')
    expect(good.stdout).toContain('text               "hello mesh"')
    const bad = await cli('decode', X.MSG_SIGNED, '--key', X.OTHER_PUBLIC)
    expect(bad.code).toBe(1)
    expect(bad.stdout).toContain('INVALID under the key from --key')
  })

  it('verifies an announce with the key it carries and checks the peer ID binding', async () => {
    const r = await cli('decode', frame('signed announce from alice (verifies with the key inside it)'))
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('VALID under the key from announce')
    expect(r.stdout).toContain('nickname           "alice"')
    expect(r.stdout).toContain('sender ID = SHA-256(noise key)[0..8]: binding OK')
    expect(r.stdout).toMatch(/\+0\s+0x01 nickname\s+length 5/)
    expect(r.stdout).toContain('names: PREKEYS, GROUPS, VOUCH, PRIVATE_MEDIA, PRIVATE_MEDIA_RECEIPTS')
  })

  it('reports compression sizes and ratio', async () => {
    const r = await cli('decode', X.COMPRESSIBLE_AUTO)
    expect(r.stdout).toContain('compression: raw DEFLATE (RFC 1951), 189 → 61 bytes on the wire (ratio 3.10:1, 67.7% smaller)')
    expect(r.stdout).toMatch(/^\s+22\s+2\s+original size\s+189/m)
    expect(r.stdout).toContain('payload: 189 bytes (61 on the wire at offset 24)')
  })

  it('detects PKCS#7 padding', async () => {
    const r = await cli('decode', X.MSG_SIGNED_PADDED)
    expect(r.stdout).toContain('padding: PKCS#7, 160 bytes of 0xa0 (frame padded to 256)')
  })

  it('summarises a REQUEST_SYNC and its GCS', async () => {
    const r = await cli('decode', frame('signed REQUEST_SYNC to bob with a GCS filter of 3 packet IDs'))
    expect(r.stdout).toMatch(/^\s+p\s+7$/m)
    expect(r.stdout).toMatch(/^\s+items\s+3$/m)
    expect(r.stdout).toContain('falsePositiveRate  "≈ 1/128 (2^-P)"')
    expect(r.stdout).toMatch(/\+11\s+0x03 GCS data\s+length 4/)
  })

  it('truncated and bad-version frames are INVALID with exit 1', async () => {
    const cut = await cli('decode', X.MSG_SIGNED.slice(0, -20))
    expect(cut.code).toBe(1)
    expect(cut.stdout).toContain('INVALID: DECODE_ERROR TRUNCATED')
    expect(cut.stdout).toContain('(frame ends inside signature)')
    const v3 = await cli('decode', '03' + GOLDEN_V1.slice(2))
    expect(v3.code).toBe(1)
    expect(v3.stdout).toContain('INVALID: DECODE_ERROR BAD_VERSION')
    expect(v3.stdout).toContain('version          3 (unsupported)')
  })

  it('reports LEGACY_DIALECT and still decodes the LZ4 payload', async () => {
    const r = await cli('decode', frame('LEGACY dialect: old 0x04 message, LZ4 (Apple bv41 container), random padding'))
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('LEGACY dialect · v1 · type 0x04 message')
    expect(r.stdout).toContain('LEGACY_DIALECT: ')
    expect(r.stdout).toContain('compression: LZ4, Apple container (1 block), 132 → 94 bytes')
    expect(r.stdout).toContain('content            "legacy hello legacy hello')
    expect(r.stdout).toContain('padding: legacy random padding')
  })

  it('--all decodes every frame of the sample capture and rebuilds the fragment set', async () => {
    const r = await cli('decode', 'examples/captures/sample.hex', '--all')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('── frame 1 of 13 · line 8 · signed announce from alice')
    expect(r.stdout).toContain('── fragment set ')
    expect(r.stdout).toContain('reassembled original frame:')
    expect(r.stdout).toContain('type 0x22 fileTransfer')
    expect(r.stdout).toContain('fileName           "map.bin"')
    expect(r.stdout).toContain('message            1')
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('13 frame(s): 10 decoded, 3 invalid, legacy or badly signed')
    expect((await cli('decode', 'examples/captures/sample.hex', '--all', '--strict')).code).toBe(1)
  })

  it('without --all decodes the first frame and says how many remain', async () => {
    const r = await cli('decode', 'examples/captures/sample.hex')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('(12 more frame(s) in the file; use --all to decode them)')
  })

  it('--json prints a machine-readable report with exact timestamps', async () => {
    const r = await cli('decode', GOLDEN_V1, '--json')
    const start = r.stdout.indexOf('"timestamp":')
    expect(r.stdout.slice(start, start + 30)).toBe('"timestamp":72623859790382856,')
    const report = JSON.parse(r.stdout) as { frames: { status: string; packetId: string; fields: unknown[] }[] }
    expect(report.frames[0]).toMatchObject({ status: 'ok', packetId: X.GOLDEN_V1_PACKET_ID })
    expect(report.frames[0]!.fields).toHaveLength(8)
  })

  it('reads binary files as one frame', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bitmesh-decode-'))
    const path = join(dir, 'frame.bin')
    writeFileSync(path, Buffer.from(GOLDEN_V1, 'hex'))
    const r = await cli('decode', path)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('25 bytes · current dialect')
  })

  it('usage errors: not hex, bad --key, two arguments', async () => {
    expect((await cli('decode', 'zz-not-hex')).code).toBe(2)
    expect((await cli('decode', GOLDEN_V1, '--key', 'abcd')).code).toBe(2)
    expect((await cli('decode', GOLDEN_V1, GOLDEN_V1)).code).toBe(2)
    expect((await cli('decode')).code).toBe(2)
  })
})
