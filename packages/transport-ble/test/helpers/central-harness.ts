/** Shared setup of the central-only adapter tests (ble-plx, Web Bluetooth): a phone to dial, the compliance harness. */
import type { Link, Transport } from '@bitmesh/interface'
import type { TransportComplianceEnv } from '@bitmesh/transport-compliance'
import { expect } from 'vitest'
import { bleTransport, createSimulatedBleAdapter, SimulatedBleRadio } from '../../src/index.js'
import { seededRng, TestClock } from './virtual.js'

/**
 * Dial `address` from `a`, advancing virtual time until both ends of the link exist.
 * @param label - Names the link in the "did not open" error.
 * @returns [outbound on a, inbound on b]
 */
export async function dialUntilOpen(a: Transport, b: Transport, clock: TestClock, address: string, label: string): Promise<[Link, Link]> {
  let inbound: Link | undefined
  const off = b.on('link:open', (link) => void (inbound = link))
  try {
    let outbound: Link | undefined
    let failure: unknown
    a.dial(address).then(
      (l) => void (outbound = l),
      (e: unknown) => void (failure = e),
    )
    for (let i = 0; i < 1_000 && failure === undefined && (outbound === undefined || inbound === undefined); i++) await clock.advance(10)
    if (failure !== undefined) throw failure
    if (outbound === undefined || inbound === undefined) throw new Error(`${label} link did not open`)
    return [outbound, inbound]
  } finally {
    off()
  }
}

/**
 * The compliance environment for started transports `a` (central) and `b` on one virtual clock.
 * @param address - What `a` dials to reach `b`.
 * @param label - Names the link in errors.
 */
export function centralComplianceEnv(a: Transport, b: Transport, clock: TestClock, address: string, label: string): TransportComplianceEnv {
  return {
    a,
    b,
    connect: () => dialUntilOpen(a, b, clock, address, label),
    advance: (ms) => clock.advance(ms),
    pendingTimers: () => clock.pendingTimers(),
    teardown: async () => {
      await a.stop()
      await b.stop()
    },
  }
}

/**
 * One radio on a virtual clock with a simulated bitchat phone (dual role, address `phone`) for
 * a central-only adapter under test to find and dial.
 * @param seed - Seeds the shared rng.
 * @param peerId - Peer ID the phone advertises, if any.
 */
export function phoneOnRadio(seed: number, peerId?: Uint8Array) {
  const clock = new TestClock()
  const rng = seededRng(seed)
  const radio = new SimulatedBleRadio({ clock, rng, advertisingIntervalMs: 100 })
  const phone = bleTransport({
    adapter: createSimulatedBleAdapter(radio, { address: 'phone' }),
    clock,
    rng,
    ...(peerId && { advertisedPeerId: peerId }),
  })
  return { clock, rng, radio, phone }
}

/** Advance virtual time in `stepMs` steps until `cond` holds; fails the test if it never does. */
export async function until(clock: TestClock, cond: () => boolean, stepMs = 50, maxSteps = 400): Promise<void> {
  for (let i = 0; i < maxSteps && !cond(); i++) await clock.advance(stepMs)
  expect(cond()).toBe(true)
}
