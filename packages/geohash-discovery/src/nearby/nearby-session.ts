/**
 * Gozzip nearby mode (DESIGN.md §6): while active, the user appears in a geohash under a fresh
 * ephemeral key that nothing links to their main identity. Two users may then reveal their
 * main (root) keys to each other, over NIP-44 between the ephemeral keys, and only once both
 * have consented. Ending the session destroys the ephemeral key.
 *
 * Reveal protocol (BitMesh-defined; kind {@link NostrKind.NEARBY_REVEAL}, an ephemeral kind so
 * relays do not store it): each message is an event signed by the sender's ephemeral key,
 * tagged `["p", <peer ephemeral key>]`, whose content is NIP-44 encrypted JSON:
 * `{"t":"consent"}`, then, once a side has both given and received consent,
 * `{"t":"reveal","pubkey":<main key>,"sig":<BIP-340 signature by the main key over
 * SHA-256("bitmesh-nearby-reveal-v1" ‖ sender ephemeral ‖ recipient ephemeral)>}`. The
 * signature proves the sender holds the main key and binds the reveal to this pair of
 * ephemeral keys, so it cannot be replayed to anyone else.
 * @module
 */
import { ClosedError, type Clock, type Rng } from '@bitmesh/interface'
import { schnorr } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { encodeGeohash, isValidGeohash } from '../geohash/geohash.js'
import { NEARBY_PRECISIONS } from '../geohash/levels.js'
import { finalizeEvent, firstTagValue, type NostrEvent } from '../nostr/event.js'
import type { NostrFilter } from '../nostr/filter.js'
import { fromHex, isLowerHex, toHex } from '../nostr/hex.js'
import { generateKeyPair, getPublicKey, type NostrKeyPair } from '../nostr/keys.js'
import { NostrKind } from '../nostr/kinds.js'
import { getConversationKey, nip44Decrypt, nip44Encrypt, NIP44_NONCE_BYTES } from '../nostr/nip44.js'

/** Domain separator of the reveal proof. */
export const NEARBY_REVEAL_CONTEXT = 'bitmesh-nearby-reveal-v1'
/** Most peers a session tracks reveal state for; further peers are ignored. */
export const MAX_NEARBY_PEERS = 256

/** Signs the reveal proof with the main identity, so the session never holds the main key. */
export interface MainIdentitySigner {
  /** Main x-only public key, hex. */
  readonly publicKey: string
  /** BIP-340 signature of a 32-byte message, 64 bytes. */
  sign(message: Uint8Array): Uint8Array
}

/**
 * A {@link MainIdentitySigner} over a secret key held by the caller.
 * @param secretKey - Main secret key.
 * @param rng - Optional aux randomness.
 * @returns The signer.
 */
export function mainIdentitySigner(secretKey: Uint8Array, rng?: Rng): MainIdentitySigner {
  return {
    publicKey: getPublicKey(secretKey),
    sign: (message) => schnorr.sign(message, secretKey, rng?.randomBytes(32)),
  }
}

/** Where nearby mode places the user. */
export type NearbyLocation = { geohash: string } | { latitude: number; longitude: number; precision: number }

/** Options of {@link startNearbyMode}. */
export interface NearbyModeOptions {
  /** Position and precision (7/6/5/4/2 characters), or a ready geohash of one of those lengths. */
  location: NearbyLocation
  /** Main identity, used only to sign a reveal after both sides consent. */
  mainIdentity: MainIdentitySigner
  /** Time. */
  clock: Clock
  /** Randomness (production: a CSPRNG): the ephemeral key, nonces. */
  rng: Rng
}

/** What {@link NearbySession.handleEvent} learned. */
export type NearbyUpdate =
  | { type: 'consent'; peer: string; outgoing: NostrEvent[] }
  | { type: 'revealed'; peer: string; mainPublicKey: string; outgoing: NostrEvent[] }

interface PeerState {
  localConsent: boolean
  remoteConsent: boolean
  revealSent: boolean
  conversationKey: Uint8Array
}

/**
 * Start nearby mode: generate a fresh ephemeral key.
 * @param options - Location, main identity signer, clock, rng.
 * @returns The session.
 * @throws RangeError for a precision outside 7/6/5/4/2 or a bad geohash/coordinate.
 */
export function startNearbyMode(options: NearbyModeOptions): NearbySession {
  const loc = options.location
  let geohash: string
  if ('geohash' in loc) {
    if (!isValidGeohash(loc.geohash, { lowercaseOnly: true })) throw new RangeError('nearby geohash must be lower-case base32')
    geohash = loc.geohash
  } else geohash = encodeGeohash(loc.latitude, loc.longitude, loc.precision)
  if (!(NEARBY_PRECISIONS as readonly number[]).includes(geohash.length)) {
    throw new RangeError(`nearby precision must be one of ${NEARBY_PRECISIONS.join('/')}, got ${geohash.length}`)
  }
  return new NearbySession(geohash, options)
}

/** One activation of nearby mode. Create with {@link startNearbyMode}. */
export class NearbySession {
  /** The geohash the user appears in. */
  readonly geohash: string
  /** The ephemeral public key (hex) for this activation only. */
  readonly publicKey: string
  readonly #secretKey: Uint8Array
  readonly #pair: NostrKeyPair
  readonly #main: MainIdentitySigner
  readonly #clock: Clock
  readonly #rng: Rng
  readonly #peers = new Map<string, PeerState>()
  #active = true

  /** @internal Use {@link startNearbyMode}. */
  constructor(geohash: string, options: NearbyModeOptions) {
    const pair = generateKeyPair(options.rng)
    this.geohash = geohash
    this.publicKey = pair.publicKey
    this.#secretKey = pair.secretKey
    this.#pair = pair
    this.#main = options.mainIdentity
    this.#clock = options.clock
    this.#rng = options.rng
  }

  /** False once {@link NearbySession.end} was called. */
  get active(): boolean {
    return this.#active
  }

  /**
   * Presence event (kind 20001, `["g", geohash]`), for relays and/or the mesh.
   * @returns Signed by the ephemeral key.
   * @throws ClosedError after the session ended.
   */
  presenceEvent(): NostrEvent {
    return this.#sign(NostrKind.GEOHASH_PRESENCE, [['g', this.geohash]], '')
  }

  /**
   * Chat event (kind 20000, `["g", geohash]`) signed by the ephemeral key.
   * @param content - Text.
   * @returns The event.
   * @throws ClosedError after the session ended.
   */
  chatEvent(content: string): NostrEvent {
    return this.#sign(NostrKind.GEOHASH_CHAT, [['g', this.geohash]], content)
  }

  /**
   * Filters for this session: presence/chat in the geohash, and reveal messages to this key.
   * @param nowMs - Current time (ms), for `since`.
   * @param lookbackS - How far back (default 1 h).
   * @returns Two filters.
   */
  filters(nowMs: number, lookbackS = 3600): NostrFilter[] {
    const since = Math.floor(nowMs / 1000) - lookbackS
    return [
      { kinds: [NostrKind.GEOHASH_CHAT, NostrKind.GEOHASH_PRESENCE], '#g': [this.geohash], since },
      { kinds: [NostrKind.NEARBY_REVEAL], '#p': [this.publicKey], since },
    ]
  }

  /**
   * Consent to reveal identities with a peer (by its ephemeral key). Sends a consent message;
   * when the peer has already consented, also sends this side's reveal.
   * @param peer - Peer's ephemeral public key, hex.
   * @returns Events to publish, in order.
   * @throws ClosedError after the session ended; RangeError for an invalid key or a full peer table.
   */
  consentToReveal(peer: string): NostrEvent[] {
    const state = this.#peer(peer, true)
    if (state === null) throw new RangeError('peer table full or invalid peer key')
    const out: NostrEvent[] = []
    if (!state.localConsent) {
      state.localConsent = true
      out.push(this.#message(peer, state, { t: 'consent' }))
    }
    this.#maybeReveal(peer, state, out)
    return out
  }

  /**
   * Feed a received event. Only reveal-kind events addressed to this key are used; anything
   * else, anything that fails to decrypt or verify, and reveals this side never consented to
   * return `null`.
   * @param event - A signature-verified event.
   * @returns What happened, with events to publish in reply.
   */
  handleEvent(event: NostrEvent): NearbyUpdate | null {
    if (!this.#active || event.kind !== NostrKind.NEARBY_REVEAL || firstTagValue(event, 'p') !== this.publicKey) return null
    if (event.pubkey === this.publicKey) return null
    const state = this.#peer(event.pubkey, true)
    if (state === null) return null
    let body: { t?: unknown; pubkey?: unknown; sig?: unknown }
    try {
      body = JSON.parse(nip44Decrypt(event.content, state.conversationKey)) as typeof body
    } catch {
      return null
    }
    if (typeof body !== 'object' || body === null) return null
    if (body.t === 'consent') {
      state.remoteConsent = true
      const outgoing: NostrEvent[] = []
      this.#maybeReveal(event.pubkey, state, outgoing)
      return { type: 'consent', peer: event.pubkey, outgoing }
    }
    if (body.t === 'reveal' && state.localConsent && isLowerHex(body.pubkey, 32) && isLowerHex(body.sig, 64)) {
      const proof = revealDigest(event.pubkey, this.publicKey)
      let valid = false
      try {
        valid = schnorr.verify(fromHex(body.sig), proof, fromHex(body.pubkey))
      } catch {
        valid = false
      }
      if (!valid) return null
      state.remoteConsent = true
      const outgoing: NostrEvent[] = []
      this.#maybeReveal(event.pubkey, state, outgoing)
      return { type: 'revealed', peer: event.pubkey, mainPublicKey: body.pubkey, outgoing }
    }
    return null
  }

  /** End nearby mode: zero the ephemeral key and all conversation keys. Idempotent. */
  end(): void {
    if (!this.#active) return
    this.#active = false
    this.#secretKey.fill(0)
    for (const p of this.#peers.values()) p.conversationKey.fill(0)
    this.#peers.clear()
  }

  #maybeReveal(peer: string, state: PeerState, out: NostrEvent[]): void {
    if (!state.localConsent || !state.remoteConsent || state.revealSent) return
    state.revealSent = true
    const sig = this.#main.sign(revealDigest(this.publicKey, peer))
    out.push(this.#message(peer, state, { t: 'reveal', pubkey: this.#main.publicKey, sig: toHex(sig) }))
  }

  #peer(peer: string, create: boolean): PeerState | null {
    if (!this.#active) throw new ClosedError('nearby mode has ended')
    const existing = this.#peers.get(peer)
    if (existing !== undefined) return existing
    if (!create || this.#peers.size >= MAX_NEARBY_PEERS) return null
    let conversationKey: Uint8Array
    try {
      conversationKey = getConversationKey(this.#secretKey, peer)
    } catch {
      return null
    }
    const state: PeerState = { localConsent: false, remoteConsent: false, revealSent: false, conversationKey }
    this.#peers.set(peer, state)
    return state
  }

  #message(peer: string, state: PeerState, body: object): NostrEvent {
    const content = nip44Encrypt(JSON.stringify(body), state.conversationKey, this.#rng.randomBytes(NIP44_NONCE_BYTES))
    return this.#sign(NostrKind.NEARBY_REVEAL, [['p', peer]], content)
  }

  #sign(kind: number, tags: string[][], content: string): NostrEvent {
    if (!this.#active) throw new ClosedError('nearby mode has ended')
    return finalizeEvent({ kind, created_at: Math.floor(this.#clock.now() / 1000), tags, content }, this.#pair, this.#rng)
  }
}

const encoder = /* @__PURE__ */ new TextEncoder()

/** SHA-256(context ‖ sender ephemeral ‖ recipient ephemeral): what a reveal signs. @internal */
export function revealDigest(senderEphemeral: string, recipientEphemeral: string): Uint8Array {
  const ctx = encoder.encode(NEARBY_REVEAL_CONTEXT)
  const msg = new Uint8Array(ctx.length + 64)
  msg.set(ctx)
  msg.set(fromHex(senderEphemeral), ctx.length)
  msg.set(fromHex(recipientEphemeral), ctx.length + 32)
  return sha256(msg)
}
