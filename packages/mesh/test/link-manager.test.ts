import { describe, expect, it } from 'vitest'
import { fileBytes, fileWorld } from './file-helpers.js'

const NETS = [
  { kind: 'ble', mtu: 514, bytesPerSecond: 20_000 },
  { kind: 'wifi-direct', mtu: 16_384, bytesPerSecond: 12_500_000 },
]

describe('createMeshNode({ linkManager })', () => {
  it('upgrades to Wi-Fi and downgrades to BLE mid-file without loss or a duplicate file event', async () => {
    const world = fileWorld(NETS)
    const alice = await world.add('alice', { linkManager: true })
    const bob = await world.add('bob', { linkManager: true })
    await world.connect(alice, bob, 0) // BLE first
    await world.run(3_000)
    expect(alice.node.peers().map((p) => p.peerId)).toEqual([bob.node.peerId])
    // One managed link per neighbour, whatever the physical links.
    expect(alice.events['link:open']).toHaveLength(1)
    expect(alice.events['link:open'][0]!.remoteAddress).toBe(bob.node.peerId)

    // File 1 starts on BLE (about 3 s of air at 20 kB/s); Wi-Fi comes up half a second in.
    const one = fileBytes(60_000, 1)
    const id1 = await alice.node.sendFile(bob.node.peerId, { name: 'one', bytes: one })
    await world.run(500)
    expect(bob.events.file).toHaveLength(0)
    await world.connect(alice, bob, 1)
    await world.run(1_000)
    expect(alice.events['link:upgrade'].map((e) => [e.from?.kind, e.to?.kind, e.peerId])).toEqual([['ble', 'wifi-direct', bob.node.peerId]])
    await world.run(3_000)
    expect(bob.events.file.map((f) => f.messageId)).toEqual([id1])
    expect(bob.events.file[0]!.bytes).toEqual(one)

    // File 2 starts on Wi-Fi, which closes 1 ms in: the rest goes on BLE.
    const two = fileBytes(60_000, 2)
    const id2 = await alice.node.sendFile(bob.node.peerId, { name: 'two', bytes: two })
    await world.run(1)
    await alice.transports[1]!.links[0]!.close()
    await world.run(10)
    expect(alice.events['link:downgrade'].map((e) => [e.from?.kind, e.to?.kind])).toEqual([['wifi-direct', 'ble']])
    await world.run(8_000)
    expect(bob.events.file.map((f) => f.messageId)).toEqual([id1, id2])
    expect(bob.events.file[1]!.bytes).toEqual(two)
    expect(alice.events.delivery.filter((d) => d.status === 'delivered').map((d) => d.messageId)).toEqual([id1, id2])
    // No fragment was lost, damaged or replayed on the way (each file decrypted at the first try).
    expect(bob.events.drop.filter((d) => d.reason === 'noise' || d.reason === 'fragment' || d.detail === 'Noise nonce replay')).toEqual([])
    await world.stopAll()
  })

  it('file fragments on a managed link carry the bulk hint (fastest link even in power saving)', async () => {
    const world = fileWorld(NETS)
    // Power saving sends normal frames on the cheapest link (BLE); bulk still takes the fastest.
    const alice = await world.add('alice', { linkManager: { powerSaving: () => true } })
    const bob = await world.add('bob', { linkManager: { powerSaving: () => true } })
    await world.connect(alice, bob, 0)
    await world.connect(alice, bob, 1)
    await world.run(3_000)
    const bleBefore = alice.transports[0]!.links[0]!
    let bleBytes = 0
    const send = bleBefore.send.bind(bleBefore)
    bleBefore.send = (f: Uint8Array) => {
      bleBytes += f.length
      return send(f)
    }
    const bytes = fileBytes(200_000, 3)
    const id = await alice.node.sendFile(bob.node.peerId, { name: 'bulk', bytes })
    await world.run(2_000)
    expect(bob.events.file.map((f) => f.messageId)).toEqual([id])
    // At 20 kB/s, 200 kB on BLE would need 10 s; it arrived in 2 s with little BLE traffic.
    expect(bleBytes).toBeLessThan(20_000)
    await world.stopAll()
  })
})
