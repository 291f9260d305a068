import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SqliteKeyValueStore } from '@bitmesh/store-forward/sqlite'
import { DataKey, createAtRestCipher, encryptedKeyValueStore } from '../src/index.js'
import { contains, crypto, memoryKv, text } from './helpers.js'

const cipherFor = (fill = 3) => createAtRestCipher(crypto, new DataKey('kv', new Uint8Array(32).fill(fill)))

describe('encryptedKeyValueStore', () => {
  it('behaves like a KeyValueStore (model test against a Map)', async () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('set' as const), k: fc.string({ maxLength: 6 }), v: fc.uint8Array({ maxLength: 16 }) }),
      fc.record({ t: fc.constant('del' as const), k: fc.string({ maxLength: 6 }) }),
      fc.record({ t: fc.constant('keys' as const), p: fc.string({ maxLength: 2 }) }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
        const kv = encryptedKeyValueStore(memoryKv(), cipherFor())
        const model = new Map<string, Uint8Array>()
        for (const o of ops) {
          if (o.t === 'set') {
            await kv.set(o.k, o.v)
            model.set(o.k, o.v)
            expect(await kv.get(o.k)).toEqual(o.v)
          } else if (o.t === 'del') {
            await kv.delete(o.k)
            model.delete(o.k)
            expect(await kv.get(o.k)).toBeUndefined()
          } else {
            const expected = [...model.keys()].filter((k) => k.startsWith(o.p)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
            expect(await kv.keys(o.p)).toEqual(expected)
          }
        }
      }),
      { numRuns: 100 },
    )
  })

  it('the inner store sees neither key names nor values', async () => {
    const inner = memoryKv()
    const kv = encryptedKeyValueStore(inner, cipherFor())
    const secretValue = text('my noise static key material!!!!')
    await kv.set('identity/noise-static', secretValue)
    const [innerKey] = [...inner.map.keys()]
    expect(innerKey).toMatch(/^[0-9a-f]{32}$/)
    expect(innerKey).not.toContain('identity')
    const stored = inner.map.get(innerKey!)!
    expect(contains(stored, secretValue)).toBe(false)
    expect(contains(stored, text('identity/noise-static'))).toBe(false)
  })

  it('a value moved to another key fails to open; a wiped key makes everything unreadable', async () => {
    const inner = memoryKv()
    const key = new DataKey('kv', new Uint8Array(32).fill(4))
    const kv = encryptedKeyValueStore(inner, createAtRestCipher(crypto, key))
    await kv.set('a', text('A'))
    await kv.set('b', text('B'))
    const cipher = createAtRestCipher(crypto, key)
    inner.map.set(cipher.blindName('a'), inner.map.get(cipher.blindName('b'))!)
    await expect(kv.get('a')).rejects.toMatchObject({ code: 'AUTH_FAILED' })
    key.destroy()
    await expect(kv.get('b')).rejects.toMatchObject({ code: 'CLOSED' })
    // Even with the right-looking key bytes (all zero now) nothing opens.
    const zeros = encryptedKeyValueStore(inner, createAtRestCipher(crypto, new DataKey('kv', new Uint8Array(32))))
    expect(await zeros.get('b')).toBeUndefined() // the blinded name differs: the row is not even findable
  })

  it('works over SqliteKeyValueStore and passes clear/close through', async () => {
    const inner = new SqliteKeyValueStore(':memory:')
    const kv = encryptedKeyValueStore(inner, cipherFor())
    await kv.set('x/1', text('one'))
    await kv.set('x/2', text('two'))
    await kv.set('y', text('why'))
    expect(await kv.keys('x/')).toEqual(['x/1', 'x/2'])
    expect(await inner.keys()).toHaveLength(3)
    await kv.clear()
    expect(await inner.keys()).toEqual([])
    await kv.close()
    await expect(inner.get('x')).rejects.toMatchObject({ code: 'CLOSED' })
  })
})
