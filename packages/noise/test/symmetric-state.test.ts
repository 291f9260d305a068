import { describe, expect, it } from 'vitest'
import { toHex } from '@bitmesh-internal/test-vectors'
import { BITCHAT_PROTOCOL_NAME, noiseHkdf, protocolName, SymmetricState } from '../src/index.js'
import { providers } from './helpers/providers.js'

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))
const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

for (const crypto of providers) {
  describe(`SymmetricState [${crypto.name}]`, () => {
    it('bitchat name is exactly 32 bytes, so h0 = the name itself (§5.1)', () => {
      expect(protocolName('XX')).toBe(BITCHAT_PROTOCOL_NAME)
      expect(BITCHAT_PROTOCOL_NAME.length).toBe(32)
      expect(toHex(new SymmetricState(crypto, BITCHAT_PROTOCOL_NAME).getHandshakeHash())).toBe(toHex(ascii(BITCHAT_PROTOCOL_NAME)))
    })

    it('names shorter than 32 bytes are zero-padded', () => {
      const name = protocolName('X') // 31 bytes
      expect(name.length).toBe(31)
      expect(toHex(new SymmetricState(crypto, name).getHandshakeHash())).toBe(toHex(ascii(name)) + '00')
    })

    it('names longer than 32 bytes are hashed with SHA-256', () => {
      const name = protocolName('XXfallback') // 40 bytes
      expect(toHex(new SymmetricState(crypto, name).getHandshakeHash())).toBe(toHex(crypto.sha256(ascii(name))))
    })

    it('rejects non-ASCII and empty names', () => {
      expect(() => new SymmetricState(crypto, '')).toThrow(TypeError)
      expect(() => new SymmetricState(crypto, 'Noise_XX_25519_ChaChaPoly_SHA256é')).toThrow(TypeError)
    })

    it('noiseHkdf equals the Noise spec HMAC construction and RFC 5869 HKDF (2 and 3 outputs)', () => {
      const ck = crypto.sha256(ascii('ck'))
      for (const ikm of [new Uint8Array(0), crypto.sha256(ascii('ikm'))]) {
        const temp = crypto.hmacSha256(ck, ikm)
        const o1 = crypto.hmacSha256(temp, new Uint8Array([1]))
        const o2 = crypto.hmacSha256(temp, cat(o1, new Uint8Array([2])))
        const o3 = crypto.hmacSha256(temp, cat(o2, new Uint8Array([3])))
        expect(toHex(noiseHkdf(crypto, ck, ikm, 2))).toBe(toHex(cat(o1, o2)))
        expect(toHex(noiseHkdf(crypto, ck, ikm, 3))).toBe(toHex(cat(o1, o2, o3)))
        // …which is RFC 5869 HKDF with ck as salt and empty info (Noise spec §4.3 note).
        expect(toHex(noiseHkdf(crypto, ck, ikm, 3))).toBe(toHex(crypto.hkdfSha256(ikm, ck, new Uint8Array(0), 96)))
      }
    })

    it('mixHash, mixKey, encryptAndHash, decryptAndHash and split follow the spec', () => {
      const name = BITCHAT_PROTOCOL_NAME
      const a = new SymmetricState(crypto, name)
      const b = new SymmetricState(crypto, name)
      let h: Uint8Array = ascii(name)
      let ck = h
      const data = ascii('prologue')
      a.mixHash(data)
      b.mixHash(data)
      h = crypto.sha256(cat(h, data))
      expect(toHex(a.getHandshakeHash())).toBe(toHex(h))

      // Before a key, encryptAndHash is the identity but still hashes.
      const clear = ascii('clear')
      expect(toHex(a.encryptAndHash(clear))).toBe(toHex(clear))
      expect(toHex(b.decryptAndHash(clear))).toBe(toHex(clear))
      h = crypto.sha256(cat(h, clear))

      const ikm = crypto.sha256(ascii('dh'))
      a.mixKey(ikm)
      b.mixKey(ikm)
      const out = noiseHkdf(crypto, ck, ikm, 2)
      ck = out.slice(0, 32)
      const k = out.slice(32, 64)
      expect(a.hasKey()).toBe(true)

      const msg = ascii('secret')
      const c = a.encryptAndHash(msg)
      expect(toHex(c)).toBe(toHex(crypto.chacha20poly1305.seal(k, new Uint8Array(12), msg, h)))
      h = crypto.sha256(cat(h, c))
      expect(toHex(b.decryptAndHash(c))).toBe(toHex(msg))
      expect(toHex(b.getHandshakeHash())).toBe(toHex(h))

      // mixKeyAndHash: (ck, temp_h, k) = HKDF(ck, ikm, 3)
      const ikm2 = crypto.sha256(ascii('psk'))
      a.mixKeyAndHash(ikm2)
      const out3 = noiseHkdf(crypto, ck, ikm2, 3)
      ck = out3.slice(0, 32)
      h = crypto.sha256(cat(h, out3.slice(32, 64)))
      expect(toHex(a.getHandshakeHash())).toBe(toHex(h))
      const k3 = out3.slice(64, 96)
      expect(toHex(a.encryptAndHash(msg))).toBe(toHex(crypto.chacha20poly1305.seal(k3, new Uint8Array(12), msg, h)))

      const [c1, c2] = a.split()
      const keys = noiseHkdf(crypto, ck, new Uint8Array(0), 2)
      expect(toHex(c1.encryptWithAd(new Uint8Array(0), msg))).toBe(
        toHex(crypto.chacha20poly1305.seal(keys.slice(0, 32), new Uint8Array(12), msg, new Uint8Array(0))),
      )
      expect(toHex(c2.encryptWithAd(new Uint8Array(0), msg))).toBe(
        toHex(crypto.chacha20poly1305.seal(keys.slice(32, 64), new Uint8Array(12), msg, new Uint8Array(0))),
      )
      expect(a.hasKey()).toBe(false) // handshake cipher zeroed by split
    })

    it('decryptAndHash throws AUTH_FAILED on a bad tag and tryDecryptAndHash leaves h unchanged', () => {
      const a = new SymmetricState(crypto, BITCHAT_PROTOCOL_NAME)
      const b = new SymmetricState(crypto, BITCHAT_PROTOCOL_NAME)
      const ikm = crypto.sha256(ascii('dh'))
      a.mixKey(ikm)
      b.mixKey(ikm)
      const c = a.encryptAndHash(ascii('x'))
      c[0]! ^= 0x80
      const before = toHex(b.getHandshakeHash())
      expect(b.tryDecryptAndHash(c)).toBeNull()
      expect(toHex(b.getHandshakeHash())).toBe(before)
      expect(() => b.decryptAndHash(c)).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }))
    })
  })
}
