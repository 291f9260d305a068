/** A small simulated world: one radio, N transports, virtual time. */
import type { Link } from '@bitmesh/interface'
import {
  bleTransport,
  createSimulatedBleAdapter,
  SimulatedBleRadio,
  type BleTransport,
  type BleTransportInit,
  type SimulatedBleAdapter,
  type SimulatedBleAdapterOptions,
  type SimulatedBleRadioOptions,
} from '../../src/index.js'
import { seededRng, TestClock } from './virtual.js'

export interface WorldNode {
  address: string
  adapter: SimulatedBleAdapter
  transport: BleTransport
  /** Frames received, per link id. */
  received: Array<{ link: Link; frame: Uint8Array }>
}

export function makeWorld(radioOptions: Partial<SimulatedBleRadioOptions> = {}, seed = 7) {
  const clock = new TestClock()
  const rng = seededRng(seed)
  const transmissions: Array<{ from: string; to: string; bytes: number }> = []
  const radio = new SimulatedBleRadio({
    clock,
    rng,
    onTransmit: (from, to, bytes) => transmissions.push({ from, to, bytes }),
    ...radioOptions,
  })
  const nodes: WorldNode[] = []
  const node = (
    address: string,
    init: Partial<BleTransportInit> = {},
    adapterOptions: Partial<SimulatedBleAdapterOptions> = {},
  ): WorldNode => {
    const adapter = createSimulatedBleAdapter(radio, { address, ...adapterOptions })
    const transport = bleTransport({ adapter, clock, rng, ...init })
    const n: WorldNode = { address, adapter, transport, received: [] }
    transport.on('link:open', (link) => link.on('frame', (frame) => n.received.push({ link, frame })))
    nodes.push(n)
    return n
  }
  const stopAll = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => n.transport.stop()))
    await clock.advance(1_000)
  }
  return { clock, rng, radio, transmissions, node, nodes, stopAll }
}

/** Deterministic bytes. */
export function pattern(length: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 7) & 0xff)
}
