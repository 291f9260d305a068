/**
 * `meshtastic`: Meshtastic's managed flooding (firmware `FloodingRouter`, `RadioInterface`;
 * meshtastic.org "Mesh Broadcast Algorithm"), on bitchat packets and BLE links.
 *
 * * Rebroadcast once what was not heard before, while hops remain. Meshtastic's `hop_limit` counts
 *   remaining relays, which is bitchat's TTL − 1 (wire §6.3: TTL ≤ 1 is not relayed), so a packet
 *   is relayed iff TTL ≥ 2, with TTL − 1.
 * * SNR-weighted contention window (`getTxDelayMsecWeighted`): CW = map(SNR, −20, 10, CWmin 3,
 *   CWmax 8); a client waits 2·CWmax slots plus random(0, 2^CW) slots, a router random(0, 2·CW)
 *   slots. Low SNR (far from the sender, more new ground) → short wait → relays first. A BLE link
 *   that reports only RSSI is mapped linearly from −100…−40 dBm onto the SNR range. Without any
 *   signal reading: `getTxDelayMsec`, random(0, 2^CW) slots with CW = map(utilisation %, 0, 100,
 *   CWmin, CWmax).
 * * Cancel on overhear: a client drops its queued rebroadcast when it hears the packet again
 *   (`perhapsCancelDupe`); ROUTER roles do not.
 * * Hop limit scaled under congestion (firmware PR #10176, gated on measured utilisation by
 *   PRs #11826 / #11831): with the hop histogram of known peers, take the smallest hop count whose
 *   cumulative reach is ≥ 40 peers, plus one hop if that reach stays ≤ 50 (strict, utilisation ≥
 *   25 %) or ≤ 60 (utilisation ≥ 20 %); below 20 % utilisation no scaling. The firmware applies it
 *   to its own routine broadcasts; a BLE relay cannot rewrite other senders' TTLs, so here a relay
 *   stops a broadcast that has already travelled that many hops (origin TTL taken as 7).
 * * Directed packets go to the route table's next hop when known (firmware `NextHopRouter`), else
 *   they are flooded.
 * @module
 */
import { MessageType } from '@bitmesh/wire-format'
import {
  BLE_RSSI_MAX_DBM,
  BLE_RSSI_MIN_DBM,
  DEFAULT_TTL,
  MESHTASTIC_BLE_SLOT_MS,
  MESHTASTIC_BUSY_UTILIZATION,
  MESHTASTIC_CONGESTED_UTILIZATION,
  MESHTASTIC_CW_MAX,
  MESHTASTIC_CW_MIN,
  MESHTASTIC_HOP_SCALE_FLOOR_NODES,
  MESHTASTIC_HOP_SCALE_LIMITS,
  MESHTASTIC_SNR_MAX_DB,
  MESHTASTIC_SNR_MIN_DB,
} from '../constants.js'
import type { RelayContext, RelayDecision, RelayPolicy } from '../types.js'
import { nextHopLink } from './blip.js'
import { DecisionBuffer, ingressLink, isDirected, laneOf, NO_RELAY } from './common.js'

/** Options of {@link meshtasticPolicy}. */
export interface MeshtasticPolicyOptions {
  /** Device role: `client` (default) waits past routers and cancels on overhear; `router` relays early and never cancels. */
  role?: 'client' | 'router'
  /** Slot time, ms (default {@link MESHTASTIC_BLE_SLOT_MS}). */
  slotMs?: number
}

/**
 * Arduino `map()` on integers, as the firmware calls it (truncating division).
 * @param x - Input (truncated to an integer first, as the firmware's `long` parameter does).
 * @returns Mapped value, not clamped.
 */
function arduinoMap(x: number, inMin: number, inMax: number, outMin: number, outMax: number): number {
  return Math.trunc(((Math.trunc(x) - inMin) * (outMax - outMin)) / (inMax - inMin)) + outMin
}

/**
 * Contention-window exponent for an SNR (firmware `getCWsize`), clamped to [CWmin, CWmax].
 * @param snrDb - SNR, dB.
 * @returns CW.
 */
export function meshtasticCwSize(snrDb: number): number {
  const cw = arduinoMap(snrDb, MESHTASTIC_SNR_MIN_DB, MESHTASTIC_SNR_MAX_DB, MESHTASTIC_CW_MIN, MESHTASTIC_CW_MAX)
  return cw < MESHTASTIC_CW_MIN ? MESHTASTIC_CW_MIN : cw > MESHTASTIC_CW_MAX ? MESHTASTIC_CW_MAX : cw
}

/**
 * RSSI mapped linearly onto Meshtastic's SNR range (BLE links report no SNR).
 * @param rssiDbm - RSSI, dBm.
 * @returns Equivalent SNR, dB.
 */
export function rssiToSnrEquivalent(rssiDbm: number): number {
  const t = (rssiDbm - BLE_RSSI_MIN_DBM) / (BLE_RSSI_MAX_DBM - BLE_RSSI_MIN_DBM)
  return MESHTASTIC_SNR_MIN_DB + t * (MESHTASTIC_SNR_MAX_DB - MESHTASTIC_SNR_MIN_DB)
}

/**
 * Meshtastic's scaled hop limit (firmware PR #10176 / #11831).
 * @param histogram - Peers by hop distance (index 1 = direct).
 * @param utilization - Channel utilisation 0…1.
 * @returns The hop count broadcasts should reach, or `null` for no scaling.
 */
export function meshtasticScaledHops(histogram: readonly number[], utilization: number): number | null {
  if (!(utilization >= MESHTASTIC_BUSY_UTILIZATION)) return null
  const limit = utilization >= MESHTASTIC_CONGESTED_UTILIZATION ? MESHTASTIC_HOP_SCALE_LIMITS.strict : MESHTASTIC_HOP_SCALE_LIMITS.default
  let cumulative = 0
  for (let h = 1; h < histogram.length; h++) {
    cumulative += histogram[h] ?? 0
    if (cumulative >= MESHTASTIC_HOP_SCALE_FLOOR_NODES) {
      const next = cumulative + (histogram[h + 1] ?? 0)
      return h + 1 < histogram.length && next <= limit ? h + 1 : h
    }
  }
  return null // the known mesh never reaches the floor: keep the full hop limit
}

/**
 * Meshtastic's managed flooding.
 * @param options - Role and slot time.
 * @returns A policy named `meshtastic`.
 */
export function meshtasticPolicy(options: MeshtasticPolicyOptions = {}): RelayPolicy {
  const router = options.role === 'router'
  const slot = options.slotMs ?? MESHTASTIC_BLE_SLOT_MS
  if (!(slot > 0)) throw new RangeError('slotMs must be positive')
  const buf = new DecisionBuffer()

  function delay(context: RelayContext): number {
    const rng = context.rng
    const link = ingressLink(context)
    let snr: number | null = null
    if (link !== undefined) {
      if (typeof link.snr === 'number' && Number.isFinite(link.snr)) snr = link.snr
      else if (typeof link.rssi === 'number' && Number.isFinite(link.rssi)) snr = rssiToSnrEquivalent(link.rssi)
    }
    if (snr === null) {
      const util = Math.min(1, Math.max(0, context.channelUtilization ?? context.congestion ?? 0))
      const cw = arduinoMap(util * 100, 0, 100, MESHTASTIC_CW_MIN, MESHTASTIC_CW_MAX)
      return Math.floor(rng.next() * 2 ** cw) * slot
    }
    const cw = meshtasticCwSize(snr)
    if (router) return Math.floor(rng.next() * 2 * cw) * slot
    return (2 * MESHTASTIC_CW_MAX + Math.floor(rng.next() * 2 ** cw)) * slot
  }

  return {
    name: 'meshtastic',
    decide(packet, context): RelayDecision {
      if (packet.type === MessageType.REQUEST_SYNC || context.fromSelf || context.forSelf) return NO_RELAY
      const ttl = Math.min(packet.ttl, DEFAULT_TTL)
      if (ttl <= 1) return NO_RELAY
      const directed = isDirected(packet)
      if (!directed && context.hopHistogram !== undefined) {
        const hops = meshtasticScaledHops(context.hopHistogram, context.channelUtilization ?? context.congestion ?? 0)
        // Hops this copy has travelled, taking the origin TTL as bitchat's default.
        if (hops !== null && DEFAULT_TTL - ttl + 1 >= hops) return NO_RELAY
      }
      const candidates = buf.collect(context)
      if (candidates.length === 0) return NO_RELAY
      const lane = laneOf(packet)
      const delayMs = delay(context)
      if (directed) {
        const hop = nextHopLink(packet, context, candidates)
        if (hop !== null) {
          const d = buf.begin(ttl - 1, delayMs, false, lane)
          d.links.push(hop)
          return d
        }
      }
      return buf.allCandidates(ttl - 1, delayMs, !router, lane)
    },
  }
}
