/**
 * Helpers shared by the policies: reusable decision buffers (no allocation per decision),
 * candidate-link collection, jitter and traffic classes.
 * @module
 */
import type { Rng } from '@bitmesh/interface'
import { isBroadcastRecipient, MessageType, type BitchatPacket } from '@bitmesh/wire-format'
import { BITMESH_SOS_PACKET_TYPE } from '../constants.js'
import type { Lane, RelayContext, RelayDecision, RelayLinkInfo } from '../types.js'

/** Up to this many links, duplicate peers are found by a linear scan instead of a Set. */
const SMALL_LINK_COUNT = 16

/** The shared "do not relay" answer (frozen: callers must not mutate decisions). */
export const NO_RELAY: RelayDecision = Object.freeze({
  relay: false,
  ttl: 0,
  delayMs: 0,
  links: Object.freeze([]) as unknown as string[],
  cancelOnDuplicate: false,
  pruneOnDuplicate: false,
}) as RelayDecision

/**
 * A policy's reusable decision and scratch space. One per policy instance: `decide` fills and
 * returns the same object, so deciding allocates nothing once the arrays have grown.
 */
export class DecisionBuffer {
  readonly decision: RelayDecision = { relay: true, ttl: 0, delayMs: 0, links: [], cancelOnDuplicate: false, pruneOnDuplicate: false, lane: 2 }
  /** Candidate links of the current call. */
  readonly candidates: RelayLinkInfo[] = []
  readonly #peers = new Set<string>()

  /**
   * Collect links other than the ingress, several links to one bound peer collapsed to the first
   * (bitchat iOS collapses duplicate links to one peer, wire §6.3).
   * @param context - The relay context.
   * @returns {@link DecisionBuffer.candidates}, refilled.
   */
  collect(context: RelayContext): RelayLinkInfo[] {
    const out = this.candidates
    out.length = 0
    const links = context.links
    const ingress = context.ingressLinkId
    if (links.length <= SMALL_LINK_COUNT) {
      // Few links: a linear scan over the accepted ones beats hashing 16-char peer IDs.
      outer: for (let i = 0; i < links.length; i++) {
        const link = links[i]!
        if (link.id === ingress) continue
        const peer = link.peerId
        if (peer !== null) for (let j = 0; j < out.length; j++) if (out[j]!.peerId === peer) continue outer
        out.push(link)
      }
      return out
    }
    const peers = this.#peers
    peers.clear()
    for (let i = 0; i < links.length; i++) {
      const link = links[i]!
      if (link.id === ingress) continue
      if (link.peerId !== null) {
        if (peers.has(link.peerId)) continue
        peers.add(link.peerId)
      }
      out.push(link)
    }
    return out
  }

  /**
   * Fill the decision with every candidate as a target.
   * @returns The decision (relay true), for chaining.
   */
  allCandidates(ttl: number, delayMs: number, cancelOnDuplicate: boolean, lane: Lane): RelayDecision {
    const d = this.begin(ttl, delayMs, cancelOnDuplicate, lane)
    const c = this.candidates
    for (let i = 0; i < c.length; i++) d.links.push(c[i]!.id)
    return d
  }

  /**
   * Reset the decision for a relay with no targets yet.
   * @returns The decision; push target IDs onto `links`.
   */
  begin(ttl: number, delayMs: number, cancelOnDuplicate: boolean, lane: Lane): RelayDecision {
    const d = this.decision
    d.relay = true
    d.ttl = ttl
    d.delayMs = delayMs
    d.cancelOnDuplicate = cancelOnDuplicate
    d.pruneOnDuplicate = false
    d.lane = lane
    d.links.length = 0
    return d
  }
}

/**
 * Uniform integer delay in [minMs, maxMs].
 * @param rng - Randomness.
 * @param minMs - Lower bound.
 * @param maxMs - Upper bound (inclusive).
 * @returns Delay, ms.
 */
export function jitter(rng: Rng, minMs: number, maxMs: number): number {
  return minMs + Math.floor(rng.next() * (maxMs - minMs + 1))
}

/**
 * Whether a packet is directed (has a recipient that is not broadcast, wire §1.8).
 * @param packet - The packet.
 * @returns True when directed.
 */
export function isDirected(packet: BitchatPacket): boolean {
  return !isBroadcastRecipient(packet.recipientId)
}

/**
 * Whether a packet is of the SOS class ({@link BITMESH_SOS_PACKET_TYPE}).
 * @param packet - The packet.
 * @returns True for SOS.
 */
export function isSos(packet: BitchatPacket): boolean {
  return packet.type === BITMESH_SOS_PACKET_TYPE
}

/**
 * Blip's lane of a packet (blip §2.9), on bitchat types: 0 SOS; 1 directed Noise traffic and
 * handshakes; 2 broadcasts, announces, leaves, fragments and unknown types; 3 bulk (sync, files,
 * voice).
 * @param packet - The packet.
 * @returns The lane.
 */
export function laneOf(packet: BitchatPacket): Lane {
  const t = packet.type
  if (t === BITMESH_SOS_PACKET_TYPE) return 0
  if (t === MessageType.NOISE_HANDSHAKE) return 1
  if (t === MessageType.NOISE_ENCRYPTED) return isDirected(packet) ? 1 : 2
  if (t === MessageType.REQUEST_SYNC || t === MessageType.FILE_TRANSFER || t === MessageType.VOICE_FRAME) return 3
  return 2
}

/**
 * Signal quality of a link in [0, 1], from SNR when known (Meshtastic's −20…10 dB range) else
 * RSSI (BLE −100…−40 dBm); `null` when the link reports neither.
 * @param link - The link, or undefined.
 * @param snrRange - SNR bounds.
 * @param rssiRange - RSSI bounds.
 * @returns Quality, or null.
 */
export function signalQuality(
  link: RelayLinkInfo | undefined,
  snrRange: readonly [number, number],
  rssiRange: readonly [number, number],
): number | null {
  if (link === undefined) return null
  if (typeof link.snr === 'number' && Number.isFinite(link.snr)) return clamp01((link.snr - snrRange[0]) / (snrRange[1] - snrRange[0]))
  if (typeof link.rssi === 'number' && Number.isFinite(link.rssi)) return clamp01((link.rssi - rssiRange[0]) / (rssiRange[1] - rssiRange[0]))
  return null
}

/**
 * The ingress link of the context, or undefined.
 * @param context - The relay context.
 * @returns The link.
 */
export function ingressLink(context: RelayContext): RelayLinkInfo | undefined {
  const id = context.ingressLinkId
  if (id === null) return undefined
  const links = context.links
  for (let i = 0; i < links.length; i++) if (links[i]!.id === id) return links[i]
  return undefined
}

/**
 * Clamp to [0, 1]; NaN becomes 0.
 * @param x - Value.
 * @returns Clamped value.
 */
export function clamp01(x: number): number {
  return x > 0 ? (x < 1 ? x : 1) : 0
}
