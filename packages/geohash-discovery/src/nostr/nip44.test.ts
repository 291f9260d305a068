import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { loadJsonVectors, hex, toHex } from '@bitmesh-internal/test-vectors'
import { isBitMeshError } from '@bitmesh/interface'
import { v2 as nostrToolsNip44 } from 'nostr-tools/nip44'
import { getConversationKey, messageKeys, nip44Decrypt, nip44Encrypt, nip44PaddedLength } from './nip44.js'
import { getPublicKey } from './keys.js'

interface V2 {
  valid: {
    get_conversation_key: Array<{ sec1: string; pub2: string; conversation_key: string }>
    get_message_keys: { conversation_key: string; keys: Array<{ nonce: string; chacha_key: string; chacha_nonce: string; hmac_key: string }> }
    calc_padded_len: Array<[number, number]>
    encrypt_decrypt: Array<{ sec1: string; sec2: string; conversation_key: string; nonce: string; plaintext: string; payload: string }>
    encrypt_decrypt_long_msg: Array<{ conversation_key: string; nonce: string; pattern: string; repeat: number; plaintext_sha256: string; payload_sha256: string }>
  }
  invalid: {
    encrypt_msg_lengths: number[]
    get_conversation_key: Array<{ sec1: string; pub2: string; note: string }>
    decrypt: Array<{ conversation_key: string; nonce: string; plaintext: string; payload: string; note: string }>
  }
}

const { v2 } = loadJsonVectors<{ v2: V2 }>('nip44', 'nip44.vectors.json')
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

describe('NIP-44 v2 vectors (paulmillr/nip44)', () => {
  it('valid.get_conversation_key (35)', () => {
    expect(v2.valid.get_conversation_key).toHaveLength(35)
    for (const v of v2.valid.get_conversation_key) expect(toHex(getConversationKey(hex(v.sec1), v.pub2))).toBe(v.conversation_key)
  })
  it('valid.get_message_keys (32)', () => {
    const ck = hex(v2.valid.get_message_keys.conversation_key)
    expect(v2.valid.get_message_keys.keys).toHaveLength(32)
    for (const v of v2.valid.get_message_keys.keys) {
      const k = messageKeys(ck, hex(v.nonce))
      expect([toHex(k.key), toHex(k.nonce), toHex(k.hmacKey)]).toEqual([v.chacha_key, v.chacha_nonce, v.hmac_key])
    }
  })
  it('valid.calc_padded_len (24)', () => {
    expect(v2.valid.calc_padded_len).toHaveLength(24)
    for (const [n, padded] of v2.valid.calc_padded_len) expect(nip44PaddedLength(n)).toBe(padded)
  })
  it('valid.encrypt_decrypt (10): both directions, both key orders', () => {
    expect(v2.valid.encrypt_decrypt).toHaveLength(10)
    for (const v of v2.valid.encrypt_decrypt) {
      const ck = getConversationKey(hex(v.sec1), getPublicKey(hex(v.sec2)))
      expect(toHex(ck)).toBe(v.conversation_key)
      expect(toHex(getConversationKey(hex(v.sec2), getPublicKey(hex(v.sec1))))).toBe(v.conversation_key)
      expect(nip44Encrypt(v.plaintext, ck, hex(v.nonce))).toBe(v.payload)
      expect(nip44Decrypt(v.payload, ck)).toBe(v.plaintext)
    }
  })
  it('valid.encrypt_decrypt_long_msg (3)', () => {
    expect(v2.valid.encrypt_decrypt_long_msg).toHaveLength(3)
    for (const v of v2.valid.encrypt_decrypt_long_msg) {
      const plaintext = v.pattern.repeat(v.repeat)
      expect(sha(plaintext)).toBe(v.plaintext_sha256)
      const payload = nip44Encrypt(plaintext, hex(v.conversation_key), hex(v.nonce))
      expect(sha(payload)).toBe(v.payload_sha256)
      expect(nip44Decrypt(payload, hex(v.conversation_key))).toBe(plaintext)
    }
  })
  it('invalid.encrypt_msg_lengths (4) throw RangeError', () => {
    const ck = new Uint8Array(32).fill(1)
    for (const n of v2.invalid.encrypt_msg_lengths) expect(() => nip44Encrypt('x'.repeat(n), ck, new Uint8Array(32))).toThrow(RangeError)
  })
  it('invalid.get_conversation_key (8) throw CryptoError', () => {
    expect(v2.invalid.get_conversation_key).toHaveLength(8)
    for (const v of v2.invalid.get_conversation_key) {
      let err: unknown
      try {
        getConversationKey(hex(v.sec1), v.pub2)
      } catch (e) {
        err = e
      }
      expect(isBitMeshError(err), v.note).toBe(true)
      expect((err as { code: string }).code).toBe('CRYPTO_ERROR')
    }
  })
  it('invalid.decrypt (12) throw typed errors', () => {
    expect(v2.invalid.decrypt).toHaveLength(12)
    for (const v of v2.invalid.decrypt) {
      let err: unknown
      try {
        nip44Decrypt(v.payload, hex(v.conversation_key))
      } catch (e) {
        err = e
      }
      expect(isBitMeshError(err), v.note).toBe(true)
    }
  })
})

describe('interop with nostr-tools nip44', () => {
  it('each side decrypts the other', () => {
    const a = hex('0000000000000000000000000000000000000000000000000000000000000003')
    const b = hex('00000000000000000000000000000000000000000000000000000000000000aa')
    const ck = getConversationKey(a, getPublicKey(b))
    expect(toHex(nostrToolsNip44.utils.getConversationKey(b, getPublicKey(a)))).toBe(toHex(ck))
    const ours = nip44Encrypt('héllo ⚡', ck, new Uint8Array(32).fill(7))
    expect(nostrToolsNip44.decrypt(ours, ck)).toBe('héllo ⚡')
    expect(nip44Decrypt(nostrToolsNip44.encrypt('back at you', ck), ck)).toBe('back at you')
  })
  it('a flipped payload byte fails authentication', () => {
    const ck = new Uint8Array(32).fill(9)
    const p = nip44Encrypt('tamper me', ck, new Uint8Array(32).fill(3))
    const bytes = Buffer.from(p, 'base64')
    bytes[40] = bytes[40]! ^ 1
    expect(() => nip44Decrypt(bytes.toString('base64'), ck)).toThrow(/MAC/)
  })
})
