/**
 * The hotspot credential exchange over BLE. The member sends a request with a fresh ephemeral
 * X25519 key; the head answers with its identity (Ed25519) key, its current ephemeral X25519 key
 * (rotated every 30 s; the previous private key is wiped at rotation), validity times, the
 * credentials sealed with ChaCha20-Poly1305 under `HKDF(X25519(headEph, memberEph), salt =
 * requestId)`, and a signature binding all of it to the member's ephemeral key. The member checks
 * the identity key against the fingerprint the head advertises in its BLE beacon before trusting
 * anything. Requests and offers are one-shot: replays and stale messages are refused with
 * {@link HotspotCredentialError}; malformed bytes with `DecodeError`.
 * @module
 */
import { ClosedError, type Clock, type CryptoProvider, type Rng } from '@bitmesh/interface'
import { constantTimeEqual, zeroize } from '@bitmesh/crypto'
import { utf8Encode } from '@bitmesh/wire-format'
import {
  CREDENTIAL_REQUEST_ID_BYTES,
  decodeCredentialOffer,
  decodeCredentialRequest,
  decodeCredentials,
  encodeCredentialRequest,
  encodeCredentials,
  encodeOfferHeader,
  type HotspotCredentials,
} from './codec.js'
import { CredentialRefusal, HotspotCredentialError } from './errors.js'

/** How often the head's ephemeral X25519 key rotates, in ms. */
export const CREDENTIAL_KEY_ROTATION_MS = 30_000
/** How long an offer (and a request) stays valid after it was made, in ms. */
export const CREDENTIAL_MESSAGE_TTL_MS = 30_000
/** Tolerated clock difference between head and member, in ms. */
export const CREDENTIAL_CLOCK_SKEW_MS = 5_000
/** Most outstanding requests a member keeps; the oldest is dropped beyond it. */
export const MAX_PENDING_CREDENTIAL_REQUESTS = 16
/** Most request IDs a head remembers for replay detection (each for the message TTL + skew). */
export const MAX_REMEMBERED_CREDENTIAL_REQUESTS = 4_096
/** Bytes of SHA-256 the smallest accepted beacon fingerprint has. */
export const MIN_FINGERPRINT_BYTES = 8

const KDF_INFO = /* @__PURE__ */ utf8Encode('bitmesh-hotspot-credentials-v1')
const SIGNATURE_CONTEXT = /* @__PURE__ */ utf8Encode('bitmesh-hotspot-offer-v1')
const ZERO_NONCE = /* @__PURE__ */ new Uint8Array(12)

/**
 * The head's identity fingerprint as advertised in its BLE beacon: SHA-256 of its Ed25519 public
 * key (beacons may carry a prefix of at least {@link MIN_FINGERPRINT_BYTES} bytes).
 */
export function headFingerprint(crypto: CryptoProvider, identityPublicKey: Uint8Array): Uint8Array {
  return crypto.sha256(identityPublicKey)
}

/** Options of {@link HotspotCredentialIssuer}. */
export interface CredentialIssuerInit {
  crypto: CryptoProvider
  clock: Clock
  /** Ephemeral keys come from here (pass a CSPRNG in production). */
  rng: Rng
  /** The head's long-term Ed25519 secret seed (32 bytes); its fingerprint goes in the beacon. */
  identitySeed: Uint8Array
  /** Current credentials, or `undefined` while the hotspot is down (requests are then refused). */
  credentials: () => HotspotCredentials | undefined
}

/** The head's side: answers credential requests. */
export class HotspotCredentialIssuer {
  readonly #crypto: CryptoProvider
  readonly #clock: Clock
  readonly #rng: Rng
  readonly #seed: Uint8Array
  readonly #credentials: () => HotspotCredentials | undefined
  /** The Ed25519 identity public key (its SHA-256 is the beacon fingerprint). */
  readonly identityPublicKey: Uint8Array
  #ephemeral: { privateKey: Uint8Array; publicKey: Uint8Array; epoch: number } | undefined
  /** requestId (hex) → time it stops mattering. */
  readonly #seen = new Map<string, number>()

  /** @param init crypto, clock, rng, identity and a credentials source */
  constructor(init: CredentialIssuerInit) {
    if (!(init.identitySeed instanceof Uint8Array) || init.identitySeed.length !== 32) throw new RangeError('identitySeed must be 32 bytes')
    this.#crypto = init.crypto
    this.#clock = init.clock
    this.#rng = init.rng
    this.#seed = init.identitySeed.slice()
    this.#credentials = init.credentials
    this.identityPublicKey = init.crypto.ed25519.getPublicKey(this.#seed)
  }

  /** SHA-256 of {@link identityPublicKey}, for the BLE beacon. */
  get fingerprint(): Uint8Array {
    return headFingerprint(this.#crypto, this.identityPublicKey)
  }

  /** The rotation epoch of the current ephemeral key, or `undefined` before the first offer. */
  get keyEpoch(): number | undefined {
    return this.#ephemeral?.epoch
  }

  /**
   * Answer one request.
   * @param requestBytes - the member's request as received over BLE
   * @returns the offer bytes to send back over BLE
   * @throws DecodeError for malformed bytes; {@link HotspotCredentialError} `EXPIRED` for a stale
   *   or future-dated request, `REPLAYED` for a request ID seen before; `ClosedError` (`CLOSED`) while
   *   no credentials are available
   */
  respond(requestBytes: Uint8Array): Uint8Array {
    const request = decodeCredentialRequest(requestBytes)
    const now = this.#clock.now()
    if (request.timestampMs + CREDENTIAL_MESSAGE_TTL_MS < now || request.timestampMs > now + CREDENTIAL_CLOCK_SKEW_MS) {
      throw new HotspotCredentialError(CredentialRefusal.EXPIRED, 'credential request outside its validity window')
    }
    this.#forgetOld(now)
    const id = hex(request.requestId)
    if (this.#seen.has(id)) throw new HotspotCredentialError(CredentialRefusal.REPLAYED, 'credential request replayed')
    const credentials = this.#credentials()
    if (credentials === undefined) throw new ClosedError('no hotspot credentials to offer right now (hotspot down)')
    if (this.#seen.size >= MAX_REMEMBERED_CREDENTIAL_REQUESTS) this.#seen.delete(this.#seen.keys().next().value as string)
    this.#seen.set(id, request.timestampMs + CREDENTIAL_MESSAGE_TTL_MS + CREDENTIAL_CLOCK_SKEW_MS)

    const eph = this.#currentKey(now)
    const shared = this.#crypto.x25519.sharedSecret(eph.privateKey, request.memberEphemeralPublicKey)
    const key = this.#crypto.hkdfSha256(shared, request.requestId, KDF_INFO, 32)
    zeroize(shared)
    const plaintext = encodeCredentials(credentials)
    const header = encodeOfferHeader(
      { requestId: request.requestId, headIdentityPublicKey: this.identityPublicKey, headEphemeralPublicKey: eph.publicKey, issuedAtMs: now, expiresAtMs: now + CREDENTIAL_MESSAGE_TTL_MS },
      plaintext.length + 16,
    )
    const sealed = this.#crypto.chacha20poly1305.seal(key, ZERO_NONCE, plaintext, header)
    zeroize(key)
    zeroize(plaintext)
    const signedPart = concat(header, sealed)
    const signature = this.#crypto.ed25519.sign(concat(SIGNATURE_CONTEXT, request.memberEphemeralPublicKey, signedPart), this.#seed)
    return concat(signedPart, signature)
  }

  /** Wipe the identity seed and the ephemeral key (panic wipe / shutdown). */
  wipe(): void {
    zeroize(this.#seed)
    if (this.#ephemeral !== undefined) zeroize(this.#ephemeral.privateKey)
    this.#ephemeral = undefined
    this.#seen.clear()
  }

  #currentKey(now: number): { privateKey: Uint8Array; publicKey: Uint8Array; epoch: number } {
    const epoch = Math.floor(now / CREDENTIAL_KEY_ROTATION_MS)
    if (this.#ephemeral === undefined || this.#ephemeral.epoch !== epoch) {
      // Rotation: the old private key is wiped, so offers sealed under it cannot be reopened later.
      if (this.#ephemeral !== undefined) zeroize(this.#ephemeral.privateKey)
      const privateKey = this.#rng.randomBytes(32)
      this.#ephemeral = { privateKey, publicKey: this.#crypto.x25519.getPublicKey(privateKey), epoch }
    }
    return this.#ephemeral
  }

  #forgetOld(now: number): void {
    for (const [id, until] of this.#seen) {
      if (until >= now) break // insertion order ≈ time order; stop at the first live entry
      this.#seen.delete(id)
    }
  }
}

/** Options of {@link HotspotCredentialRequester}. */
export interface CredentialRequesterInit {
  crypto: CryptoProvider
  clock: Clock
  rng: Rng
}

/** The member's side: makes requests and opens offers. */
export class HotspotCredentialRequester {
  readonly #crypto: CryptoProvider
  readonly #clock: Clock
  readonly #rng: Rng
  /** requestId (hex) → ephemeral key and creation time. */
  readonly #pending = new Map<string, { privateKey: Uint8Array; publicKey: Uint8Array; createdMs: number }>()
  readonly #answered = new Set<string>()

  /** @param init crypto, clock, rng */
  constructor(init: CredentialRequesterInit) {
    this.#crypto = init.crypto
    this.#clock = init.clock
    this.#rng = init.rng
  }

  /** Outstanding requests. */
  get pendingCount(): number {
    return this.#pending.size
  }

  /**
   * Make a request with a fresh ephemeral key.
   * @returns the request bytes to send to the head over BLE
   */
  createRequest(): Uint8Array {
    const now = this.#clock.now()
    const requestId = this.#rng.randomBytes(CREDENTIAL_REQUEST_ID_BYTES)
    const privateKey = this.#rng.randomBytes(32)
    const publicKey = this.#crypto.x25519.getPublicKey(privateKey)
    if (this.#pending.size >= MAX_PENDING_CREDENTIAL_REQUESTS) {
      const [oldest, entry] = this.#pending.entries().next().value as [string, { privateKey: Uint8Array }]
      zeroize(entry.privateKey)
      this.#pending.delete(oldest)
    }
    this.#pending.set(hex(requestId), { privateKey, publicKey, createdMs: now })
    return encodeCredentialRequest({ requestId, memberEphemeralPublicKey: publicKey, timestampMs: now })
  }

  /**
   * Check and open an offer.
   * @param offerBytes - the head's offer as received over BLE
   * @param beaconFingerprint - the fingerprint (or a prefix of ≥ 8 bytes) from the head's BLE beacon
   * @returns the credentials to join the hotspot with
   * @throws DecodeError for malformed bytes; {@link HotspotCredentialError}: `REPLAYED` (request
   *   already answered), `UNKNOWN_REQUEST`, `FINGERPRINT_MISMATCH`, `BAD_SIGNATURE`, `EXPIRED`,
   *   `AUTH_FAILED`
   */
  acceptOffer(offerBytes: Uint8Array, beaconFingerprint: Uint8Array): HotspotCredentials {
    if (!(beaconFingerprint instanceof Uint8Array) || beaconFingerprint.length < MIN_FINGERPRINT_BYTES || beaconFingerprint.length > 32) {
      throw new RangeError(`beaconFingerprint must be ${MIN_FINGERPRINT_BYTES}..32 bytes`)
    }
    const offer = decodeCredentialOffer(offerBytes)
    const id = hex(offer.requestId)
    if (this.#answered.has(id)) throw new HotspotCredentialError(CredentialRefusal.REPLAYED, 'offer for a request that was already answered')
    const pending = this.#pending.get(id)
    if (pending === undefined) throw new HotspotCredentialError(CredentialRefusal.UNKNOWN_REQUEST, 'offer answers no outstanding request')
    const fingerprint = headFingerprint(this.#crypto, offer.headIdentityPublicKey).subarray(0, beaconFingerprint.length)
    if (!constantTimeEqual(fingerprint, beaconFingerprint)) {
      throw new HotspotCredentialError(CredentialRefusal.FINGERPRINT_MISMATCH, "the offer's identity key does not match the head's beacon fingerprint")
    }
    const signed = concat(SIGNATURE_CONTEXT, pending.publicKey, offer.signedPart)
    if (!this.#crypto.ed25519.verify(offer.signature, signed, offer.headIdentityPublicKey)) {
      throw new HotspotCredentialError(CredentialRefusal.BAD_SIGNATURE, 'offer signature does not verify')
    }
    const now = this.#clock.now()
    if (now > offer.expiresAtMs || offer.issuedAtMs > now + CREDENTIAL_CLOCK_SKEW_MS || now > pending.createdMs + CREDENTIAL_MESSAGE_TTL_MS + CREDENTIAL_CLOCK_SKEW_MS) {
      this.#forget(id, pending)
      throw new HotspotCredentialError(CredentialRefusal.EXPIRED, 'credential offer expired')
    }
    const shared = this.#crypto.x25519.sharedSecret(pending.privateKey, offer.headEphemeralPublicKey)
    const key = this.#crypto.hkdfSha256(shared, offer.requestId, KDF_INFO, 32)
    zeroize(shared)
    const plaintext = this.#crypto.chacha20poly1305.open(key, ZERO_NONCE, offer.sealed, offer.header)
    zeroize(key)
    if (plaintext === null) throw new HotspotCredentialError(CredentialRefusal.AUTH_FAILED, 'sealed credentials failed authentication')
    this.#forget(id, pending)
    const credentials = decodeCredentials(plaintext)
    zeroize(plaintext)
    return credentials
  }

  #forget(id: string, pending: { privateKey: Uint8Array }): void {
    zeroize(pending.privateKey)
    this.#pending.delete(id)
    if (this.#answered.size >= MAX_PENDING_CREDENTIAL_REQUESTS * 4) this.#answered.delete(this.#answered.values().next().value as string)
    this.#answered.add(id)
  }
}

function hex(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0
  for (const p of parts) n += p.length
  const out = new Uint8Array(n)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
