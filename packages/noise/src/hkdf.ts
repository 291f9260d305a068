/**
 * Noise `HKDF(chaining_key, input_key_material, num_outputs)` (spec rev 34 §4.3).
 * @module
 */
import type { CryptoProvider } from '@bitmesh/interface'
import { wipe } from './bytes.js'
import { HASH_LEN_BYTES } from './constants.js'

/**
 * Derive `numOutputs` 32-byte outputs from the chaining key and input key material:
 * temp_key = HMAC(ck, ikm); output1 = HMAC(temp_key, 0x01); output_i = HMAC(temp_key,
 * output_{i−1} ‖ i). (Equal to RFC 5869 HKDF with ck as salt and empty info; done with HMAC calls
 * because on the Node provider three HMACs cost less than one HKDF call, and because it lets us
 * zero temp_key.)
 *
 * @param crypto - provider of HMAC-SHA256.
 * @param chainingKey - 32-byte chaining key.
 * @param inputKeyMaterial - 0 or 32 bytes in Noise (DH output, or empty for Split).
 * @param numOutputs - 2 or 3.
 * @returns one new array holding output1 ‖ output2 [‖ output3]; the caller copies the parts it
 *   needs and wipes it.
 */
export function noiseHkdf(
  crypto: CryptoProvider,
  chainingKey: Uint8Array,
  inputKeyMaterial: Uint8Array,
  numOutputs: 2 | 3,
): Uint8Array {
  const tempKey = crypto.hmacSha256(chainingKey, inputKeyMaterial)
  const out = new Uint8Array(numOutputs * HASH_LEN_BYTES)
  const input = new Uint8Array(HASH_LEN_BYTES + 1)
  input[0] = 1
  let previous = crypto.hmacSha256(tempKey, input.subarray(0, 1))
  out.set(previous, 0)
  for (let i = 2; i <= numOutputs; i++) {
    input.set(previous, 0)
    input[HASH_LEN_BYTES] = i
    wipe(previous)
    previous = crypto.hmacSha256(tempKey, input)
    out.set(previous, (i - 1) * HASH_LEN_BYTES)
  }
  wipe(previous)
  wipe(input)
  wipe(tempKey)
  return out
}
