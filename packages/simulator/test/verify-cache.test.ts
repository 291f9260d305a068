import { describe, expect, it } from 'vitest'
import { nobleCryptoProvider } from '@bitmesh/crypto'
import type { CryptoProvider } from '@bitmesh/interface'
import { SeededRng, VerifyCache, withVerifyCache } from '../src/index.js'

function counting(inner: CryptoProvider): { provider: CryptoProvider; calls: () => number } {
  let calls = 0
  const provider: CryptoProvider = {
    ...inner,
    ed25519: {
      ...inner.ed25519,
      verify: (s, m, k) => {
        calls++
        return inner.ed25519.verify(s, m, k)
      },
    },
  }
  return { provider, calls: () => calls }
}

describe('shared verification cache', () => {
  const seed = new Uint8Array(32).fill(7)
  const pk = nobleCryptoProvider.ed25519.getPublicKey(seed)
  const msg = new TextEncoder().encode('hello crowd')
  const sig = nobleCryptoProvider.ed25519.sign(msg, seed)

  it('verifies once per (key, message, signature) across nodes, keeping results real', () => {
    const { provider, calls } = counting(nobleCryptoProvider)
    const cache = new VerifyCache(16)
    const a = withVerifyCache(provider, cache)
    const b = withVerifyCache(provider, cache)
    expect(a.ed25519.verify(sig, msg, pk)).toBe(true)
    expect(b.ed25519.verify(sig, msg, pk)).toBe(true)
    const forged = sig.slice()
    forged[0]! ^= 1
    expect(a.ed25519.verify(forged, msg, pk)).toBe(false)
    expect(b.ed25519.verify(forged, msg, pk)).toBe(false)
    const otherMsg = new TextEncoder().encode('hello crowe')
    expect(a.ed25519.verify(sig, otherMsg, pk)).toBe(false)
    expect(calls()).toBe(3)
    // The signature of `msg` now maps to `otherMsg`'s (false) result; the forged one is separate.
    expect(cache.stats).toEqual({ hits: 2, misses: 3, size: 2 })
    expect(a.ed25519.verify(sig, msg, pk)).toBe(true)
    expect(calls()).toBe(4)
  })

  it('stays bounded, evicting the oldest entry', () => {
    const { provider, calls } = counting(nobleCryptoProvider)
    const cache = new VerifyCache(2)
    const p = withVerifyCache(provider, cache)
    const msgs = [1, 2, 3].map((i) => new Uint8Array([i]))
    const sigs = msgs.map((m) => nobleCryptoProvider.ed25519.sign(m, seed))
    msgs.forEach((m, i) => expect(p.ed25519.verify(sigs[i]!, m, pk)).toBe(true))
    expect(cache.stats.size).toBe(2)
    p.ed25519.verify(sigs[0]!, msgs[0]!, pk) // evicted: verified again
    p.ed25519.verify(sigs[2]!, msgs[2]!, pk) // still cached
    expect(calls()).toBe(4)
    expect(() => new VerifyCache(0)).toThrow(RangeError)
  })

  it('draws randomBytes from the seeded stream when given one', () => {
    const p1 = withVerifyCache(nobleCryptoProvider, new VerifyCache(), new SeededRng(5))
    const p2 = withVerifyCache(nobleCryptoProvider, new VerifyCache(), new SeededRng(5))
    expect(p1.randomBytes(32)).toEqual(p2.randomBytes(32))
    expect(p1.name).toBe(`${nobleCryptoProvider.name}+verify-cache`)
    expect(p1.sha256(msg)).toEqual(nobleCryptoProvider.sha256(msg))
  })
})
