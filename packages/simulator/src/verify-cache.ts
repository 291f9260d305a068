/**
 * A verification cache shared by every simulated node. In a crowd each signed packet is verified
 * once per receiver — thousands of times — yet Ed25519 verification is a pure function of
 * (public key, message, signature), so the answer can be computed once and reused. Crypto stays
 * real: the first verification of each (key, message, signature) runs the wrapped provider.
 * @module
 */
import type { CryptoProvider, Ed25519Provider, Rng } from '@bitmesh/interface'

/** Default capacity of the cache, entries (key + copies of key and message: ~300 B each, ≈ 30 MB at most). */
export const DEFAULT_VERIFY_CACHE_ENTRIES = 100_000

/** Counters of a {@link VerifyCache}. */
export interface VerifyCacheStats {
  /** Verifications answered from the cache. */
  hits: number
  /** Verifications run by the wrapped provider. */
  misses: number
  /** Entries held now. */
  size: number
}

/** One memoized verification. */
interface Entry {
  publicKey: Uint8Array
  message: Uint8Array
  result: boolean
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * A bounded memo of Ed25519 verification results. Entries are found by signature (64 bytes that
 * practically never repeat across messages) and then the public key and message are compared
 * byte for byte, so a hit is exact — no hashing on the hot path, and a forged message reusing a
 * real signature is verified for real (and replaces the entry).
 */
export class VerifyCache {
  readonly #map = new Map<string, Entry>()
  readonly #capacity: number
  #hits = 0
  #misses = 0

  /**
   * @param capacity - Maximum entries; the oldest-inserted entry is evicted first (FIFO keeps
   *   the hot path to one Map lookup; recently sent packets are the ones re-verified).
   * @throws {RangeError} When `capacity` is not a positive integer.
   */
  constructor(capacity: number = DEFAULT_VERIFY_CACHE_ENTRIES) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`)
    this.#capacity = capacity
  }

  /** @returns Hit/miss counters and size. */
  get stats(): VerifyCacheStats {
    return { hits: this.#hits, misses: this.#misses, size: this.#map.size }
  }

  /**
   * Verify through the cache.
   * @param inner - The real provider.
   * @param signature - 64-byte signature.
   * @param message - Signed bytes.
   * @param publicKey - 32-byte key.
   * @returns The (memoized) verification result.
   */
  verify(inner: Ed25519Provider, signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
    const key = String.fromCharCode.apply(null, signature as unknown as number[])
    const cached = this.#map.get(key)
    if (cached !== undefined && equalBytes(cached.publicKey, publicKey) && equalBytes(cached.message, message)) {
      this.#hits++
      return cached.result
    }
    this.#misses++
    const result = inner.verify(signature, message, publicKey)
    if (cached === undefined && this.#map.size >= this.#capacity) {
      const oldest = this.#map.keys().next()
      if (oldest.done !== true) this.#map.delete(oldest.value)
    }
    // Copies: callers may reuse their buffers.
    this.#map.set(key, { publicKey: publicKey.slice(), message: message.slice(), result })
    return result
  }
}

/**
 * Wrap a provider so `ed25519.verify` goes through `cache`; every other primitive is the
 * provider's own.
 * @param inner - The real provider.
 * @param cache - Shared cache (pass the same one to every simulated node).
 * @param rng - When given, `randomBytes` comes from it instead of the provider, so ephemeral
 *   keys and nonces are reproducible from the simulation seed.
 * @returns A provider named `"<inner>+verify-cache"`.
 */
export function withVerifyCache(inner: CryptoProvider, cache: VerifyCache, rng?: Rng): CryptoProvider {
  const ed25519: Ed25519Provider = {
    getPublicKey: (seed) => inner.ed25519.getPublicKey(seed),
    sign: (message, seed) => inner.ed25519.sign(message, seed),
    verify: (signature, message, publicKey) => cache.verify(inner.ed25519, signature, message, publicKey),
  }
  const wrapped: CryptoProvider = {
    name: `${inner.name}+verify-cache`,
    sha256: (d) => inner.sha256(d),
    hmacSha256: (k, d) => inner.hmacSha256(k, d),
    hkdfSha256: (ikm, salt, info, len) => inner.hkdfSha256(ikm, salt, info, len),
    ed25519,
    x25519: inner.x25519,
    chacha20poly1305: inner.chacha20poly1305,
    randomBytes: rng === undefined ? (n) => inner.randomBytes(n) : (n) => rng.randomBytes(n),
  }
  if (inner.clearCaches !== undefined) wrapped.clearCaches = () => inner.clearCaches!()
  return wrapped
}
