/**
 * Deterministic generator of chat-like texts (mixed words, punctuation, mentions, numbers, a few
 * emoji and accented words) for compression tests. Seeded, so every run sees the same corpus.
 */

const WORDS = [
  'the', 'a', 'to', 'and', 'you', 'I', 'is', 'at', 'on', 'in', 'we', 'meet', 'gate', 'stage',
  'festival', 'mesh', 'relay', 'offline', 'battery', 'phone', 'tonight', 'tomorrow', 'north',
  'south', 'camp', 'water', 'food', 'tent', 'friends', 'lost', 'found', 'message', 'hello',
  'anyone', 'here', 'near', 'bridge', 'coffee', 'café', 'señor', 'über', 'ok', 'yes', 'no',
  'maybe', 'later', 'now', 'where', 'when', 'why', 'because', 'signal', 'network', 'down',
  'again', 'bitchat', 'works', 'without', 'internet', 'please', 'thanks', 'see', 'you', 'soon',
]
const EMOJI = ['🙂', '🎉', '🔥', '👍', '📍', '⚡', '🚰']
const PUNCT = ['.', '!', '?', ',', '...', ' -', ':']

/** Small seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A chat-like text of about `minBytes` UTF-8 bytes (whole words; the trailing space is trimmed).
 * @param seed - PRNG seed.
 * @param minBytes - Minimum UTF-8 length.
 */
export function chatText(seed: number, minBytes: number): string {
  const rnd = prng(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!
  const encoder = new TextEncoder()
  const parts: string[] = []
  let bytes = 0
  while (bytes < minBytes) {
    const r = rnd()
    let part: string
    if (r < 0.04) part = '@' + pick(WORDS) + Math.floor(rnd() * 1000) + ' '
    else if (r < 0.07) part = String(Math.floor(rnd() * 100000)) + ' '
    else if (r < 0.09) part = pick(EMOJI) + ' '
    else part = pick(WORDS) + (rnd() < 0.12 ? pick(PUNCT) : '') + ' '
    parts.push(part)
    bytes += encoder.encode(part).length
  }
  const text = parts.join('')
  return text.trimEnd()
}

/** UTF-8 bytes of {@link chatText}. */
export function chatBytes(seed: number, minBytes: number): Uint8Array {
  return new TextEncoder().encode(chatText(seed, minBytes))
}

/**
 * A text made of three chat phrases repeated with random splits: long repeats are where zlib
 * levels 5 and 6 (match-chain limits 32 vs 128) start to choose different matches.
 * @param seed - PRNG seed.
 */
export function repetitiveChatBytes(seed: number): Uint8Array {
  const rnd = prng(seed)
  const phrases = [chatText(seed * 3 + 1, 40), chatText(seed * 3 + 2, 50), chatText(seed * 3 + 3, 45)]
  let text = ''
  const target = 300 + (seed % 400)
  while (text.length < target) {
    const phrase = phrases[Math.floor(rnd() * phrases.length)]!
    const cut = Math.floor(rnd() * phrase.length)
    text += phrase.slice(0, cut) + ' ' + phrase.slice(cut) + ' | '
  }
  return new TextEncoder().encode(text)
}
