/**
 * Handshake pattern table (Noise spec rev 34 §7). A pattern is data; {@link HandshakeState}
 * interprets it, so adding a pattern means adding a row here.
 * @module
 */

/** A token of a handshake message. */
export type MessageToken = 'e' | 's' | 'ee' | 'es' | 'se' | 'ss'

/** A token allowed in a pre-message. */
export type PreMessageToken = 'e' | 's'

/** One handshake pattern. Messages alternate initiator → responder, responder → initiator, … */
export interface HandshakePattern {
  /** Pattern name as it appears in the protocol name (`XX`, `IK`, …). */
  readonly name: string
  /** Keys the responder knows about the initiator before the handshake (`-> s` …). */
  readonly initiatorPreMessage: readonly PreMessageToken[]
  /** Keys the initiator knows about the responder before the handshake (`<- s` …). */
  readonly responderPreMessage: readonly PreMessageToken[]
  /** Token lists of the handshake messages, first one sent by the initiator. */
  readonly messages: readonly (readonly MessageToken[])[]
  /** One-way patterns (`X`, `N`, `K`): a single message, only the initiator → responder cipher. */
  readonly oneWay: boolean
}

/** The patterns BitMesh ships, by name. */
export const PATTERNS = {
  /** bitchat's pattern: mutual authentication, static keys sent encrypted (§5.1). */
  XX: {
    name: 'XX',
    initiatorPreMessage: [],
    responderPreMessage: [],
    messages: [['e'], ['e', 'ee', 's', 'es'], ['s', 'se']],
    oneWay: false,
  },
  /** Initiator knows the responder's static key; initiator's key sent in message 3. */
  XK: {
    name: 'XK',
    initiatorPreMessage: [],
    responderPreMessage: ['s'],
    messages: [['e', 'es'], ['e', 'ee'], ['s', 'se']],
    oneWay: false,
  },
  /** Initiator knows the responder's static key; one round trip. */
  IK: {
    name: 'IK',
    initiatorPreMessage: [],
    responderPreMessage: ['s'],
    messages: [['e', 'es', 's', 'ss'], ['e', 'ee', 'se']],
    oneWay: false,
  },
  /** Anonymous initiator, known responder. */
  NK: {
    name: 'NK',
    initiatorPreMessage: [],
    responderPreMessage: ['s'],
    messages: [['e', 'es'], ['e', 'ee']],
    oneWay: false,
  },
  /** One-way sealed box to a known responder, sender authenticated (bitchat iOS courier, §5.7). */
  X: {
    name: 'X',
    initiatorPreMessage: [],
    responderPreMessage: ['s'],
    messages: [['e', 'es', 's', 'ss']],
    oneWay: true,
  },
} as const satisfies Record<string, HandshakePattern>

/** Names of the built-in patterns. */
export type PatternName = keyof typeof PATTERNS

const MESSAGE_TOKENS: ReadonlySet<string> = new Set(['e', 's', 'ee', 'es', 'se', 'ss'])

/**
 * Check a custom pattern's shape (token names, a one-way pattern has one message, each message
 * names at most one `e` and one `s` per side). It does not prove the pattern secure — the Noise
 * spec's validity rules §7.3 are the author's responsibility.
 * @param pattern - the pattern to check.
 * @returns the same pattern.
 * @throws TypeError when the shape is wrong.
 */
export function validatePattern(pattern: HandshakePattern): HandshakePattern {
  if (typeof pattern !== 'object' || pattern === null) throw new TypeError('pattern must be an object')
  if (!/^[A-Za-z0-9+]+$/.test(pattern.name)) throw new TypeError(`bad pattern name ${JSON.stringify(pattern.name)}`)
  if (pattern.messages.length === 0) throw new TypeError('pattern needs at least one message')
  if (pattern.oneWay && pattern.messages.length !== 1) throw new TypeError('one-way pattern must have exactly one message')
  for (const pre of [pattern.initiatorPreMessage, pattern.responderPreMessage]) {
    if (pre.length > 2 || pre.some((t) => t !== 'e' && t !== 's') || new Set(pre).size !== pre.length) {
      throw new TypeError(`bad pre-message ${JSON.stringify(pre)}`)
    }
  }
  // Each party sends its e and s at most once overall (including pre-messages).
  const sent = [new Set<string>(pattern.initiatorPreMessage), new Set<string>(pattern.responderPreMessage)]
  pattern.messages.forEach((tokens, i) => {
    const mine = sent[i % 2]!
    for (const t of tokens) {
      if (!MESSAGE_TOKENS.has(t)) throw new TypeError(`unknown token ${JSON.stringify(t)}`)
      if (t === 'e' || t === 's') {
        if (mine.has(t)) throw new TypeError(`message ${i} sends '${t}' twice`)
        mine.add(t)
      }
    }
  })
  return pattern
}

/**
 * Byte length of handshake message `index` of `pattern` carrying `payloadBytes` of payload:
 * 32 per `e`, 32 (+16 once a key is mixed) per `s`, payload (+16 once keyed). No PSK patterns,
 * so only a DH token gives the cipher its key.
 * @param pattern - the pattern.
 * @param index - message index, 0-based.
 * @param payloadBytes - payload size.
 * @returns the message size in bytes; e.g. XX with empty payloads gives 32, 96, 64.
 * @throws RangeError when `index` is outside the pattern.
 */
export function handshakeMessageLength(pattern: HandshakePattern, index: number, payloadBytes = 0): number {
  if (!Number.isInteger(index) || index < 0 || index >= pattern.messages.length) {
    throw new RangeError(`message index ${index} outside pattern ${pattern.name}`)
  }
  let keyed = false
  let length = 0
  for (let i = 0; i <= index; i++) {
    length = 0
    for (const token of pattern.messages[i]!) {
      if (token === 'e') length += 32
      else if (token === 's') length += keyed ? 48 : 32
      else keyed = true
    }
    length += payloadBytes + (keyed ? 16 : 0)
  }
  return length
}
