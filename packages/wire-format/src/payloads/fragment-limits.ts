/**
 * Reassembly bounds (`shared/spec/bitchat-wire.md` §6.6; iOS `BLEFragmentAssemblyBuffer`,
 * Android `FragmentManager`).
 * @module
 */
import { MAX_DECODED_PAYLOAD_BYTES, MessageType } from '../packet/constants.js'

/** An incomplete assembly is discarded this long after its first fragment arrived (both apps). */
export const REASSEMBLY_TIMEOUT_MS = 30_000
/** Most assemblies in flight; starting another evicts the oldest (iOS). */
export const MAX_CONCURRENT_ASSEMBLIES = 128
/** Per-assembly cap on the reassembled frame for most types (iOS and Android: 1 MiB). */
export const MAX_ASSEMBLY_BYTES = 1_048_576
/**
 * Per-assembly cap for FILE_TRANSFER (`0x22`) and NOISE_ENCRYPTED (`0x11`) originals, which may
 * carry a whole file (iOS `maxFramedFileBytes`).
 */
export const MAX_LARGE_ASSEMBLY_BYTES = MAX_DECODED_PAYLOAD_BYTES
/** Cap on fragment bytes buffered across all assemblies (Android's 4 MiB). */
export const MAX_REASSEMBLY_BUFFER_BYTES = 4 * 1_048_576

/**
 * Per-assembly byte cap for an original packet type.
 * @param originalType - The fragments' `originalType`.
 * @returns {@link MAX_LARGE_ASSEMBLY_BYTES} for `0x22`/`0x11`, else {@link MAX_ASSEMBLY_BYTES}.
 */
export function assemblyByteLimit(originalType: number): number {
  return originalType === MessageType.FILE_TRANSFER || originalType === MessageType.NOISE_ENCRYPTED
    ? MAX_LARGE_ASSEMBLY_BYTES
    : MAX_ASSEMBLY_BYTES
}
