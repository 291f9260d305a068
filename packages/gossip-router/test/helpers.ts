/**
 * Test helpers: a seeded Rng, a manual Clock, packets and relay contexts.
 */
import type { Clock, Rng, TimerHandle } from '@bitmesh/interface'
import { defaultCryptoProvider } from '@bitmesh/crypto'
import { MessageType, peerIdFromHex, type BitchatPacket } from '@bitmesh/wire-format'
import type { RelayContext, RelayLinkInfo } from '../src/index.js'

/** mulberry32: small, seedable, good enough for tests. */
export function seededRng(seed: number): Rng & { nextU32(): number } {
  let a = seed >>> 0
  const nextU32 = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  return {
    nextU32,
    next: () => nextU32() / 4294967296,
    randomBytes(length: number) {
      const out = new Uint8Array(length)
      for (let i = 0; i < length; i++) out[i] = nextU32() & 0xff
      return out
    },
  }
}

/** An Rng that always returns `value`. */
export function fixedRng(value: number): Rng {
  return { next: () => value, randomBytes: (n) => new Uint8Array(n) }
}

/** A clock that only moves when told. */
export class ManualClock implements Clock {
  #now: number
  constructor(start = 1_700_000_000_000) {
    this.#now = start
  }
  now(): number {
    return this.#now
  }
  setTimeout(): TimerHandle {
    throw new Error('not used')
  }
  clearTimeout(): void {}
  advance(ms: number): void {
    this.#now += ms
  }
}

/** 16-hex peer ID from a small number. */
export function pid(n: number): string {
  return n.toString(16).padStart(16, '0')
}

/** A packet with sensible defaults. */
export function packet(overrides: Partial<BitchatPacket> = {}): BitchatPacket {
  return {
    version: 1,
    type: MessageType.MESSAGE,
    ttl: 7,
    timestamp: 1_700_000_000_000n,
    senderId: peerIdFromHex(pid(0xabc)),
    recipientId: null,
    route: null,
    payload: new Uint8Array([1, 2, 3]),
    signature: null,
    isRsr: false,
    ...overrides,
  }
}

/** Links L0…L(n−1) to peers pid(1)…pid(n). */
export function links(n: number, extra: Partial<RelayLinkInfo> = {}): RelayLinkInfo[] {
  return Array.from({ length: n }, (_, i) => ({ id: `L${i}`, peerId: pid(i + 1), ...extra }))
}

/** A relay context over `linkList`, ingress L0 unless said otherwise. */
export function context(linkList: RelayLinkInfo[], overrides: Partial<RelayContext> = {}): RelayContext {
  return {
    degree: linkList.length,
    fromSelf: false,
    forSelf: false,
    ingressLinkId: linkList[0]?.id ?? null,
    links: linkList,
    messageId: 'm1',
    rng: seededRng(1),
    crypto: defaultCryptoProvider,
    ...overrides,
  }
}

/** A copy of a decision (policies reuse theirs). */
export function snapshot<T extends { links: string[] }>(d: T): T {
  return { ...d, links: [...d.links] }
}
