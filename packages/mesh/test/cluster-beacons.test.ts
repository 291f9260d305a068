/**
 * Cluster mode fed by scanned beacons (issue #6): transports that report `advertisement` events
 * fill the neighbour table beyond link neighbours, non-iOS nodes advertise their beacon, members
 * in light sleep switch their transports to cluster-member scanning, and the head's hotspot identity
 * fingerprint comes from the joined beacon via the head's verified announce.
 */
import { createHash } from 'node:crypto'
import { decodeBeacon, encodeBeacon, type Beacon } from '@bitmesh/cluster-election'
import { describe, expect, it } from 'vitest'
import type { MeshClusterOptions } from '../src/index.js'
import { android, capable, headAndMember, hearBeacons, ios } from './cluster-helpers.js'
import { createWorld, run, type TestNode } from './helpers.js'



const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('cluster mode with scanned beacons', () => {
  it('advertises beacons (not on iOS), hears a scan-only neighbour, joins, and drops the member to cluster-member scanning', async () => {
    const world = createWorld()
    const withLinks = async (t: TestNode, n: number) => {
      for (let i = 0; i < n; i++) await world.connect(t, await world.add(`${t.name}-plain${i}`))
    }
    const a = await world.add('a', { clusters: android() })
    const b = await world.add('b', { clusters: ios() }) // light sleep by default
    const ca = capable(a)
    const cb = capable(b)
    await world.connect(a, b)
    await withLinks(b, 2) // light sleep needs ≥ 3 links
    // A third phone c that b hears only by scan (no link, never announced to b).
    const c: Beacon = { id: Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9), os: 'ios', role: 'none', hotspotSupport: false, charging: false, batteryLevel: 50, estBatteryLifeMin: 300, wake: false, neighborhoodRssiDbm: null }
    for (let t = 0; t < 60; t++) {
      const latest = ca.beacons.at(-1)
      if (latest !== undefined) cb.scan(latest, -58) // b hears a's advertised beacon
      cb.scan(encodeBeacon(c), -72)
      await run(world, 1_000, 100)
    }
    // a advertised its own beacon (its peer ID, Android, head by now); iOS b advertised none.
    expect(ca.beacons.length).toBeGreaterThan(0)
    const last = decodeBeacon(ca.beacons.at(-1)!)
    expect(hex(last.id)).toBe(a.node.peerId)
    expect(last).toMatchObject({ os: 'android', role: 'head', hotspotSupport: true, batteryLevel: 90 })
    expect(cb.beacons).toEqual([])
    // b joined a from scans and keeps the scan-only neighbour c in its table.
    expect(b.node.cluster).toMatchObject({ role: 'member', headId: a.node.peerId, phase: 'awake', lowPower: true, beaconIntervalMs: 2_000 })
    expect(b.node.cluster!.beaconsScanned).toBeGreaterThanOrEqual(100)
    expect(b.node.cluster!.neighbors).toBe(2)
    // Light sleep: the member's transport scans in cluster-member windows (3 s of 15 s); the head stays default.
    expect(cb.modes).toEqual(['cluster-member'])
    expect(ca.modes).toEqual([])
    expect(a.node.cluster!.lowPower).toBe(false)
    // One identity: the fingerprint for a's hotspot offer is SHA-256 of a's announced Ed25519 key.
    const signing = b.node.peers().find((p) => p.peerId === a.node.peerId)!.signingPublicKey
    expect(hex(b.node.clusterHeadFingerprint()!)).toBe(createHash('sha256').update(Buffer.from(signing, 'hex')).digest('hex'))
    expect(a.node.clusterHeadFingerprint()).toBeNull() // a head has no head to check
    await world.stopAll()
  })

  it('counts and drops hostile beacon bytes, ignores its own beacon, and never throws', async () => {
    const world = createWorld()
    const a = await world.add('a', { clusters: android() })
    const ca = capable(a)
    await run(world, 3_000, 100)
    for (const bad of [new Uint8Array(0), new Uint8Array(12).fill(0xff), Uint8Array.of(0x20, 101, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8), new Uint8Array(40)]) ca.scan(bad, -50)
    ca.scan(ca.beacons.at(-1)!, -40) // our own advertisement, heard back
    expect(a.node.cluster).toMatchObject({ badBeacons: 4, beaconsScanned: 0, neighbors: 0 })
    await world.stopAll()
  })

  it('a member with fewer than 3 links scans normally; one that leaves light sleep restores the default power mode', async () => {
    const world = createWorld()
    const withLinks = async (t: TestNode, n: number) => {
      for (let i = 0; i < n; i++) await world.connect(t, await world.add(`${t.name}-plain${i}`))
    }
    let level = 90
    const a = await world.add('a', { clusters: android({ battery: () => ({ level, charging: false, estLifeMin: 600 }) }) })
    const b = await world.add('b', { clusters: ios() })
    const ca = capable(a)
    const cb = capable(b)
    await world.connect(a, b)
    await withLinks(b, 2)
    await hearBeacons(world, ca, cb, 60)
    expect(b.node.cluster).toMatchObject({ role: 'member', lowPower: true })
    level = 10 // the head resigns
    for (let t = 0; t < 30; t++) {
      cb.scan(ca.beacons.at(-1)!, -58)
      await run(world, 1_000, 100)
    }
    expect(b.node.cluster).toMatchObject({ role: 'none', lowPower: false })
    expect(cb.modes).toEqual(['cluster-member', 'adaptive'])
    await world.stopAll()
  })
})

describe('light sleep link floor', () => {
  it('a member with a single link keeps scanning normally (no cluster-member duty cycle)', async () => {
    const world = createWorld()
    const { a, b, ca, cb } = await headAndMember(world)
    await hearBeacons(world, ca, cb, 60)
    expect(b.node.cluster).toMatchObject({ role: 'member', lowPower: false, beaconIntervalMs: 500 })
    expect(cb.modes).toEqual([])
    await world.stopAll()
  })
})

describe('light sleep and conversations', () => {
  it('a private message suspends light sleep for 30 s; an own public message does not', async () => {
    const world = createWorld()
    const { a, b, ca, cb } = await headAndMember(world)
    for (let i = 0; i < 2; i++) await world.connect(b, await world.add(`b-plain${i}`))
    const tick = (seconds: number) => hearBeacons(world, ca, cb, seconds)
    await tick(60)
    expect(b.node.cluster).toMatchObject({ role: 'member', lowPower: true })
    expect(cb.modes).toEqual(['cluster-member'])
    await b.node.sendPublic('hello crowd')
    await tick(2)
    expect(b.node.cluster!.lowPower).toBe(true)
    await b.node.sendPrivate(a.node.peerId, 'hi head')
    expect(b.node.cluster!.lowPower).toBe(false)
    expect(cb.modes).toEqual(['cluster-member', 'adaptive'])
    await tick(20)
    expect(b.node.cluster!.lowPower).toBe(false) // the reply window is still open
    await tick(15)
    expect(b.node.cluster!.lowPower).toBe(true)
    expect(cb.modes).toEqual(['cluster-member', 'adaptive', 'cluster-member'])
    await world.stopAll()
  })
})

describe('head-to-head table gossip', () => {
  it('two heads that hear each other (too far to merge) gossip member tables every 10 s over the mesh', async () => {
    const world = createWorld()
    const a = await world.add('a', { clusters: android() })
    const m = await world.add('m', { clusters: ios({ sleep: false }) })
    const c = await world.add('c', { clusters: android() })
    const ca = capable(a)
    const cm = capable(m)
    const cc = capable(c)
    // a — m — c: the heads have no link to each other; m relays the directed TTL-5 tables.
    await world.connect(a, m)
    await world.connect(m, c)
    for (let t = 0; t < 90; t++) {
      const fromA = ca.beacons.at(-1)
      const fromC = cc.beacons.at(-1)
      if (fromA !== undefined) {
        cm.scan(fromA, -60)
        cc.scan(fromA, -85) // below the −80 join threshold: a neighbour head, not a rival
      }
      if (fromC !== undefined) {
        cm.scan(fromC, -70)
        ca.scan(fromC, -85)
      }
      await run(world, 1_000, 100)
    }
    expect(a.node.cluster!.role).toBe('head')
    expect(c.node.cluster!.role).toBe('head')
    expect(m.node.cluster).toMatchObject({ role: 'member', headId: a.node.peerId })
    // ~60 s as heads: one table every 10 s to the one adjacent head, each way.
    for (const [x, y] of [[a, c], [c, a]] as const) {
      expect(x.node.cluster!.headTablesSent).toBeGreaterThanOrEqual(4)
      expect(y.node.cluster!.headTablesReceived).toBeGreaterThanOrEqual(3)
      expect(x.node.cluster!.headTablesSent).toBeLessThanOrEqual(9)
    }
    // The relaying member verified and passed the signed tables on without refusing any.
    expect(m.node.stats.drops['unknown-sender'] ?? 0).toBe(0)
    expect(m.node.stats.drops['bad-signature'] ?? 0).toBe(0)
    await world.stopAll()
  })
})
