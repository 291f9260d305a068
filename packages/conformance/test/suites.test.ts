/**
 * Checks of the suite data itself, recomputed here with node:crypto / node:zlib rather than
 * taken from the Python script that generated it, so a mistake in either shows up.
 */
import { createHash, createPublicKey, verify } from 'node:crypto'
import { inflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { allSuites, caseOps, EXPECTED as X, EXTENSION_OP_PREFIX } from '../src/suites/index.js'

const sha256 = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex')
const ED25519_SPKI_PREFIX = '302a300506032b6570032100'

describe('suite data', () => {
  it('case names are unique within each suite and every case has steps', () => {
    for (const suite of allSuites) {
      const names = suite.cases.map((c) => c.name)
      expect(new Set(names).size, suite.name).toBe(names.length)
      for (const c of suite.cases) expect(c.steps.length, c.name).toBeGreaterThan(0)
    }
  })

  it('uses only v1 table ops, hello, and bitmesh.* extensions (plus the deliberate unknown op)', () => {
    const table = new Set(['hello', 'packet.encode', 'packet.decode', 'packet.signingBytes', 'packet.sign', 'packet.verify', 'packet.id', 'peer.id', 'announce.encode', 'announce.decode', 'fragment.split', 'fragment.reassemble', 'gcs.build', 'gcs.contains', 'noise.new', 'noise.write', 'noise.read', 'noise.encrypt', 'noise.decrypt', 'noise.handshakeHash', 'noise.remoteStatic'])
    for (const suite of allSuites) {
      for (const c of suite.cases) {
        for (const op of caseOps(c)) {
          if (c.alwaysRun === true) continue
          expect(table.has(op) || op.startsWith(EXTENSION_OP_PREFIX), `${c.name}: ${op}`).toBe(true)
        }
      }
    }
  })

  it('peer IDs are SHA-256(key)[0..8]', () => {
    expect(X.PEER_ID_11).toBe(sha256('11'.repeat(32)).slice(0, 16))
    const seq = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join('')
    expect(X.PEER_ID_SEQ).toBe(sha256(seq).slice(0, 16))
  })

  it('packet IDs are SHA-256(type ‖ sender ‖ u64 timestamp ‖ payload)[0..16]', () => {
    expect(X.GOLDEN_V1_PACKET_ID).toBe(sha256('02' + '1011121314151617' + '0102030405060708' + 'aabbcc').slice(0, 32))
    const ts = (1735689600000).toString(16).padStart(16, '0')
    expect(X.MSG_PACKET_ID).toBe(sha256('02' + 'a1b2c3d4e5f60718' + ts + Buffer.from('hello mesh').toString('hex')).slice(0, 32))
    expect(X.COMPRESSIBLE_PACKET_ID).toBe(sha256('02' + 'a1b2c3d4e5f60718' + ts + X.COMPRESSIBLE_TEXT).slice(0, 32))
  })

  it('the message preimage is the TTL-0 frame padded with 224 × e0', () => {
    const frame = X.MSG_UNSIGNED.slice(0, 4) + '00' + X.MSG_UNSIGNED.slice(6)
    expect(X.MSG_PREIMAGE).toBe(frame + 'e0'.repeat(224))
    expect(X.MSG_PREIMAGE.length).toBe(512)
  })

  it('signed frames carry a valid Ed25519 signature over the preimage', () => {
    const key = createPublicKey({ key: Buffer.from(ED25519_SPKI_PREFIX + X.SIGNING_PUBLIC, 'hex'), format: 'der', type: 'spki' })
    const signature = Buffer.from(X.MSG_SIGNED.slice(-128), 'hex')
    expect(verify(null, Buffer.from(X.MSG_PREIMAGE, 'hex'), key, signature)).toBe(true)
  })

  it('compressed frames inflate to the original payload', () => {
    // header 14 + sender 8 + original size 2 = 24 bytes before the DEFLATE stream
    const deflated = Buffer.from(X.COMPRESSIBLE_AUTO.slice(48), 'hex')
    expect(inflateRawSync(deflated).toString('hex')).toBe(X.COMPRESSIBLE_TEXT)
    expect(X.COMPRESSIBLE_AUTO.slice(44, 48)).toBe((X.COMPRESSIBLE_TEXT.length / 2).toString(16).padStart(4, '0'))
    const foreign = Buffer.from(X.FOREIGN_SIGNED.slice(48, -128), 'hex')
    expect(inflateRawSync(foreign).toString('hex')).toBe(X.FOREIGN_TEXT)
  })

  it('fragments concatenate back to the original frame', () => {
    const joined = X.MSG_SIGNED_FRAGMENTS_25.map((f) => f.slice((22 + 13) * 2)).join('')
    expect(joined).toBe(X.MSG_SIGNED)
  })
})
