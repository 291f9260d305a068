import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isBitMeshError } from '@bitmesh/interface'
import { SqliteStore } from '@bitmesh/store-forward/sqlite'
import { AT_REST_OVERHEAD_BYTES, DataKey, DataKeyStore, createAtRestCipher, memoryKeyStoreBackend } from '../src/index.js'
import { contains, crypto, providers, text } from './helpers.js'

const key = (fill = 9): DataKey => new DataKey('test', new Uint8Array(32).fill(fill))
const ad = text('row-1')

describe('createAtRestCipher', () => {
  it('round-trips any plaintext and adds exactly the documented overhead', () => {
    const cipher = createAtRestCipher(crypto, key())
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.uint8Array({ maxLength: 64 }), (plain, assoc) => {
        const sealed = cipher.seal(plain, assoc)
        expect(sealed.length).toBe(plain.length + AT_REST_OVERHEAD_BYTES)
        expect(cipher.open(sealed, assoc)).toEqual(plain)
      }),
      { numRuns: 200 },
    )
  })

  it('the node and noble providers read each other', () => {
    const [a, b] = providers
    const plain = text('interop across providers')
    expect(createAtRestCipher(b, key()).open(createAtRestCipher(a, key()).seal(plain, ad), ad)).toEqual(plain)
    expect(createAtRestCipher(a, key()).open(createAtRestCipher(b, key()).seal(plain, ad), ad)).toEqual(plain)
  })

  it('hides the plaintext and never repeats a ciphertext', () => {
    const cipher = createAtRestCipher(crypto, key())
    const plain = text('a secret that must not show')
    const s1 = cipher.seal(plain, ad)
    const s2 = cipher.seal(plain, ad)
    expect(contains(s1, plain)).toBe(false)
    expect(s1).not.toEqual(s2)
  })

  it('binds the associated data and the key; tampering fails AUTH_FAILED', () => {
    const cipher = createAtRestCipher(crypto, key())
    const sealed = cipher.seal(text('hello'), ad)
    expect(() => cipher.open(sealed, text('row-2'))).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }))
    expect(() => createAtRestCipher(crypto, key(10)).open(sealed, ad)).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }))
    for (const index of [0 + 1, 10, 25, sealed.length - 1]) {
      const bad = sealed.slice()
      bad[index]! ^= 1
      expect(() => cipher.open(bad, ad)).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }))
    }
    const wrongVersion = sealed.slice()
    wrongVersion[0] = 2
    expect(() => cipher.open(wrongVersion, ad)).toThrow(expect.objectContaining({ reason: 'BAD_VERSION' }))
    expect(() => cipher.open(sealed.subarray(0, 40), ad)).toThrow(expect.objectContaining({ reason: 'TRUNCATED' }))
  })

  it('hostile blobs raise only typed errors', () => {
    const cipher = createAtRestCipher(crypto, key())
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (blob) => {
        try {
          cipher.open(blob, ad)
        } catch (error) {
          expect(isBitMeshError(error)).toBe(true)
        }
      }),
    )
  })

  it('stops working the moment its key is destroyed', () => {
    const k = key()
    const cipher = createAtRestCipher(crypto, k)
    const sealed = cipher.seal(text('x'), ad)
    k.destroy()
    expect(() => cipher.open(sealed, ad)).toThrow(expect.objectContaining({ code: 'CLOSED' }))
    expect(() => cipher.seal(text('x'), ad)).toThrow(expect.objectContaining({ code: 'CLOSED' }))
    expect(() => cipher.blindName('x')).toThrow(expect.objectContaining({ code: 'CLOSED' }))
  })

  it('blinds names deterministically per key, 32 hex characters', () => {
    const a = createAtRestCipher(crypto, key(1))
    const b = createAtRestCipher(crypto, key(2))
    expect(a.blindName('identity/noise-static')).toMatch(/^[0-9a-f]{32}$/)
    expect(a.blindName('identity/noise-static')).toBe(a.blindName('identity/noise-static'))
    expect(a.blindName('identity/noise-static')).not.toBe(a.blindName('identity/ed25519-seed'))
    expect(a.blindName('identity/noise-static')).not.toBe(b.blindName('identity/noise-static'))
  })

  it('plugs into SqliteStore.queueBackend of @bitmesh/store-forward and shreds it', async () => {
    const keys = await DataKeyStore.open({ crypto, backend: memoryKeyStoreBackend() })
    const store = SqliteStore.open(':memory:')
    const backend = store.queueBackend('outbound', { cipher: createAtRestCipher(crypto, await keys.key('queue')) })
    const packet = text('queued secret packet')
    await backend.insert([
      { id: 'a'.repeat(32), seq: 1, createdAt: 1, nextAttemptAt: 1, attempts: 0, size: packet.length, recipient: 'r', cls: 'dm', messageId: 'm', packet },
    ])
    expect(await backend.readPacket('a'.repeat(32))).toEqual(packet)
    const raw = store.db.prepare('SELECT packet FROM sf_items').get() as { packet: Uint8Array }
    expect(contains(raw.packet, packet)).toBe(false)
    await keys.destroy()
    await expect(backend.load()).rejects.toMatchObject({ reason: 'cipher' })
    store.close()
  })
})
