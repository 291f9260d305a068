/**
 * Test-only CryptoProvider on `node:crypto` (OpenSSL), used while `@bitmesh/crypto` is not
 * available and as an independent third implementation afterwards. Only what Noise needs is
 * real; Ed25519 is left out.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  randomBytes,
} from 'node:crypto'
import { CryptoError, type CryptoProvider } from '@bitmesh/interface'

const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex')
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex')

const u8 = (b: Buffer | ArrayBuffer): Uint8Array =>
  b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength)

function privKey(raw: Uint8Array) {
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519, raw]), format: 'der', type: 'pkcs8' })
}

export const nodeTestProvider: CryptoProvider = {
  name: 'node-test',
  sha256: (data) => u8(createHash('sha256').update(data).digest()),
  hmacSha256: (key, data) => u8(createHmac('sha256', key).update(data).digest()),
  hkdfSha256: (ikm, salt, info, length) => u8(hkdfSync('sha256', ikm, salt, info, length)),
  ed25519: {
    getPublicKey: () => {
      throw new Error('not in test provider')
    },
    sign: () => {
      throw new Error('not in test provider')
    },
    verify: () => false,
  },
  x25519: {
    getPublicKey: (priv) => u8(createPublicKey(privKey(priv)).export({ format: 'der', type: 'spki' }).subarray(12)),
    sharedSecret: (priv, pub) => {
      let out: Buffer
      try {
        out = diffieHellman({
          privateKey: privKey(priv),
          publicKey: createPublicKey({ key: Buffer.concat([SPKI_X25519, pub]), format: 'der', type: 'spki' }),
        })
      } catch (cause) {
        throw new CryptoError('CRYPTO_ERROR', 'x25519 failed', { cause })
      }
      return u8(out)
    },
  },
  chacha20poly1305: {
    seal(key, nonce, plaintext, ad) {
      const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 })
      if (ad && ad.length > 0) c.setAAD(ad, { plaintextLength: plaintext.length })
      const a = c.update(plaintext)
      c.final()
      return u8(Buffer.concat([a, c.getAuthTag()]))
    },
    open(key, nonce, data, ad) {
      if (data.length < 16) return null
      const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 })
      d.setAuthTag(data.subarray(data.length - 16))
      if (ad && ad.length > 0) d.setAAD(ad, { plaintextLength: data.length - 16 })
      const out = d.update(data.subarray(0, data.length - 16))
      try {
        d.final()
      } catch {
        return null
      }
      return u8(out)
    },
  },
  randomBytes: (n) => u8(randomBytes(n)),
}
