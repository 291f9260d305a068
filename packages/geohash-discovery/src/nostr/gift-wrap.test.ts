import { describe, expect, it } from 'vitest'
import { loadJsonVectors, hex } from '@bitmesh-internal/test-vectors'
import { isBitMeshError } from '@bitmesh/interface'
import { nip17, nip59 } from 'nostr-tools'
import type { NostrEvent } from './event.js'
import { getConversationKey, nip44Decrypt } from './nip44.js'
import { createRumor, giftWrap, unwrapGift } from './nip59.js'
import { createDirectMessage, readDirectMessage } from './nip17.js'
import { getPublicKey } from './keys.js'
import { ManualClock, seededRng } from '../../test/helpers/clock.js'

interface Nip59Example {
  recipient_private_key: string
  author_public_key: string
  rumor: { id: string; content: string; kind: number }
  seal: NostrEvent
  wrap: NostrEvent
  seal_plaintext_json: string
  rumor_plaintext_json: string
}
interface Nip17Example {
  message: string
  sender_private_key: string
  sender_public_key: string
  receiver_private_key: string
  receiver_public_key: string
  wraps: Array<{ addressed_to: string; gift_wrap: NostrEvent; derived_rumor: { id: string } }>
}

describe('NIP-59 example (nips 59.md)', () => {
  const v = loadJsonVectors<Nip59Example>('nostr', 'nip59-example.json')
  it('decrypts wrap → seal → rumor byte for byte', () => {
    const sk = hex(v.recipient_private_key)
    expect(nip44Decrypt(v.wrap.content, getConversationKey(sk, v.wrap.pubkey))).toBe(v.seal_plaintext_json)
    expect(nip44Decrypt(v.seal.content, getConversationKey(sk, v.seal.pubkey))).toBe(v.rumor_plaintext_json)
  })
  it('unwrapGift verifies every layer and returns the kind-1 rumor', () => {
    const out = unwrapGift(v.wrap, hex(v.recipient_private_key))
    expect(out.rumor.id).toBe(v.rumor.id)
    expect(out.rumor.kind).toBe(1)
    expect(out.rumor.content).toBe('Are you going to the party tonight?')
    expect(out.seal.pubkey).toBe(v.author_public_key)
  })
  it('rejects the wrap for another key and a tampered wrap, with typed errors', () => {
    const wrong = hex('00000000000000000000000000000000000000000000000000000000000000aa')
    for (const [wrap, key] of [
      [v.wrap, wrong],
      [{ ...v.wrap, content: v.wrap.content.slice(0, -4) + 'AAAA' }, hex(v.recipient_private_key)],
    ] as const) {
      let err: unknown
      try {
        unwrapGift(wrap, key)
      } catch (e) {
        err = e
      }
      expect(isBitMeshError(err)).toBe(true)
    }
  })
})

describe('NIP-17 example (nips 17.md)', () => {
  const v = loadJsonVectors<Nip17Example>('nostr', 'nip17-example.json')
  it('reads both printed wraps: to the receiver and the self-copy', () => {
    expect(v.wraps).toHaveLength(2)
    for (const w of v.wraps) {
      const key = w.addressed_to === 'receiver' ? v.receiver_private_key : v.sender_private_key
      const dm = readDirectMessage(w.gift_wrap, hex(key))
      expect(dm.content).toBe(v.message)
      expect(dm.sender).toBe(v.sender_public_key)
      expect(dm.recipients).toEqual([v.receiver_public_key])
      expect(dm.id).toBe('cf4d60706f9681a31c1cd5850779bcabe1578c1ae293296be20748c2e0771749')
    }
  })
})

describe('creating NIP-17 messages', () => {
  const alice = hex('0000000000000000000000000000000000000000000000000000000000000a11')
  const bob = hex('0000000000000000000000000000000000000000000000000000000000000b0b')
  it('wraps for each recipient and the sender; nostr-tools opens them', () => {
    const clock = new ManualClock()
    const wraps = createDirectMessage({ recipients: [getPublicKey(bob)], content: 'hola', subject: 's' }, alice, { clock, rng: seededRng(3) })
    expect(wraps).toHaveLength(2)
    expect(wraps[0]!.tags).toEqual([['p', getPublicKey(bob)]])
    expect(wraps[1]!.tags).toEqual([['p', getPublicKey(alice)]])
    const nowS = clock.now() / 1000
    for (const w of wraps) {
      expect(w.kind).toBe(1059)
      expect(w.pubkey).not.toBe(getPublicKey(alice))
      expect(w.created_at).toBeLessThanOrEqual(nowS)
      expect(w.created_at).toBeGreaterThanOrEqual(nowS - 2 * 24 * 3600)
    }
    const theirs = nip59.unwrapEvent(wraps[0] as Parameters<typeof nip59.unwrapEvent>[0], bob)
    expect(theirs.content).toBe('hola')
    expect(theirs.kind).toBe(14)
    expect(theirs.created_at).toBe(nowS)
    expect(readDirectMessage(wraps[1], alice).content).toBe('hola')
  })
  it('opens a nostr-tools NIP-17 wrap', () => {
    const wrap = nip17.wrapEvent(alice, { publicKey: getPublicKey(bob) }, 'from nostr-tools')
    expect(readDirectMessage(wrap, bob).content).toBe('from nostr-tools')
  })
  it('refuses a seal whose rumor claims another author', () => {
    const clock = new ManualClock()
    const forged = createRumor({ kind: 14, created_at: 1, tags: [], content: 'x' }, bob)
    const wrap = giftWrap(forged, alice, getPublicKey(bob), { clock, rng: seededRng(4) })
    expect(() => unwrapGift(wrap, bob)).toThrow(/rumor author/)
  })
})
