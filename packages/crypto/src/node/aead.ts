/**
 * ChaCha20-Poly1305 (RFC 8439) on `node:crypto` (OpenSSL `chacha20-poly1305`, 16-byte tag).
 * @internal
 * @module
 */
import type { AeadProvider } from '@bitmesh/interface'
import { createCipheriv, createDecipheriv } from 'node:crypto'
import { assertBytes, assertOptionalBytes, assertOutputRoom } from '../assert.js'
import { AEAD_KEY_BYTES, AEAD_NONCE_BYTES, AEAD_TAG_BYTES } from '../constants.js'

const ALGORITHM = 'chacha20-poly1305'
const OPTIONS = { authTagLength: AEAD_TAG_BYTES } as const

/** The node AEAD provider. */
export const nodeAead: AeadProvider = {
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, associatedData?: Uint8Array): Uint8Array {
    // One sealing path: seal is sealInto a fresh buffer of exactly the sealed length.
    assertBytes(plaintext, 'plaintext')
    const out = new Uint8Array(plaintext.length + AEAD_TAG_BYTES)
    nodeAead.sealInto!(key, nonce, plaintext, associatedData, out, 0)
    return out
  },

  sealInto(
    key: Uint8Array,
    nonce: Uint8Array,
    plaintext: Uint8Array,
    associatedData: Uint8Array | undefined,
    output: Uint8Array,
    outputOffset: number,
  ): number {
    assertBytes(key, 'key', AEAD_KEY_BYTES)
    assertBytes(nonce, 'nonce', AEAD_NONCE_BYTES)
    assertBytes(plaintext, 'plaintext')
    assertOptionalBytes(associatedData, 'associatedData')
    const length = plaintext.length + AEAD_TAG_BYTES
    assertOutputRoom(output, outputOffset, length)
    const cipher = createCipheriv(ALGORITHM, key, nonce, OPTIONS)
    if (associatedData !== undefined && associatedData.length > 0) cipher.setAAD(associatedData, { plaintextLength: plaintext.length })
    // Node's Cipher has no output-buffer form of update(): one copy of its result is the floor,
    // and this saves the second copy a caller would make of seal()'s result.
    output.set(cipher.update(plaintext), outputOffset)
    cipher.final() // a stream cipher: nothing buffered
    output.set(cipher.getAuthTag(), outputOffset + plaintext.length)
    return length
  },

  open(key: Uint8Array, nonce: Uint8Array, ciphertextAndTag: Uint8Array, associatedData?: Uint8Array): Uint8Array | null {
    assertBytes(key, 'key', AEAD_KEY_BYTES)
    assertBytes(nonce, 'nonce', AEAD_NONCE_BYTES)
    assertBytes(ciphertextAndTag, 'ciphertextAndTag')
    assertOptionalBytes(associatedData, 'associatedData')
    if (ciphertextAndTag.length < AEAD_TAG_BYTES) return null
    const bodyLength = ciphertextAndTag.length - AEAD_TAG_BYTES
    const decipher = createDecipheriv(ALGORITHM, key, nonce, OPTIONS)
    decipher.setAuthTag(ciphertextAndTag.subarray(bodyLength))
    if (associatedData !== undefined && associatedData.length > 0) decipher.setAAD(associatedData, { plaintextLength: bodyLength })
    const plaintext = decipher.update(ciphertextAndTag.subarray(0, bodyLength))
    try {
      decipher.final() // throws when the tag does not match
    } catch {
      plaintext.fill(0) // OpenSSL decrypts before it authenticates: do not leave that lying around
      return null
    }
    return new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength)
  },
}
