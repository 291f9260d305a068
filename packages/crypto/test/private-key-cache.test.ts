/**
 * The node provider's private-key cache: the cache class on its own (hits, staleness, sweeping,
 * bounds, zeroing), and the provider with it, checked against the noble provider (which caches
 * no private keys) as the oracle, with OpenSSL private-key imports counted.
 */
import * as nodeCrypto from 'node:crypto'
import fc from 'fast-check'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nobleCryptoProvider as noble } from '../src/index.js'
import { createNodeCryptoProvider, PRIVATE_KEY_CACHE_ENTRIES } from '../src/node.js'
import { PrivateKeyCache } from '../src/node/private-key-cache.js'

// Count private-key imports without changing them.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>()
  return { ...actual, createPrivateKey: vi.fn(actual.createPrivateKey) }
})
const createPrivateKey = vi.mocked(nodeCrypto.createPrivateKey)

/** A cache whose import records the array it was given and returns a fresh token object. */
function recordingCache(capacity: number) {
  const imported: Uint8Array[] = []
  const cache = new PrivateKeyCache<{ bytes: number[] }>(capacity, (raw) => {
    imported.push(raw)
    return { bytes: Array.from(raw) }
  })
  return { cache, imported }
}

const key = (fill: number): Uint8Array => new Uint8Array(32).fill(fill)
const isZero = (bytes: Uint8Array): boolean => bytes.every((b) => b === 0)

describe('PrivateKeyCache', () => {
  it('imports once per array and returns the same value on a hit', () => {
    const { cache, imported } = recordingCache(4)
    const k = key(7)
    const first = cache.get(k)
    expect(cache.get(k)).toBe(first)
    expect(cache.get(k)).toBe(first)
    expect(imported).toHaveLength(1)
    expect(first.bytes).toEqual(Array.from(k))
    // The import saw a private copy, not the caller's array.
    expect(imported[0]).not.toBe(k)
    expect(imported[0]).toEqual(k)
  })

  it('a mutated or zeroed array is re-imported from its current bytes, and the old copy is zeroed', () => {
    const { cache, imported } = recordingCache(4)
    const k = key(7)
    const before = cache.get(k)
    k[31] = 8
    const after = cache.get(k)
    expect(after).not.toBe(before)
    expect(after.bytes).toEqual(Array.from(k))
    expect(isZero(imported[0]!)).toBe(true)
    k.fill(0)
    expect(cache.get(k).bytes).toEqual(new Array(32).fill(0))
    expect(imported).toHaveLength(3)
    expect(cache.size).toBe(1)
  })

  it('another array with the same bytes misses (identity key) but gets the right value', () => {
    const { cache, imported } = recordingCache(4)
    const a = key(1)
    const b = key(1)
    cache.get(a)
    expect(cache.get(b).bytes).toEqual(Array.from(a))
    expect(imported).toHaveLength(2)
    expect(cache.size).toBe(2)
  })

  it('a miss sweeps out entries whose arrays were wiped, zeroing their copies', () => {
    const { cache, imported } = recordingCache(8)
    const keys = [key(1), key(2), key(3)]
    for (const k of keys) cache.get(k)
    keys[0]!.fill(0) // e.g. Noise wiping an ephemeral key after its handshake
    keys[2]![5] = 99
    expect(cache.size).toBe(3) // nothing noticed yet
    cache.get(key(4))
    expect(cache.size).toBe(2) // keys[1] and the new key remain
    expect(isZero(imported[0]!)).toBe(true)
    expect(isZero(imported[1]!)).toBe(false)
    expect(isZero(imported[2]!)).toBe(true)
    cache.get(keys[1]!)
    expect(imported).toHaveLength(4) // keys[1] still a hit
  })

  it('evicts the least recently used entry at capacity and zeroes its copy', () => {
    const { cache, imported } = recordingCache(2)
    const [a, b, c] = [key(1), key(2), key(3)]
    cache.get(a)
    cache.get(b)
    cache.get(a) // a is now most recent
    cache.get(c) // evicts b
    expect(cache.size).toBe(2)
    expect(isZero(imported[1]!)).toBe(true)
    expect(isZero(imported[0]!)).toBe(false)
    cache.get(a)
    expect(imported).toHaveLength(3)
    cache.get(b)
    expect(imported).toHaveLength(4)
  })

  it('never holds more than its capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 80 }), (capacity, picks) => {
        const { cache } = recordingCache(capacity)
        const pool = Array.from({ length: 13 }, (_, i) => key(i + 1))
        for (const i of picks) {
          cache.get(pool[i]!)
          expect(cache.size).toBeLessThanOrEqual(capacity)
        }
      }),
    )
    const { cache } = recordingCache(PRIVATE_KEY_CACHE_ENTRIES)
    for (let i = 0; i < 100; i++) cache.get(key(i))
    expect(cache.size).toBe(PRIVATE_KEY_CACHE_ENTRIES)
  })

  it('capacity 0 imports every time and keeps nothing', () => {
    const { cache, imported } = recordingCache(0)
    const k = key(5)
    cache.get(k)
    cache.get(k)
    expect(imported).toHaveLength(2)
    expect(cache.size).toBe(0)
  })

  it('clear() drops every entry and zeroes every copy', () => {
    const { cache, imported } = recordingCache(8)
    const keys = [key(1), key(2), key(3)]
    for (const k of keys) cache.get(k)
    cache.clear()
    expect(cache.size).toBe(0)
    for (const copy of imported) expect(isZero(copy)).toBe(true)
    for (const k of keys) expect(isZero(k)).toBe(false) // the caller's arrays are the caller's
    cache.get(keys[0]!)
    expect(imported).toHaveLength(4)
  })

  it('a failing import caches nothing and propagates', () => {
    const cache = new PrivateKeyCache<never>(4, () => {
      throw new Error('boom')
    })
    expect(() => cache.get(key(1))).toThrow('boom')
    expect(cache.size).toBe(0)
  })

  it('refuses silly capacities', () => {
    expect(() => new PrivateKeyCache(-1, () => 0)).toThrow(RangeError)
    expect(() => new PrivateKeyCache(0.5, () => 0)).toThrow(RangeError)
    expect(() => createNodeCryptoProvider({ privateKeyCacheEntries: -1 })).toThrow(RangeError)
    expect(() => createNodeCryptoProvider({ privateKeyCacheEntries: 1 << 20 })).toThrow(RangeError)
  })
})

describe('node provider with the private-key cache', () => {
  const theirs = noble.x25519.getPublicKey(key(0x42))
  const message = Uint8Array.of(1, 2, 3)

  beforeEach(() => {
    createPrivateKey.mockClear()
  })

  it('X25519: a Noise-like sequence imports each private key once', () => {
    const node = createNodeCryptoProvider()
    const ephemeral = key(3)
    const staticKey = key(4)
    const ePub = node.x25519.getPublicKey(ephemeral)
    expect(ePub).toEqual(noble.x25519.getPublicKey(ephemeral))
    expect(node.x25519.sharedSecret(ephemeral, theirs)).toEqual(noble.x25519.sharedSecret(ephemeral, theirs))
    expect(node.x25519.sharedSecret(ephemeral, ePub)).toEqual(noble.x25519.sharedSecret(ephemeral, ePub))
    for (let i = 0; i < 3; i++) expect(node.x25519.sharedSecret(staticKey, theirs)).toEqual(noble.x25519.sharedSecret(staticKey, theirs))
    expect(createPrivateKey).toHaveBeenCalledTimes(2)
  })

  it('X25519: a mutated or zeroed key never yields the old secret', () => {
    const node = createNodeCryptoProvider()
    const k = key(9)
    const original = node.x25519.sharedSecret(k, theirs)
    k[1] = 10 // not k[0]: clamping ignores its low 3 bits
    const mutated = node.x25519.sharedSecret(k, theirs)
    expect(mutated).toEqual(noble.x25519.sharedSecret(k, theirs))
    expect(mutated).not.toEqual(original)
    expect(node.x25519.getPublicKey(k)).toEqual(noble.x25519.getPublicKey(k))
    k.fill(0)
    const zeroed = node.x25519.sharedSecret(k, theirs)
    expect(zeroed).toEqual(noble.x25519.sharedSecret(new Uint8Array(32), theirs))
    expect(zeroed).not.toEqual(mutated)
    expect(node.x25519.getPublicKey(k)).toEqual(noble.x25519.getPublicKey(new Uint8Array(32)))
  })

  it('Ed25519: signing with a cached seed matches noble, also after the seed changes', () => {
    const node = createNodeCryptoProvider()
    const seed = key(5)
    const pub = node.ed25519.getPublicKey(seed)
    const sig = node.ed25519.sign(message, seed)
    expect(node.ed25519.sign(message, seed)).toEqual(sig)
    expect(sig).toEqual(noble.ed25519.sign(message, seed))
    expect(createPrivateKey).toHaveBeenCalledTimes(1)
    seed.fill(0)
    const zeroSig = node.ed25519.sign(message, seed)
    expect(zeroSig).toEqual(noble.ed25519.sign(message, new Uint8Array(32)))
    expect(node.ed25519.getPublicKey(seed)).not.toEqual(pub)
    expect(node.ed25519.verify(zeroSig, message, pub)).toBe(false)
  })

  it('clearCaches() drops cached private keys: the next use imports again', () => {
    const node = createNodeCryptoProvider()
    const k = key(6)
    const seed = key(7)
    node.x25519.sharedSecret(k, theirs)
    node.ed25519.sign(message, seed)
    node.x25519.sharedSecret(k, theirs)
    node.ed25519.sign(message, seed)
    expect(createPrivateKey).toHaveBeenCalledTimes(2)
    node.clearCaches()
    expect(node.x25519.sharedSecret(k, theirs)).toEqual(noble.x25519.sharedSecret(k, theirs))
    expect(node.ed25519.sign(message, seed)).toEqual(noble.ed25519.sign(message, seed))
    expect(createPrivateKey).toHaveBeenCalledTimes(4)
  })

  it('privateKeyCacheEntries: 0 imports on every call', () => {
    const node = createNodeCryptoProvider({ privateKeyCacheEntries: 0 })
    const k = key(8)
    node.x25519.getPublicKey(k)
    node.x25519.sharedSecret(k, theirs)
    node.ed25519.sign(message, k)
    node.ed25519.sign(message, k)
    expect(createPrivateKey).toHaveBeenCalledTimes(4)
  })

  it('bounded: cycling through more keys than the capacity still gives right answers', () => {
    const node = createNodeCryptoProvider({ privateKeyCacheEntries: 2 })
    const keys = [1, 2, 3].map(key)
    for (let round = 0; round < 2; round++) {
      for (const k of keys) expect(node.x25519.sharedSecret(k, theirs)).toEqual(noble.x25519.sharedSecret(k, theirs))
    }
    expect(createPrivateKey).toHaveBeenCalledTimes(6) // LRU with 3 keys cycling through 2 slots
  })

  it('any interleaving of uses, mutations and clears agrees with noble (fast-check)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('dh' as const), slot: fc.nat(3) }),
      fc.record({ kind: fc.constant('pub' as const), slot: fc.nat(3) }),
      fc.record({ kind: fc.constant('sign' as const), slot: fc.nat(3) }),
      fc.record({ kind: fc.constant('poke' as const), slot: fc.nat(3), at: fc.nat(31), value: fc.nat(255) }),
      fc.record({ kind: fc.constant('zero' as const), slot: fc.nat(3) }),
      fc.record({ kind: fc.constant('clear' as const) }),
    )
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.array(op, { maxLength: 25 }), (capacity, ops) => {
        const node = createNodeCryptoProvider({ privateKeyCacheEntries: capacity })
        const slots = [11, 12, 13, 14].map(key)
        for (const o of ops) {
          if (o.kind === 'clear') {
            node.clearCaches()
            continue
          }
          const k = slots[o.slot]!
          if (o.kind === 'dh') expect(node.x25519.sharedSecret(k, theirs)).toEqual(noble.x25519.sharedSecret(k, theirs))
          else if (o.kind === 'pub') expect(node.x25519.getPublicKey(k)).toEqual(noble.x25519.getPublicKey(k))
          else if (o.kind === 'sign') expect(node.ed25519.sign(message, k)).toEqual(noble.ed25519.sign(message, k))
          else if (o.kind === 'poke') k[o.at] = o.value
          else k.fill(0)
        }
      }),
      { numRuns: 60 },
    )
  })
})
