import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isBitMeshError } from '@bitmesh/interface'
import { DataKeyStore, decodeKeyStore, encodeKeyStore, memoryKeyStoreBackend } from '../src/index.js'
import { contains, crypto } from './helpers.js'

const secret = new Uint8Array(32).fill(7)

describe('DataKeyStore', () => {
  it('creates a random 32-byte key per purpose, persists it and loads the same bytes', async () => {
    const backend = memoryKeyStoreBackend()
    const store = await DataKeyStore.open({ crypto, backend })
    const queue = await store.key('queue')
    const kv = await store.key('kv')
    expect(queue.bytes()).toHaveLength(32)
    expect(queue.bytes()).not.toEqual(kv.bytes())
    expect(await store.key('queue')).toBe(queue)
    const reopened = await DataKeyStore.open({ crypto, backend })
    expect(reopened.purposes()).toEqual(['queue', 'kv'])
    expect((await reopened.key('queue')).bytes()).toEqual(queue.bytes())
    expect((await reopened.key('kv')).bytes()).toEqual(kv.bytes())
  })

  it('concurrent first uses of one purpose yield one key', async () => {
    const backend = memoryKeyStoreBackend()
    const store = await DataKeyStore.open({ crypto, backend })
    const [a, b] = await Promise.all([store.key('x'), store.key('x')])
    expect(a).toBe(b)
    const reopened = await DataKeyStore.open({ crypto, backend })
    expect((await reopened.key('x')).bytes()).toEqual(a.bytes())
  })

  it('wraps the blob under the app secret: keys never appear in clear, a wrong secret fails AUTH_FAILED', async () => {
    const backend = memoryKeyStoreBackend()
    const store = await DataKeyStore.open({ crypto, backend, wrappingSecret: secret })
    const key = (await store.key('queue')).bytes().slice()
    expect(contains(backend.blob!, key)).toBe(false)
    expect(contains(backend.blob!, new TextEncoder().encode('queue'))).toBe(false)
    const again = await DataKeyStore.open({ crypto, backend, wrappingSecret: secret })
    expect((await again.key('queue')).bytes()).toEqual(key)
    await expect(DataKeyStore.open({ crypto, backend, wrappingSecret: new Uint8Array(32).fill(8) })).rejects.toMatchObject({ code: 'AUTH_FAILED' })
    await expect(DataKeyStore.open({ crypto, backend })).rejects.toMatchObject({ code: 'CRYPTO_ERROR' })
  })

  it('an unwrapped blob does hold the key in clear (why wrapping is recommended)', async () => {
    const backend = memoryKeyStoreBackend()
    const store = await DataKeyStore.open({ crypto, backend })
    const key = (await store.key('queue')).bytes().slice()
    expect(contains(backend.blob!, key)).toBe(true)
  })

  it('destroy zeroes the keys in memory, destroys the blob and refuses further use', async () => {
    const backend = memoryKeyStoreBackend()
    const store = await DataKeyStore.open({ crypto, backend, wrappingSecret: secret })
    const key = await store.key('queue')
    const raw = key.bytes() // the live buffer
    const blobBefore = backend.blob!
    expect(raw.some((b) => b !== 0)).toBe(true)
    await store.wipe()
    expect(raw.every((b) => b === 0)).toBe(true)
    expect(blobBefore.every((b) => b === 0)).toBe(true)
    expect(backend.blob).toBeUndefined()
    expect(key.destroyed).toBe(true)
    expect(() => key.bytes()).toThrow(expect.objectContaining({ code: 'CLOSED' }))
    await expect(store.key('queue')).rejects.toMatchObject({ code: 'CLOSED' })
    await store.destroy() // idempotent
    const fresh = await DataKeyStore.open({ crypto, backend, wrappingSecret: secret })
    expect(fresh.purposes()).toEqual([])
  })

  it('rejects bad purposes and short secrets as programmer errors', async () => {
    const store = await DataKeyStore.open({ crypto, backend: memoryKeyStoreBackend() })
    await expect(store.key('')).rejects.toBeInstanceOf(RangeError)
    await expect(store.key('x'.repeat(65))).rejects.toBeInstanceOf(RangeError)
    await expect(DataKeyStore.open({ crypto, backend: memoryKeyStoreBackend(), wrappingSecret: new Uint8Array(8) })).rejects.toBeInstanceOf(RangeError)
  })
})

describe('key-store format', () => {
  it('round-trips with and without wrapping', () => {
    const entries = new Map([
      ['a', new Uint8Array(32).fill(1)],
      ['été', new Uint8Array(32).fill(2)],
    ])
    expect(decodeKeyStore(crypto, encodeKeyStore(crypto, entries))).toEqual(entries)
    expect(decodeKeyStore(crypto, encodeKeyStore(crypto, entries, secret), secret)).toEqual(entries)
  })

  it('hostile blobs raise only typed BitMesh errors', () => {
    const valid = encodeKeyStore(crypto, new Map([['q', new Uint8Array(32)]]))
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, useValidPrefix) => {
        const blob = useValidPrefix ? Uint8Array.from([...valid.subarray(0, 6), ...bytes]) : bytes
        try {
          decodeKeyStore(crypto, blob)
        } catch (error) {
          expect(isBitMeshError(error)).toBe(true)
        }
      }),
      { numRuns: 500 },
    )
    expect(() => decodeKeyStore(crypto, valid.subarray(0, valid.length - 1))).toThrow(expect.objectContaining({ code: 'DECODE_ERROR', reason: 'TRUNCATED' }))
  })
})
