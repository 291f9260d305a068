/**
 * One-shot reassembly of a complete fragment set (`shared/spec/bitchat-wire.md` §2.6). For
 * fragments arriving one by one from the network use `FragmentReassembler`.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { MessageType } from '../packet/constants.js'
import { equalBytes } from '../packet/bytes.js'
import { decodePacket } from '../packet/index.js'
import { joinParts } from './internal/reassemble.js'
import type { BitchatPacket } from '../packet/types.js'
import { fail } from './internal/bin.js'
import { decodeFragmentPayload, type FragmentPayload } from './fragment.js'
import { assemblyByteLimit } from './fragment-limits.js'

/**
 * Reassemble a complete set of fragments into the original packet. Fragments may come in any
 * order; repeated indices are ignored (the first copy wins).
 * @param fragments - FRAGMENT frames, or already-decoded FRAGMENT packets, all of one set.
 * @returns The decoded original packet with **TTL forced to 0**, as both apps process
 *   reassembled packets: the fragments were relayed individually, the whole must never be.
 * @throws DecodeError `TRUNCATED` when the set is empty or an index is missing; `BAD_VALUE` when
 *   a packet is not a fragment or the set mixes IDs, senders, totals or original types;
 *   `BAD_LENGTH` when the set exceeds the per-assembly cap; any error decoding the fragments or
 *   the reassembled frame.
 */
export function reassembleFragments(fragments: ReadonlyArray<Uint8Array | BitchatPacket>): BitchatPacket {
  if (fragments.length === 0) throw fail(DecodeReason.TRUNCATED, 'no fragments')
  let first: FragmentPayload | undefined
  let sender: Uint8Array | undefined
  const parts = new Map<number, Uint8Array>()
  let bytes = 0
  for (const item of fragments) {
    const packet = item instanceof Uint8Array ? decodePacket(item) : item
    if (packet.type !== MessageType.FRAGMENT) throw fail(DecodeReason.BAD_VALUE, `packet type 0x${packet.type.toString(16)} is not a fragment`)
    const fragment = decodeFragmentPayload(packet.payload)
    if (first === undefined || sender === undefined) {
      first = fragment
      sender = packet.senderId
    } else if (
      !equalBytes(fragment.fragmentId, first.fragmentId) ||
      !equalBytes(packet.senderId, sender) ||
      fragment.total !== first.total ||
      fragment.originalType !== first.originalType
    ) {
      throw fail(DecodeReason.BAD_VALUE, 'fragments belong to different sets')
    }
    if (parts.has(fragment.index)) continue
    bytes += fragment.data.length
    if (bytes > assemblyByteLimit(first.originalType)) throw fail(DecodeReason.BAD_LENGTH, 'fragment set exceeds the assembly size cap')
    parts.set(fragment.index, fragment.data)
  }
  const total = first!.total
  if (parts.size !== total) throw fail(DecodeReason.TRUNCATED, `have ${parts.size} of ${total} fragments`)
  const packet = decodePacket(joinParts(parts, total, bytes))
  packet.ttl = 0
  return packet
}
