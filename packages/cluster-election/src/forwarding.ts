/**
 * Where a node sends traffic given its cluster role (DESIGN §6): members forward only to their
 * head; heads bridge to their members and adjacent heads; when no upgraded link exists or the
 * head's battery is below 20 %, traffic falls back to BLE hop-by-hop (the router's flat policy);
 * with no link at all it waits in the {@link FallbackBuffer}.
 * @module
 */
import { type ClusterRole } from './beacon.js'
import { HEAD_MIN_BATTERY_TO_STAY } from './constants.js'

/** Forwarding decision. */
export type ForwardingMode =
  /** Send only to the head (over the upgraded link). */
  | { mode: 'toHead'; head: Uint8Array }
  /** Head: deliver to members and queue for adjacent heads (`HeadDuties.enqueue`). */
  | { mode: 'bridge' }
  /** BLE GATT hop by hop through the router's relay policy. */
  | { mode: 'bleHop' }
  /** No link: hold in the fallback buffer, retry on reconnection. */
  | { mode: 'buffer' }
  /** No cluster (flat mode): the router's flat `bitmesh` policy, unchanged. */
  | { mode: 'flat' }

/** Inputs of {@link forwardingMode}. */
export interface ForwardingInput {
  /** This node's role. */
  role: ClusterRole
  /** Its head (members). */
  headId: Uint8Array | null
  /** The head's last advertised battery level, percent (members). */
  headBatteryLevel: number | null
  /** An upgraded link (hotspot, Wi-Fi Direct, Multipeer) to the head is up (members). */
  upgradedLinkToHead: boolean
  /** Number of BLE links up. */
  bleLinks: number
  /** Battery threshold below which the head is bypassed, percent (default 20). */
  lowHeadBattery?: number
}

/**
 * Decide how to forward one outgoing or relayed message.
 * @param input - Role, head and link state.
 * @returns The mode.
 */
export function forwardingMode(input: ForwardingInput): ForwardingMode {
  const low = input.lowHeadBattery ?? HEAD_MIN_BATTERY_TO_STAY
  if (input.role === 'head') return { mode: 'bridge' }
  if (input.role === 'member' && input.headId !== null) {
    const headOk = input.headBatteryLevel === null || input.headBatteryLevel >= low
    if (headOk && input.upgradedLinkToHead) return { mode: 'toHead', head: input.headId }
    return input.bleLinks > 0 ? { mode: 'bleHop' } : { mode: 'buffer' }
  }
  return input.bleLinks > 0 ? { mode: 'flat' } : { mode: 'buffer' }
}
