import { describe, expect, it } from 'vitest'
import { forwardingMode } from './forwarding.js'
import { idOf } from './testing.test-helpers.js'

const H = idOf(9)

describe('forwardingMode', () => {
  it('members send only to their head over an upgraded link', () => {
    expect(forwardingMode({ role: 'member', headId: H, headBatteryLevel: 80, upgradedLinkToHead: true, bleLinks: 3 })).toEqual({ mode: 'toHead', head: H })
  })
  it('falls back to BLE hop-by-hop without an upgraded link or below 20 % head battery', () => {
    expect(forwardingMode({ role: 'member', headId: H, headBatteryLevel: 80, upgradedLinkToHead: false, bleLinks: 3 }).mode).toBe('bleHop')
    expect(forwardingMode({ role: 'member', headId: H, headBatteryLevel: 19, upgradedLinkToHead: true, bleLinks: 3 }).mode).toBe('bleHop')
    expect(forwardingMode({ role: 'member', headId: H, headBatteryLevel: 20, upgradedLinkToHead: true, bleLinks: 3 }).mode).toBe('toHead')
  })
  it('buffers when there is no link at all', () => {
    expect(forwardingMode({ role: 'member', headId: H, headBatteryLevel: 10, upgradedLinkToHead: false, bleLinks: 0 }).mode).toBe('buffer')
    expect(forwardingMode({ role: 'none', headId: null, headBatteryLevel: null, upgradedLinkToHead: false, bleLinks: 0 }).mode).toBe('buffer')
  })
  it('heads bridge; nodes without a cluster stay flat', () => {
    expect(forwardingMode({ role: 'head', headId: H, headBatteryLevel: null, upgradedLinkToHead: false, bleLinks: 0 }).mode).toBe('bridge')
    expect(forwardingMode({ role: 'none', headId: null, headBatteryLevel: null, upgradedLinkToHead: false, bleLinks: 2 }).mode).toBe('flat')
  })
})
