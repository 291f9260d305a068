/**
 * Events signed and verified per second (NIP-01, BIP-340), against nostr-tools 2.25.2 (same
 * noble primitives, a different wrapper) measured in the same run; plus bitchat-style channel
 * events with 8-bit PoW, and the relay pool's cached re-verification.
 * Run: `pnpm bench` in packages/geohash-discovery (or `node --import tsx benchmark/events.ts`).
 */
import { finalizeEvent as ntFinalize, verifyEvent as ntVerify } from 'nostr-tools/pure'
import { randomBytes } from 'node:crypto'
import { createGeohashChatEvent, finalizeEvent, getEventHash, getPublicKey, verifyEvent, type NostrEvent } from '../src/index.js'
import { header, run } from './_shared.js'

const sk = new Uint8Array(randomBytes(32))
const pair = { secretKey: sk, publicKey: getPublicKey(sk) }
const rng = { next: () => 0.5, randomBytes: (n: number) => new Uint8Array(randomBytes(n)) }
const clock = { now: () => Date.now(), setTimeout: () => 0, clearTimeout: () => {} }
const template = { kind: 20000, created_at: 1_750_000_000, tags: [['g', 'u33dbc'], ['n', 'bench']], content: 'hello from the benchmark, a typical short chat line' }
const signed: NostrEvent = finalizeEvent(template, sk)
// nostr-tools caches a verification result on the object: hand it a fresh copy every time.
const copies = Array.from({ length: 1024 }, () => ({ ...signed }))
let i = 0

header('@bitmesh/geohash-discovery — Nostr events')
await run([
  { name: 'nostr-tools finalizeEvent', fn: () => ntFinalize({ ...template }, sk) },
  { name: 'finalizeEvent (sign)', fn: () => finalizeEvent(template, sk), baseline: 'nostr-tools finalizeEvent' },
  { name: 'finalizeEvent with key pair', fn: () => finalizeEvent(template, pair), baseline: 'nostr-tools finalizeEvent' },
  { name: 'nostr-tools verifyEvent (fresh object)', fn: () => ntVerify(copies[i++ & 1023]!) },
  { name: 'verifyEvent', fn: () => verifyEvent(signed), baseline: 'nostr-tools verifyEvent (fresh object)' },
  { name: 'id only (getEventHash, pool cache hit)', fn: () => getEventHash(signed), baseline: 'verifyEvent' },
  { name: 'kind 20000 + 8-bit PoW (sign incl. mining)', fn: () => createGeohashChatEvent({ geohash: 'u33dbc', content: template.content, powBits: 8 }, sk, { clock, rng }), baseline: 'finalizeEvent (sign)' },
])
