import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isBitMeshError } from '@bitmesh/interface'
import {
  bitchatDecrypt,
  decodeEmbeddedPacket,
  generateKeyPair,
  geohashBounds,
  nip44Decrypt,
  parseRelayCsv,
  parseRelayMessage,
  unwrapBitchatPrivateMessage,
  unwrapGift,
  verifyEvent,
} from '../src/index.js'
import { seededRng } from './helpers/clock.js'

/** Calls `f`; passes when it returns or throws a BitMesh error, fails on any other exception. */
function onlyTypedErrors(f: () => unknown): void {
  try {
    f()
  } catch (e) {
    if (!isBitMeshError(e)) throw e
  }
}

const me = generateKeyPair(seededRng(1))
const peer = generateKeyPair(seededRng(2))
const json = fc.jsonValue({ maxDepth: 3 })

describe('hostile input never escapes as an untyped exception', () => {
  it('relay messages', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), json.map((v) => JSON.stringify(v))), (text) => {
        parseRelayMessage(text)
      }),
      { numRuns: 2000 },
    )
  })
  it('events, gift wraps and envelopes', () => {
    fc.assert(
      fc.property(json, fc.string(), (value, text) => {
        expect(typeof verifyEvent(value)).toBe('boolean')
        onlyTypedErrors(() => unwrapGift(value, me.secretKey))
        onlyTypedErrors(() => unwrapBitchatPrivateMessage(value, me.secretKey, me.publicKey))
        onlyTypedErrors(() => bitchatDecrypt('v2:' + text, me.secretKey, peer.publicKey))
        onlyTypedErrors(() => nip44Decrypt(text, new Uint8Array(32)))
        onlyTypedErrors(() => decodeEmbeddedPacket('bitchat1:' + text))
        onlyTypedErrors(() => geohashBounds(text))
        parseRelayCsv(text)
      }),
      { numRuns: 500 },
    )
  })
  it('random bytes as base64url embedded packets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        onlyTypedErrors(() => decodeEmbeddedPacket('bitchat1:' + Buffer.from(bytes).toString('base64url')))
      }),
      { numRuns: 1000 },
    )
  })
})
