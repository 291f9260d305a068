/**
 * A private file across a line of nodes (A – B – C – D, BLE range between neighbours only), on
 * BLE alone or with upgraded links through each node's transport manager. Everything is the real
 * code on one virtual clock: `@bitmesh/transport-ble` on a `SimulatedBleRadio`, and
 * `@bitmesh/transport-wifi-direct` / `-hotspot` / `-multipeer` on their own simulated worlds.
 *
 * The mix with upgrades (4 nodes): A and B are Android phones (Wi-Fi Direct, B the group owner),
 * B is also a hotspot head for C, an iPhone (hotspot member), and C and D are iPhones (Multipeer).
 * Every pair keeps its BLE link as the fallback. The hotspot credentials go to C directly: the
 * BLE credential exchange of `@bitmesh/transport-hotspot` is not part of this run. Lines longer
 * than 4 nodes repeat the pattern per hop (Wi-Fi Direct, hotspot, Multipeer, …) with one
 * transport instance per (node, hop).
 * @module
 */
import { defaultCryptoProvider } from '@bitmesh/crypto'
import type { CryptoProvider, Transport } from '@bitmesh/interface'
import { createMeshNode, memoryKeyValueStore, type MeshNode } from '@bitmesh/mesh'
import { ATT_HEADER_BYTES, bleTransport, createSimulatedBleAdapter, SimulatedBleRadio, type BlePropagationModel } from '@bitmesh/transport-ble'
import { hotspotTransport, SimulatedHotspotWorld } from '@bitmesh/transport-hotspot'
import { multipeerTransport, SimulatedMultipeerWorld } from '@bitmesh/transport-multipeer'
import { SimulatedWifiP2pWorld, wifiDirectTransport } from '@bitmesh/transport-wifi-direct'
import { BatteryModel } from './battery.js'
import { meteredTransport } from './fast-links.js'
import { SeededRng } from './rng.js'
import { VirtualClock } from './virtual-clock.js'
import { WifiEnergyModel } from './wifi-energy.js'

/** Spacing of the line, m (BLE range 12 m: only neighbours hear each other). */
export const FILE_LINE_SPACING_M = 10
/** BLE range used by the line, m. */
export const FILE_LINE_BLE_RANGE_M = 12
/** Wi-Fi Direct airtime per direction (the simulated world's default, ≈ 100 Mbit/s), bytes/s. */
export const FILE_LINE_WIFI_DIRECT_BYTES_PER_S = 12_500_000
/** Hotspot LAN airtime per direction (≈ 50 Mbit/s), bytes/s. */
export const FILE_LINE_HOTSPOT_BYTES_PER_S = 6_250_000
/** Multipeer (AWDL-class) airtime per direction (≈ 50 Mbit/s), bytes/s. */
export const FILE_LINE_MULTIPEER_BYTES_PER_S = 6_250_000

/** Options of {@link runFileLine}. */
export interface FileLineOptions {
  /** `ble`: BLE only; `upgraded`: BLE plus fast links through the transport manager. */
  mode: 'ble' | 'upgraded'
  /** File size, bytes (default 1 MiB). */
  fileBytes?: number
  /** Nodes in the line (default 4 = 3 hops). */
  nodes?: number
  /** BLE airtime rate, kbit/s (default 250, the scenario default). */
  bleKbps?: number
  /** BLE link MTU (ATT MTU − 3), bytes (default 512). */
  bleMtu?: number
  /** Seed (default 1). */
  seed?: number
  /** Give up after this much virtual time from the send, ms (default 300 000). */
  timeoutMs?: number
  /** Crypto provider (default `@bitmesh/crypto`'s; pass the Node one for speed). */
  crypto?: CryptoProvider
}

/** Outcome of {@link runFileLine}. */
export interface FileLineResult {
  mode: 'ble' | 'upgraded'
  fileBytes: number
  hops: number
  /** Whether the last node got the file (byte-exact). */
  delivered: boolean
  /** Virtual ms from `sendFile` to the `file` event, or `null`. */
  deliveryMs: number | null
  /** Virtual ms from `sendFile` to the sender's `delivered` receipt, or `null`. */
  receiptMs: number | null
  /** Frames put on the air from the send to the receipt (or timeout): BLE, fast links. */
  bleFrames: number
  fastFrames: number
  /** Bytes on the air in the same window. */
  bleBytes: number
  fastBytes: number
  /** Energy per node in the same window (BLE model + Wi-Fi model), mAh. */
  energyMah: number[]
  /** Fragments the sender put on its links (one train per send and link; more means resends). */
  senderFragments: number
  /** Upgrades seen by the sender's neighbours' managers (0 on BLE only). */
  upgrades: number
}

/**
 * Run one file across the line.
 * @param options - See {@link FileLineOptions}.
 * @returns What happened, in virtual time (deterministic for a seed).
 * @throws RangeError for fewer than 2 nodes.
 */
export async function runFileLine(options: FileLineOptions): Promise<FileLineResult> {
  const count = options.nodes ?? 4
  if (!Number.isInteger(count) || count < 2) throw new RangeError('nodes must be an integer ≥ 2')
  const fileBytes = options.fileBytes ?? 1_048_576
  const bleMtu = options.bleMtu ?? 512
  const seed = options.seed ?? 1
  const timeoutMs = options.timeoutMs ?? 300_000
  const crypto = options.crypto ?? defaultCryptoProvider
  const upgraded = options.mode === 'upgraded'
  const clock = new VirtualClock()
  const rng = new SeededRng(seed)
  const names = Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i)) // A, B, C, …
  const index = new Map(names.map((n, i) => [n, i]))
  const neighbours = (a: string, b: string): boolean => Math.abs(index.get(a)! - index.get(b)!) * FILE_LINE_SPACING_M <= FILE_LINE_BLE_RANGE_M
  const battery = new BatteryModel(count)
  const wifi = new WifiEnergyModel(count)
  const air = { bleFrames: 0, bleBytes: 0, fastFrames: 0, fastBytes: 0, counting: false }

  const propagation: BlePropagationModel = { sample: (from, to) => (neighbours(from, to) ? { rssiDbm: -65, lossRate: 0 } : null) }
  const radio = new SimulatedBleRadio({
    clock,
    rng: rng.fork('radio'),
    propagation,
    bandwidthBytesPerSecond: ((options.bleKbps ?? 250) * 1000) / 8,
    defaultMtu: bleMtu + ATT_HEADER_BYTES,
    onTransmit: (from, to, bytes) => {
      battery.frame(index.get(from)!, index.get(to)!, bytes)
      if (!air.counting) return
      air.bleFrames++
      air.bleBytes += bytes
    },
  })

  // Fast links, one simulated world per technology; hop h joins names[h] and names[h + 1].
  const wfdWorld = new SimulatedWifiP2pWorld({ clock, bandwidthBytesPerSecond: FILE_LINE_WIFI_DIRECT_BYTES_PER_S, canReach: (a, b) => neighbours(a.split('#')[0]!, b.split('#')[0]!) })
  const hotspotWorld = new SimulatedHotspotWorld({ clock, rng: rng.fork('hotspot'), bandwidthBytesPerSecond: FILE_LINE_HOTSPOT_BYTES_PER_S, canReach: (a, b) => neighbours(a.split('#')[0]!, b.split('#')[0]!) })
  const mpWorld = new SimulatedMultipeerWorld({ clock, bandwidthBytesPerSecond: FILE_LINE_MULTIPEER_BYTES_PER_S, canReach: (a, b) => neighbours(a.split('#')[0]!, b.split('#')[0]!) })
  const meter = (from: number, to: number, rate: number) => (transport: Transport) =>
    meteredTransport(transport, (_link, bytes) => {
      wifi.frame(from, to, bytes, rate)
      if (!air.counting) return
      air.fastFrames++
      air.fastBytes += bytes
    })
  const perNode: Transport[][] = names.map(() => [])
  const dials: Array<() => Promise<unknown>> = []
  if (upgraded) {
    for (let h = 0; h + 1 < count; h++) {
      const [a, b] = [names[h]!, names[h + 1]!]
      const tech = h % 3
      if (tech === 0) {
        // Wi-Fi Direct: the right-hand node owns the group.
        const member = meter(h, h + 1, FILE_LINE_WIFI_DIRECT_BYTES_PER_S)(wifiDirectTransport({ adapter: wfdWorld.adapter(`${a}#${h}`), role: 'member', clock }))
        const owner = meter(h + 1, h, FILE_LINE_WIFI_DIRECT_BYTES_PER_S)(wifiDirectTransport({ adapter: wfdWorld.adapter(`${b}#${h}`), role: 'owner', clock }))
        perNode[h]!.push(member)
        perNode[h + 1]!.push(owner)
        dials.push(() => member.dial(`${b}#${h}`))
      } else if (tech === 1) {
        // Hotspot: the left-hand node is the head (Android), the right-hand one joins.
        const rawHead = hotspotTransport({ adapter: hotspotWorld.adapter(`${a}#${h}`), role: 'head', clock })
        const rawMember = hotspotTransport({ adapter: hotspotWorld.adapter(`${b}#${h}`), role: 'member', clock })
        perNode[h]!.push(meter(h, h + 1, FILE_LINE_HOTSPOT_BYTES_PER_S)(rawHead))
        const member = meter(h + 1, h, FILE_LINE_HOTSPOT_BYTES_PER_S)(rawMember)
        perNode[h + 1]!.push(member)
        dials.push(() => {
          const credentials = rawHead.credentials
          if (credentials === undefined) return Promise.reject(new Error('hotspot head has no credentials'))
          rawMember.useCredentials(credentials)
          return member.dial(credentials.ssid)
        })
      } else {
        const left = meter(h, h + 1, FILE_LINE_MULTIPEER_BYTES_PER_S)(multipeerTransport({ adapter: mpWorld.adapter(`${a}#${h}`), clock }))
        const right = meter(h + 1, h, FILE_LINE_MULTIPEER_BYTES_PER_S)(multipeerTransport({ adapter: mpWorld.adapter(`${b}#${h}`), clock }))
        perNode[h]!.push(left)
        perNode[h + 1]!.push(right)
        dials.push(() => left.dial(`${b}#${h}`))
      }
    }
  }

  const nodes: MeshNode[] = names.map((name, i) => {
    const nodeRng = rng.fork(`node:${name}`)
    const ble = bleTransport({ adapter: createSimulatedBleAdapter(radio, { address: name, maxConnections: 8 }), clock, rng: nodeRng.fork('ble'), maxLinks: 8, requestedAttMtu: bleMtu + ATT_HEADER_BYTES })
    const node = createMeshNode({
      transports: [...perNode[i]!, ble],
      clock,
      rng: nodeRng,
      crypto,
      store: memoryKeyValueStore(),
      nickname: name,
      ...(upgraded ? { linkManager: true as const } : {}),
    })
    node.on('link:open', () => battery.linkChange(i, 1, clock.elapsedMs))
    node.on('link:close', () => battery.linkChange(i, -1, clock.elapsedMs))
    return node
  })
  let upgrades = 0
  for (const node of nodes) node.on('link:upgrade', () => upgrades++)
  // Wi-Fi idle: a node's radio is up while it has fast links (counted by the metered transports).
  for (let i = 0; i < count; i++) {
    for (const t of perNode[i]!) {
      t.on('link:open', () => wifi.linkChange(i, 1, clock.elapsedMs))
      t.on('link:close', () => wifi.linkChange(i, -1, clock.elapsedMs))
    }
  }

  const started = Promise.all(nodes.map((n) => n.start()))
  await clock.advance(100)
  await started
  await clock.advance(5_000) // BLE links form, announces spread
  if (upgraded) {
    const dialing = Promise.allSettled(dials.map((d) => d()))
    await clock.advance(5_000) // group formation, hotspot join, invitations
    await dialing
  }
  const first = nodes[0]!
  const last = nodes[count - 1]!
  // Warm the Noise session end to end, so the figure is the file's alone.
  await first.sendPrivate(last.peerId, 'hello')
  await clock.advance(5_000)

  const content = rng.fork('file').randomBytes(fileBytes)
  let deliveredAt: number | null = null
  let receiptAt: number | null = null
  let intact = false
  last.on('file', (f) => {
    if (deliveredAt !== null) return
    deliveredAt = clock.elapsedMs
    intact = f.bytes.length === content.length && f.bytes.every((b, i) => b === content[i])
  })
  const sentBefore = first.stats.fragmentsSent
  const energyBefore = sumEnergy(battery, wifi, clock.elapsedMs)
  air.counting = true
  const t0 = clock.elapsedMs
  const messageId = await first.sendFile(last.peerId, { name: 'file.bin', bytes: content })
  first.on('delivery', (d) => {
    if (d.messageId === messageId && d.status === 'delivered' && receiptAt === null) receiptAt = clock.elapsedMs
  })
  while (receiptAt === null && clock.elapsedMs - t0 < timeoutMs) await clock.advance(100)
  air.counting = false
  const end = clock.elapsedMs
  const energyAfter = sumEnergy(battery, wifi, end)
  const result: FileLineResult = {
    mode: options.mode,
    fileBytes,
    hops: count - 1,
    delivered: deliveredAt !== null && intact,
    deliveryMs: deliveredAt === null ? null : Math.round(deliveredAt - t0),
    receiptMs: receiptAt === null ? null : Math.round(receiptAt - t0),
    bleFrames: air.bleFrames,
    fastFrames: air.fastFrames,
    bleBytes: air.bleBytes,
    fastBytes: air.fastBytes,
    energyMah: energyAfter.map((v, i) => v - energyBefore[i]!),
    senderFragments: first.stats.fragmentsSent - sentBefore,
    upgrades,
  }
  const stopping = Promise.all(nodes.map((n) => n.stop()))
  await clock.advance(5_000)
  await stopping
  return result
}

function sumEnergy(battery: BatteryModel, wifi: WifiEnergyModel, nowMs: number): number[] {
  const b = battery.usedMah(nowMs)
  const w = wifi.usedMah(nowMs)
  return Array.from(b, (v, i) => v + w[i]!)
}
