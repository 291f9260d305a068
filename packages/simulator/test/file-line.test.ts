import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { describe, expect, it } from 'vitest'
import { runFileLine } from '../src/index.js'

describe('runFileLine: a private file across 3 hops', () => {
  it('upgraded links deliver a 64 KiB file faster than BLE alone, with fewer frames and less energy at the relays', async () => {
    const ble = await runFileLine({ mode: 'ble', fileBytes: 65_536, crypto: nodeCryptoProvider, seed: 3 })
    const fast = await runFileLine({ mode: 'upgraded', fileBytes: 65_536, crypto: nodeCryptoProvider, seed: 3 })
    expect(ble.delivered).toBe(true)
    expect(fast.delivered).toBe(true)
    expect(ble.hops).toBe(3)
    expect(fast.upgrades).toBeGreaterThan(0)
    expect(ble.fastFrames).toBe(0)
    expect(fast.fastFrames).toBeGreaterThan(0)
    expect(fast.deliveryMs!).toBeLessThan(ble.deliveryMs! / 5)
    expect(fast.bleFrames).toBeLessThan(ble.bleFrames / 5)
    // Relays B and C spend less on Wi-Fi for 64 KiB than on ~140 BLE fragments each way.
    expect(fast.energyMah[1]!).toBeLessThan(ble.energyMah[1]!)
  }, 120_000)

  it('is deterministic for a seed', async () => {
    const a = await runFileLine({ mode: 'upgraded', fileBytes: 20_000, crypto: nodeCryptoProvider, seed: 5 })
    const b = await runFileLine({ mode: 'upgraded', fileBytes: 20_000, crypto: nodeCryptoProvider, seed: 5 })
    expect(b).toEqual(a)
  }, 120_000)
})
