/**
 * Noise protocol names (spec rev 34 §8): `Noise_<pattern>_<dh>_<cipher>_<hash>`.
 * @module
 */

/** The one cipher suite BitMesh implements: X25519, ChaCha20-Poly1305, SHA-256. */
export const NOISE_SUITE = '25519_ChaChaPoly_SHA256'

/**
 * Build the protocol name for a handshake pattern in BitMesh's suite.
 * @param patternName - e.g. `XX`, `IK`.
 * @returns e.g. `Noise_XX_25519_ChaChaPoly_SHA256`.
 */
export function protocolName(patternName: string): string {
  return `Noise_${patternName}_${NOISE_SUITE}`
}

/**
 * ASCII bytes of a protocol name. Names are ASCII by the Noise spec, so no `TextEncoder` is
 * needed (not every React Native engine has one).
 * @param name - protocol name.
 * @returns its bytes.
 * @throws TypeError when the name is empty or contains a character outside printable ASCII.
 */
export function protocolNameBytes(name: string): Uint8Array {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError('protocol name must be a non-empty string')
  const out = new Uint8Array(name.length)
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c < 0x21 || c > 0x7e) throw new TypeError(`protocol name must be printable ASCII: ${JSON.stringify(name)}`)
    out[i] = c
  }
  return out
}
