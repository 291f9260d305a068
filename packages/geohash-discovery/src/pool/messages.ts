/**
 * NIP-01 relay → client messages, parsed defensively (relays are untrusted).
 * @module
 */

/** A parsed relay message. Unknown or malformed messages parse to `null`. */
export type RelayMessage =
  | { type: 'EVENT'; subscriptionId: string; event: unknown }
  | { type: 'EOSE'; subscriptionId: string }
  | { type: 'OK'; eventId: string; accepted: boolean; message: string }
  | { type: 'CLOSED'; subscriptionId: string; message: string }
  | { type: 'NOTICE'; message: string }

/**
 * Parse one relay message.
 * @param text - The frame text.
 * @returns The message, or `null` for anything malformed or not understood.
 */
export function parseRelayMessage(text: string): RelayMessage | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (!Array.isArray(value) || typeof value[0] !== 'string') return null
  switch (value[0]) {
    case 'EVENT':
      return value.length >= 3 && typeof value[1] === 'string' ? { type: 'EVENT', subscriptionId: value[1], event: value[2] } : null
    case 'EOSE':
      return typeof value[1] === 'string' ? { type: 'EOSE', subscriptionId: value[1] } : null
    case 'OK':
      return typeof value[1] === 'string' && typeof value[2] === 'boolean'
        ? { type: 'OK', eventId: value[1], accepted: value[2], message: typeof value[3] === 'string' ? value[3] : '' }
        : null
    case 'CLOSED':
      return typeof value[1] === 'string' ? { type: 'CLOSED', subscriptionId: value[1], message: typeof value[2] === 'string' ? value[2] : '' } : null
    case 'NOTICE':
      return typeof value[1] === 'string' ? { type: 'NOTICE', message: value[1] } : null
    default:
      return null
  }
}
