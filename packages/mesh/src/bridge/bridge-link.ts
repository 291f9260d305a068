/**
 * The inert link that frames from the bridge "arrive on": injected frames take the node's normal
 * receive path (rate limit, decode, §6.9 checks, dedup, verification, relay into the island) with
 * this link as their ingress. It is never in the node's link table, so nothing is ever sent on it
 * and the relay never picks it; the bridge itself decides what crosses (see bridge.ts).
 * @module
 */
import { TypedEmitter, type Link, type LinkEvents, type LinkQuality } from '@bitmesh/interface'
import { MAX_BRIDGE_FRAME_BYTES } from './constants.js'

/** Transport kind reported for the bridge's virtual link. */
export const BRIDGE_LINK_KIND = 'nostr'

/** A receive-only virtual link standing for "the relays of one cell". */
export class BridgeLink extends TypedEmitter<LinkEvents> implements Link {
  readonly id: string
  readonly kind = BRIDGE_LINK_KIND
  readonly remoteAddress: string
  readonly direction = 'inbound' as const
  readonly mtu = MAX_BRIDGE_FRAME_BYTES
  readonly quality: LinkQuality = {}
  readonly bufferedBytes = 0
  status: 'open' | 'closed' = 'open'

  /** @param cell - The rendezvous cell (its "address"). */
  constructor(cell: string) {
    super()
    this.id = `nostr-bridge:${cell}`
    this.remoteAddress = cell
  }

  /** Never used by the node (the link is not in its table); accepts and discards. */
  send(): boolean {
    return true
  }

  /** Mark closed (idempotent). */
  close(): Promise<void> {
    this.status = 'closed'
    return Promise.resolve()
  }
}
