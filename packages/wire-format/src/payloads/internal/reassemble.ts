/**
 * Final step of reassembly, shared by `reassembleFragments` and `FragmentReassembler`.
 * @module
 */

/**
 * Concatenate fragment data in index order into the original frame.
 * @param parts - Fragment data by index; every index below `total` must be present.
 * @param total - Fragment count.
 * @param bytes - Sum of the parts' lengths.
 * @returns The reassembled frame (a new array).
 */
export function joinParts(parts: ReadonlyMap<number, Uint8Array>, total: number, bytes: number): Uint8Array {
  const frame = new Uint8Array(bytes)
  let offset = 0
  for (let i = 0; i < total; i++) {
    const part = parts.get(i)!
    frame.set(part, offset)
    offset += part.length
  }
  return frame
}
