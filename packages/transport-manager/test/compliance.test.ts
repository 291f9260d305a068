/** The shared transport compliance suite over managers whose members are simulated links. */
import { connectTransports, runTransportCompliance } from '@bitmesh/transport-compliance'
import { managedPair } from './helpers.js'

for (const [name, specs] of [
  ['one wifi-direct member (MTU 16 KiB, 12.5 MB/s)', [{ kind: 'wifi-direct', mtu: 16_384, bandwidthBytesPerSecond: 12_500_000 }]],
  ['wifi-direct + ble members (MTU 514, 20 kB/s)', [{ kind: 'wifi-direct', mtu: 16_384, bandwidthBytesPerSecond: 12_500_000 }, { kind: 'ble', mtu: 514, bandwidthBytesPerSecond: 20_000 }]],
  ['ble member only (MTU 514, 200 kB/s)', [{ kind: 'ble', mtu: 514, bandwidthBytesPerSecond: 200_000 }]],
] as const) {
  runTransportCompliance({
    name: `transport-manager: ${name}`,
    async setup() {
      const { clock, a, b } = await managedPair([...specs], { mtu: 8_192, highWaterBytes: 64 * 1024, maxQueueBytes: 1024 * 1024 })
      return {
        a,
        b,
        connect: () => connectTransports(a, b, `${specs[0]!.kind}:b`),
        advance: (ms) => clock.advance(ms),
        pendingTimers: () => clock.pendingTimers(),
        async teardown() {
          await a.stop()
          await b.stop()
        },
      }
    },
  })
}
