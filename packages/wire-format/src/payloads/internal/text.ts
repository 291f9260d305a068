/**
 * Private UTF-8 helpers for the payload codecs.
 * @module
 */
import { utf8DecodeStrict } from '../../packet/bytes.js'

/**
 * Decode strict UTF-8, or return `null` when malformed. For fields the apps silently drop when
 * they are not UTF-8 (Swift's `String(data:encoding:)` returns nil).
 * @param bytes - Candidate UTF-8.
 * @returns The string or `null`.
 */
export function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8DecodeStrict(bytes)
  } catch {
    return null
  }
}
