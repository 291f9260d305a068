/**
 * Helpers and plumbing: zeroize, constantTimeEqual, the bounded LRU, randomBytes, provider
 * factories and cache clearing, and the portability of the main entry.
 */
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { constantTimeEqual, createNobleCryptoProvider, defaultCryptoProvider, nobleCryptoProvider, zeroize } from '../src/index.js'
import { BoundedLru, bytesToKey } from '../src/lru.js'
import { createNodeCryptoProvider } from '../src/node.js'
import { providers } from './providers.js'

describe('zeroize', () => {
  it('fills the whole view with zeros and nothing outside it', () => {
    const backing = Uint8Array.of(1, 2, 3, 4, 5, 6)
    zeroize(backing.subarray(1, 5))
    expect(backing).toEqual(Uint8Array.of(1, 0, 0, 0, 0, 6))
    expect(() => zeroize([1, 2] as unknown as Uint8Array)).toThrow(TypeError)
  })
})

describe('constantTimeEqual', () => {
  it('agrees with element-wise equality', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        const same = a.length === b.length && a.every((x, i) => x === b[i])
        expect(constantTimeEqual(a, b)).toBe(same)
        expect(constantTimeEqual(a, a.slice())).toBe(true)
      }),
    )
  })
  it('detects a difference in the last byte and different lengths', () => {
    expect(constantTimeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4))).toBe(false)
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0))).toBe(false)
    expect(() => constantTimeEqual('ab' as unknown as Uint8Array, new Uint8Array(2))).toThrow(TypeError)
  })
})

describe('BoundedLru', () => {
  it('evicts the least recently used entry and refreshes on get', () => {
    const lru = new BoundedLru<number>(2)
    lru.set('a', 1)
    lru.set('b', 2)
    expect(lru.get('a')).toBe(1) // a is now most recent
    lru.set('c', 3) // evicts b
    expect(lru.get('b')).toBeUndefined()
    expect(lru.get('a')).toBe(1)
    expect(lru.get('c')).toBe(3)
    expect(lru.size).toBe(2)
    lru.set('c', 30) // refresh, no eviction
    expect(lru.size).toBe(2)
    expect(lru.get('c')).toBe(30)
    lru.clear()
    expect(lru.size).toBe(0)
  })
  it('never exceeds its capacity; capacity 0 stores nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.array(fc.string({ maxLength: 3 }), { maxLength: 100 }), (cap, keys) => {
        const lru = new BoundedLru<string>(cap)
        for (const k of keys) {
          lru.set(k, k)
          expect(lru.size).toBeLessThanOrEqual(cap)
        }
        if (cap === 0) expect(lru.size).toBe(0)
      }),
    )
  })
  it('refuses silly capacities', () => {
    expect(() => new BoundedLru(-1)).toThrow(RangeError)
    expect(() => new BoundedLru(1.5)).toThrow(RangeError)
    expect(() => new BoundedLru(1 << 20)).toThrow(RangeError)
  })
  it('bytesToKey is injective on equal-length inputs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (a, b) => {
        expect(bytesToKey(a) === bytesToKey(b)).toBe(constantTimeEqual(a, b))
      }),
    )
  })
})

describe.each(providers)('randomBytes $name', (p) => {
  it('returns the requested length, beyond the 64 KiB getRandomValues quota too', () => {
    expect(p.randomBytes(0)).toHaveLength(0)
    const big = p.randomBytes(200_000)
    expect(big).toHaveLength(200_000)
    // Every 64 KiB chunk got filled (an unfilled chunk would be all zeros).
    for (let off = 0; off < big.length; off += 65_536) expect(big.subarray(off, off + 4096).some((b) => b !== 0)).toBe(true)
    expect(p.randomBytes(32)).not.toEqual(p.randomBytes(32))
  })
  it('refuses negative or fractional lengths', () => {
    expect(() => p.randomBytes(-1)).toThrow(RangeError)
    expect(() => p.randomBytes(2.5)).toThrow(RangeError)
  })
})

describe('provider factories', () => {
  it('names and the default provider', () => {
    expect(nobleCryptoProvider.name).toBe('noble')
    expect(createNodeCryptoProvider().name).toBe('node')
    expect(defaultCryptoProvider).toBe(nobleCryptoProvider)
  })
  it('refuses a bad cache size', () => {
    expect(() => createNobleCryptoProvider({ publicKeyCacheEntries: -1 })).toThrow(RangeError)
    expect(() => createNodeCryptoProvider({ publicKeyCacheEntries: 1e9 })).toThrow(RangeError)
  })
  it('decisions do not depend on cache state: tiny caches, many keys, clearCaches in between', () => {
    for (const p of [createNobleCryptoProvider({ publicKeyCacheEntries: 2 }), createNodeCryptoProvider({ publicKeyCacheEntries: 2 })]) {
      const seeds = [1, 2, 3, 4].map((n) => new Uint8Array(32).fill(n))
      const msg = Uint8Array.of(9)
      for (let round = 0; round < 3; round++) {
        for (const [i, seed] of seeds.entries()) {
          const pk = p.ed25519.getPublicKey(seed)
          const other = p.ed25519.getPublicKey(seeds[(i + 1) % seeds.length]!)
          const signature = p.ed25519.sign(msg, seed)
          expect(p.ed25519.verify(signature, msg, pk)).toBe(true)
          expect(p.ed25519.verify(signature, msg, other)).toBe(false)
        }
        p.clearCaches()
      }
    }
  })
})

describe('portability', () => {
  it('nothing reachable from src/index.ts imports node:* or the node entry', () => {
    const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src')
    const seen = new Set<string>()
    const bad: string[] = []
    const visit = (file: string): void => {
      if (seen.has(file)) return
      seen.add(file)
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = (match[1] ?? match[2])!
        if (spec.startsWith('node:') || ['fs', 'crypto', 'path', 'buffer'].includes(spec)) bad.push(`${file}: ${spec}`)
        if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')))
      }
    }
    visit(join(srcDir, 'index.ts'))
    expect(seen.has(join(srcDir, 'node.ts'))).toBe(false)
    expect(seen.size).toBeGreaterThan(8)
    expect(bad).toEqual([])
  })
})
