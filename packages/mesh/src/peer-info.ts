/**
 * The public view of a peer record.
 * @module
 */
import { bytesToHex } from '@bitmesh/wire-format'
import type { NodeContext } from './context.js'
import type { PeerRecord } from './peer-table.js'
import type { PeerInfo } from './types.js'

/**
 * Whether one of the node's links is bound to `peerId`.
 * @param ctx - The node's links.
 * @param peerId - Hex peer ID.
 */
export function isLinked(ctx: Pick<NodeContext, 'links'>, peerId: string): boolean {
  for (const entry of ctx.links.values()) if (entry.peerId === peerId) return true
  return false
}

/**
 * @param record - A verified peer.
 * @param ctx - The node (links for `direct`, crypto for the fingerprint).
 * @returns A fresh {@link PeerInfo}.
 */
export function peerInfo(record: PeerRecord, ctx: Pick<NodeContext, 'links' | 'crypto'>): PeerInfo {
  return {
    peerId: record.peerId,
    nickname: record.nickname,
    fingerprint: bytesToHex(ctx.crypto.sha256(record.noisePublicKey)),
    noisePublicKey: bytesToHex(record.noisePublicKey),
    signingPublicKey: bytesToHex(record.signingPublicKey),
    direct: isLinked(ctx, record.peerId),
    lastSeenMs: record.lastSeenMs,
    capabilities: record.capabilities,
  }
}
