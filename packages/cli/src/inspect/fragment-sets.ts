/**
 * Finding fragment sets in a capture and rebuilding their original frames, so `decode --all`
 * can show what a train of fragments carried.
 * @module
 */
import { bytesToHex, concatBytes, decodeFragmentPayload, decodePacket, reassembleFragments } from '@bitmesh/wire-format'

/** A fragment frame found in a capture. */
export interface CapturedFragment {
  /** Position of the frame in the capture (0-based). */
  index: number
  bytes: Uint8Array
}

/** One fragment set. */
export interface FragmentSet {
  fragmentId: string
  senderId: string
  /** Capture positions of its fragments, in capture order. */
  frames: number[]
  total: number
  /** The rebuilt original frame, when the set is complete and consistent. */
  original: Uint8Array | null
  /** Why `original` is null. */
  problem?: string
}

/**
 * Group fragment frames by (sender, fragment ID) and rebuild complete sets.
 * @param fragments - Frames of type 0x20 that decoded.
 * @returns One entry per set, in order of first appearance.
 */
export function collectFragmentSets(fragments: readonly CapturedFragment[]): FragmentSet[] {
  const sets = new Map<string, { set: FragmentSet; frames: Uint8Array[]; slices: Map<number, Uint8Array> }>()
  for (const f of fragments) {
    let packet
    let payload
    try {
      packet = decodePacket(f.bytes)
      payload = decodeFragmentPayload(packet.payload)
    } catch {
      continue
    }
    const key = `${bytesToHex(packet.senderId)}/${bytesToHex(payload.fragmentId)}`
    let entry = sets.get(key)
    if (entry === undefined) {
      entry = {
        set: { fragmentId: bytesToHex(payload.fragmentId), senderId: bytesToHex(packet.senderId), frames: [], total: payload.total, original: null },
        frames: [],
        slices: new Map(),
      }
      sets.set(key, entry)
    }
    entry.set.frames.push(f.index)
    entry.frames.push(f.bytes)
    if (!entry.slices.has(payload.index)) entry.slices.set(payload.index, payload.data)
  }
  const out: FragmentSet[] = []
  for (const { set, frames, slices } of sets.values()) {
    if (slices.size !== set.total) {
      set.problem = `have ${slices.size} of ${set.total} fragments`
    } else {
      try {
        // Validates the set (same total and type, nothing missing, the result decodes).
        reassembleFragments(frames)
        const parts: Uint8Array[] = []
        for (let i = 0; i < set.total; i++) parts.push(slices.get(i)!)
        set.original = concatBytes(...parts)
      } catch (err) {
        set.problem = err instanceof Error ? err.message : String(err)
      }
    }
    out.push(set)
  }
  return out
}
