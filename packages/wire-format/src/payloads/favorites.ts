/**
 * Favourite control messages (`shared/spec/bitchat-wire.md` §2.5.3, §7.5): ordinary private
 * messages whose content is `[FAVORITED]:<npub>` or `[UNFAVORITED]:<npub>`. This is how a mesh
 * peer learns the other side's Nostr key.
 * @module
 */

const FAVORITED = '[FAVORITED]'
const UNFAVORITED = '[UNFAVORITED]'

/** A parsed favourite control message. */
export interface FavoriteControl {
  /** True for `[FAVORITED]`, false for `[UNFAVORITED]`. */
  favorited: boolean
  /** The sender's Nostr `npub…` string, or `null` when none was attached. Not validated. */
  npub: string | null
}

/**
 * Build the message content. With an npub both apps send `[FAVORITED]:npub…`; without one iOS
 * sends the bare marker (Android a trailing colon; both parse either).
 * @param control - Direction and optional npub.
 * @returns The private message content string.
 */
export function encodeFavoriteControl(control: FavoriteControl): string {
  const marker = control.favorited ? FAVORITED : UNFAVORITED
  return control.npub === null || control.npub === '' ? marker : `${marker}:${control.npub}`
}

/**
 * Recognise a favourite control message. Follows Android's parser (which also reads iOS's
 * forms): surrounding whitespace trimmed, the npub is the trimmed text after the first `:`.
 * @param content - A private message's content.
 * @returns The control, or `null` when `content` is an ordinary message.
 */
export function parseFavoriteControl(content: string): FavoriteControl | null {
  const trimmed = content.trim()
  let favorited: boolean
  if (trimmed.startsWith(FAVORITED)) favorited = true
  else if (trimmed.startsWith(UNFAVORITED)) favorited = false
  else return null
  const colon = trimmed.indexOf(':')
  const npub = colon < 0 ? '' : trimmed.slice(colon + 1).trim()
  return { favorited, npub: npub === '' ? null : npub }
}
