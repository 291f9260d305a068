/**
 * NIP-13 proof of work in bitchat's form (§7.2): a `["nonce", <16 hex>, "<target bits>"]` tag,
 * mined until the event id has at least `target` leading zero bits.
 * @module
 */
import type { Clock, Rng } from '@bitmesh/interface'
import { sha256 } from '@noble/hashes/sha2.js'
import type { EventTemplate } from './event.js'

/** Characters of bitchat's hex nonce (8 bytes). */
export const POW_NONCE_HEX_CHARS = 16
/** Default cap on hashes per {@link mineEvent} call (~1–2 s of pure-JS SHA-256). */
export const DEFAULT_POW_MAX_ITERATIONS = 1 << 20
/** iOS's default: 8 bits, mined for at most 2 s. */
export const BITCHAT_IOS_POW_BITS = 8
/** iOS's mining time budget. */
export const BITCHAT_IOS_POW_BUDGET_MS = 2_000
/** Android's difficulty when PoW is switched on. */
export const BITCHAT_ANDROID_POW_BITS = 12
/** Most difficulty accepted (ids have 256 bits). */
export const MAX_POW_BITS = 256

// How often the mining loop reads the clock: rarely enough to stay off the hot path.
const CLOCK_CHECK_EVERY = 4096

const HEX_CODES = /* @__PURE__ */ new TextEncoder().encode('0123456789abcdef')
const encoder = /* @__PURE__ */ new TextEncoder()

/**
 * Leading zero bits of a 32-byte id.
 * @param id - Bytes or 64 hex characters.
 * @returns 0…256.
 */
export function countLeadingZeroBits(id: Uint8Array | string): number {
  let n = 0
  if (typeof id === 'string') {
    for (let i = 0; i < id.length; i++) {
      const v = Number.parseInt(id[i]!, 16)
      if (v === 0) n += 4
      else return n + Math.clz32(v) - 28
    }
    return n
  }
  for (let i = 0; i < id.length; i++) {
    const b = id[i]!
    if (b === 0) n += 8
    else return n + Math.clz32(b) - 24
  }
  return n
}

/**
 * The difficulty an event commits to and achieves: the target in its `nonce` tag when the id
 * meets it, else 0. Committing stops a lucky id being counted at a difficulty nobody mined for.
 * @param event - Event with `id` and `tags`.
 * @returns Achieved committed difficulty in bits.
 */
export function committedPowBits(event: { id: string; tags: string[][] }): number {
  for (const tag of event.tags) {
    if (tag[0] !== 'nonce' || tag.length < 3) continue
    const target = Number(tag[2])
    if (!Number.isInteger(target) || target < 0 || target > MAX_POW_BITS) return 0
    return countLeadingZeroBits(event.id) >= target ? target : 0
  }
  return 0
}

/** Budget of one {@link mineEvent} call. Mining stops at whichever limit comes first. */
export interface MineOptions {
  /** Most hashes to try (default {@link DEFAULT_POW_MAX_ITERATIONS}). */
  maxIterations?: number
  /** Clock for `budgetMs`. */
  clock?: Clock
  /** Milliseconds of `clock` time allowed (needs `clock`). */
  budgetMs?: number
}

/**
 * Mine a nonce tag onto a template so the id has ≥ `targetBits` leading zeros. The nonce tag is
 * appended last; its 16 hex digits are patched into a preserialised buffer so each try costs
 * one SHA-256 and no string work.
 * @param template - Event to mine (not modified).
 * @param pubkey - Author hex key (part of the id).
 * @param targetBits - Difficulty, 0…256.
 * @param rng - Picks the starting nonce, so concurrent miners do not repeat each other's work.
 * @param options - Iteration / time budget.
 * @returns A new template with the nonce tag, or `null` when the budget ran out.
 * @throws RangeError for a bad target.
 */
export function mineEvent(template: EventTemplate, pubkey: string, targetBits: number, rng: Rng, options?: MineOptions): EventTemplate | null {
  if (!Number.isInteger(targetBits) || targetBits < 0 || targetBits > MAX_POW_BITS) {
    throw new RangeError(`targetBits must be an integer in 0…${MAX_POW_BITS}`)
  }
  const maxIterations = options?.maxIterations ?? DEFAULT_POW_MAX_ITERATIONS
  const clock = options?.clock
  const deadline = clock !== undefined && options?.budgetMs !== undefined ? clock.now() + options.budgetMs : Infinity
  const target = String(targetBits)
  // Byte-identical to JSON.stringify([0,pubkey,created_at,kind,[...tags,nonceTag],content]).
  let head = `[0,${JSON.stringify(pubkey)},${template.created_at},${template.kind},[`
  for (const tag of template.tags) head += JSON.stringify(tag) + ','
  head += '["nonce","'
  const tail = `","${target}"]],${JSON.stringify(template.content)}]`
  const headBytes = encoder.encode(head)
  const tailBytes = encoder.encode(tail)
  const buf = new Uint8Array(headBytes.length + POW_NONCE_HEX_CHARS + tailBytes.length)
  buf.set(headBytes)
  buf.set(tailBytes, headBytes.length + POW_NONCE_HEX_CHARS)
  const at = headBytes.length
  const start = rng.randomBytes(8)
  let hi = ((start[0]! << 24) | (start[1]! << 16) | (start[2]! << 8) | start[3]!) >>> 0
  let lo = ((start[4]! << 24) | (start[5]! << 16) | (start[6]! << 8) | start[7]!) >>> 0
  for (let i = 0; i < maxIterations; i++) {
    if (i % CLOCK_CHECK_EVERY === CLOCK_CHECK_EVERY - 1 && clock !== undefined && clock.now() >= deadline) return null
    writeHex32(buf, at, hi)
    writeHex32(buf, at + 8, lo)
    if (countLeadingZeroBits(sha256(buf)) >= targetBits) {
      const nonce = new TextDecoder().decode(buf.subarray(at, at + POW_NONCE_HEX_CHARS))
      return { ...template, tags: [...template.tags, ['nonce', nonce, target]] }
    }
    lo = (lo + 1) >>> 0
    if (lo === 0) hi = (hi + 1) >>> 0
  }
  return null
}

function writeHex32(buf: Uint8Array, at: number, v: number): void {
  for (let k = 7; k >= 0; k--) {
    buf[at + k] = HEX_CODES[v & 15]!
    v >>>= 4
  }
}
