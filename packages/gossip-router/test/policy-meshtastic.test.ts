import { describe, expect, it } from 'vitest'
import { MessageType, peerIdFromHex } from '@bitmesh/wire-format'
import { meshtasticCwSize, meshtasticPolicy, meshtasticScaledHops, rssiToSnrEquivalent } from '../src/index.js'
import { context, fixedRng, links, packet, pid, snapshot } from './helpers.js'

describe('meshtastic (firmware RadioInterface / FloodingRouter)', () => {
  it('CW = map(SNR, −20, 10, 3, 8) with integer truncation, clamped', () => {
    expect(meshtasticCwSize(-20)).toBe(3)
    expect(meshtasticCwSize(10)).toBe(8)
    expect(meshtasticCwSize(-5)).toBe(5) // (15·5)/30 = 2.5 → 2, + 3
    expect(meshtasticCwSize(-40)).toBe(3)
    expect(meshtasticCwSize(25)).toBe(8)
  })

  it('BLE RSSI maps linearly onto the SNR range', () => {
    expect(rssiToSnrEquivalent(-100)).toBe(-20)
    expect(rssiToSnrEquivalent(-40)).toBe(10)
    expect(rssiToSnrEquivalent(-70)).toBe(-5)
  })

  it('client: 2·CWmax slots + random(0, 2^CW) slots; far (low SNR) nodes go first', () => {
    const policy = meshtasticPolicy({ slotMs: 1 })
    const strong = links(3).map((l, i) => (i === 0 ? { ...l, snr: 10 } : l))
    const weak = links(3).map((l, i) => (i === 0 ? { ...l, snr: -20 } : l))
    expect(policy.decide(packet(), context(strong, { rng: fixedRng(0) })).delayMs).toBe(16)
    expect(policy.decide(packet(), context(strong, { rng: fixedRng(0.99999) })).delayMs).toBe(16 + 255)
    expect(policy.decide(packet(), context(weak, { rng: fixedRng(0.99999) })).delayMs).toBe(16 + 7)
    const rssiOnly = links(3).map((l, i) => (i === 0 ? { ...l, rssi: -40 } : l))
    expect(policy.decide(packet(), context(rssiOnly, { rng: fixedRng(0.99999) })).delayMs).toBe(16 + 255)
  })

  it('router: random(0, 2·CW) slots and no cancellation; client cancels on overhear', () => {
    const ls = links(3).map((l, i) => (i === 0 ? { ...l, snr: 10 } : l))
    const router = meshtasticPolicy({ role: 'router', slotMs: 2 })
    const r = router.decide(packet(), context(ls, { rng: fixedRng(0.99999) }))
    expect(r.delayMs).toBe(15 * 2)
    expect(r.cancelOnDuplicate).toBe(false)
    expect(meshtasticPolicy().decide(packet(), context(ls)).cancelOnDuplicate).toBe(true)
  })

  it('without a signal reading the window follows channel utilisation', () => {
    const policy = meshtasticPolicy({ slotMs: 1 })
    expect(policy.decide(packet(), context(links(3), { rng: fixedRng(0.99999), channelUtilization: 0 })).delayMs).toBe(7)
    expect(policy.decide(packet(), context(links(3), { rng: fixedRng(0.99999), channelUtilization: 1 })).delayMs).toBe(255)
  })

  it('hop_limit = TTL − 1: relays iff TTL ≥ 2, all links but the ingress, TTL − 1', () => {
    const policy = meshtasticPolicy()
    expect(policy.decide(packet({ ttl: 1 }), context(links(3))).relay).toBe(false)
    expect(snapshot(policy.decide(packet({ ttl: 2 }), context(links(3))))).toMatchObject({ relay: true, ttl: 1, links: ['L1', 'L2'] })
    expect(policy.decide(packet(), context(links(3), { forSelf: true })).relay).toBe(false)
  })

  it('hop scaling: smallest reach ≥ 40, +1 hop if ≤ 50 (≥ 25 %) / ≤ 60 (≥ 20 %); none below 20 %', () => {
    const hist = [0, 10, 20, 15, 12, 30]
    expect(meshtasticScaledHops(hist, 0.3)).toBe(3) // 45 ≥ 40; 57 > 50
    expect(meshtasticScaledHops(hist, 0.22)).toBe(4) // 57 ≤ 60
    expect(meshtasticScaledHops(hist, 0.1)).toBeNull()
    expect(meshtasticScaledHops([0, 5, 5], 0.5)).toBeNull() // never reaches the floor
    const policy = meshtasticPolicy()
    const ctx = context(links(3), { hopHistogram: hist, channelUtilization: 0.3 })
    expect(policy.decide(packet({ ttl: 5 }), ctx).relay).toBe(false) // travelled 3 hops
    expect(policy.decide(packet({ ttl: 6 }), ctx).relay).toBe(true)
    // Directed traffic is not scaled.
    expect(policy.decide(packet({ ttl: 5, type: MessageType.NOISE_ENCRYPTED, recipientId: peerIdFromHex(pid(0x55)) }), ctx).relay).toBe(true)
  })
})
