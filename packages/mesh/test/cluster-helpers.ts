/**
 * Shared pieces of the cluster-mode tests: device profiles and a memory transport dressed up with
 * the BLE transport's optional beacon, power-mode and scan capabilities.
 */
import type { MeshClusterOptions } from '../src/index.js'
import { run, type TestNode, type World } from './helpers.js'

/** An Android phone with hotspot support at 90 %. */
export const android = (extra: Partial<MeshClusterOptions> = {}): MeshClusterOptions => ({
  os: 'android', hotspotSupport: true, battery: () => ({ level: 90, charging: false, estLifeMin: 600 }), ...extra,
})

/** An iPhone at 80 % (never eligible as head). */
export const ios = (extra: Partial<MeshClusterOptions> = {}): MeshClusterOptions => ({
  os: 'ios', hotspotSupport: false, battery: () => ({ level: 80, charging: false, estLifeMin: 500 }), ...extra,
})

/**
 * Give a memory transport the BLE transport's beacon and power capabilities, recording calls.
 * @returns The beacons it advertised, the power modes it was set to, and a scan injector.
 */
export function capable(t: TestNode) {
  const beacons: Uint8Array[] = []
  const modes: string[] = []
  const extra = t.transport as unknown as Record<string, unknown>
  extra.setBeacon = async (b: Uint8Array | undefined) => void (b !== undefined && beacons.push(b.slice()))
  extra.setPowerMode = (m: string) => void modes.push(m)
  extra.scanning = true
  const scan = (serviceData: Uint8Array, rssiDbm: number) =>
    (t.transport as unknown as { emit(e: string, d: unknown): void }).emit('advertisement', { address: 'x', rssiDbm, serviceData })
  return { beacons, modes, scan }
}

/**
 * Run the world second by second, letting `listener` scan `advertiser`'s latest beacon each second.
 * @param seconds - How long.
 */
export async function hearBeacons(world: World, advertiser: ReturnType<typeof capable>, listener: ReturnType<typeof capable>, seconds: number, rssiDbm = -58): Promise<void> {
  for (let t = 0; t < seconds; t++) {
    const latest = advertiser.beacons.at(-1)
    if (latest !== undefined) listener.scan(latest, rssiDbm)
    await run(world, 1_000, 100)
  }
}

/**
 * An Android head candidate `a` linked to an iOS member-to-be `b`, both beacon-capable.
 * @returns The nodes and their capability recorders.
 */
export async function headAndMember(world: World, memberExtra: Partial<MeshClusterOptions> = {}) {
  const a = await world.add('a', { clusters: android() })
  const b = await world.add('b', { clusters: ios(memberExtra) })
  const ca = capable(a)
  const cb = capable(b)
  await world.connect(a, b)
  return { a, b, ca, cb }
}
