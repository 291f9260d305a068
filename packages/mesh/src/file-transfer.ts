/**
 * Private files over Noise (§2.5.5, §2.8): a typed `0x20` payload holding one BitchatFilePacket,
 * sealed in one `0x11` noiseEncrypted packet (v2 above 64 KiB) and — as iOS does for every file —
 * always sent through the fragment path (§6.6), with up to 10 000 fragments (iOS's cap; Android
 * refuses sets over 256, so files above ≈ 115 KiB reach only iOS and BitMesh peers).
 *
 * Delivery: a receiver answers with a `0x03 delivered` receipt carrying the file's message ID, a
 * UUID-shaped digest of the file TLV (no wire field carries an ID; both ends compute it), and shows
 * each file once. The sender resends after a size-scaled timeout, at most
 * {@link MAX_FILE_SEND_ATTEMPTS} times. A file larger than the Noise queue cannot wait behind a
 * handshake, so files wait here (bounded) until the session is established or the peer becomes
 * reachable; they are kept in memory only, not in the durable outbox.
 * @module
 */
import { CapacityError, isBitMeshError } from '@bitmesh/interface'
import {
  bytesToHex,
  DEFAULT_FILE_MIME_TYPE,
  decodeFilePacket,
  encodeFilePacket,
  encodePrivateFilePayload,
  encodeReceiptPayload,
  MAX_FRAGMENT_TOTAL,
  MessageType,
  splitIntoFragments,
  verifyPacketSignature,
  type BitchatPacket,
} from '@bitmesh/wire-format'
import type { NodeContext } from './context.js'
import { DuplicateRegistry } from './dedup.js'
import { FilePacer } from './file-pacer.js'
import type { MeshFile } from './file-types.js'
import { route, type PrivateMessaging } from './private-messaging.js'
import { encodeSettled, fragmentChunkSize } from './transmit.js'
import * as C from './constants.js'

/**
 * Largest file content: 1 MiB − 512 B. iOS accepts 1 MiB of content, but Android reassembles at
 * most 1 MiB per fragment set (§6.6) and the set holds the whole packet (header, IDs, TLV, Noise
 * or signature overhead), so a 1 MiB file would be ~100 bytes too big there; 512 bytes leave
 * room for that overhead with a name and MIME type of up to {@link MAX_FILE_FRAME_BYTES} in total.
 */
export const MAX_FILE_CONTENT_BYTES = 1_048_064
/** Largest file content accepted from others: iOS sends up to 1 MiB (§1.7). */
export const MAX_RECEIVED_FILE_CONTENT_BYTES = 1_048_576
/** Largest encoded file packet (the fragment set's size): Android's 1 MiB per set (§6.6). */
export const MAX_FILE_FRAME_BYTES = 1_048_576
/** Bytes of a file frame besides its TLV, at most: header, sender, recipient, signature or Noise. */
const FILE_FRAME_OVERHEAD_BYTES = 192
/** Most fragments of one file (iOS's reassembly cap, §2.6). */
export const MAX_FILE_FRAGMENTS = MAX_FRAGMENT_TOTAL
/** Files waiting or awaiting a receipt, per node. */
export const MAX_PENDING_FILES = 32
/** Bytes of files held for resending, per node (content plus TLV). */
export const MAX_PENDING_FILE_BYTES = 8 * 1_048_576
/** Sends of one file before giving up (`send-failed` drop). */
export const MAX_FILE_SEND_ATTEMPTS = 3
/** Least wait for a receipt before resending a file, ms. */
export const FILE_RESEND_MIN_MS = 30_000
/** Throughput assumed for the resend timeout (a slow BLE path), bytes per second. */
export const FILE_RESEND_ASSUMED_BYTES_PER_S = 10_000
/** A file waiting for its session retries the handshake this often, ms. */
export const FILE_SESSION_RETRY_MS = 10_000

/** How the node tells the messaging layer's Noise path about files. */
export interface PrivateFileHooks {
  /** A `0x20` payload arrived from `peerId` (data after the type byte). */
  onFile(peerId: string, data: Uint8Array): void
  /** A receipt for an ID no private message claims. */
  onReceipt(peerId: string, messageId: string, status: 'delivered' | 'read'): void
  /** `peerId` became reachable or its session was established. */
  onReachable(peerId: string): void
  /**
   * A FILE_TRANSFER (`0x22`) packet for us or broadcast (usually reassembled from fragments).
   * @returns Whether it was valid (signed by a verified sender, decodable, within the cap).
   */
  onPublicFile(packet: BitchatPacket, sender: string): boolean
}

interface PendingFile {
  readonly messageId: string
  readonly peerId: string
  /** Typed plaintext (`0x20` ‖ TLV); `null` once delivered (kept only to match a `read`). */
  payload: Uint8Array | null
  attempts: number
  timer: number | undefined
}

/** What {@link FileTransfer.send} did. */
export interface FileSendResult {
  readonly messageId: string
  /** `sent`: sealed and on its way; `queued`: waiting for a session or a path. */
  readonly status: 'sent' | 'queued'
}

/**
 * The message ID of a file: SHA-256 of its BitchatFilePacket TLV, first 16 bytes as an uppercase
 * UUID (the shape of bitchat message IDs).
 * @param tlv - The file TLV.
 * @param sha256 - The hash function.
 * @returns `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX`.
 */
export function fileMessageId(tlv: Uint8Array, sha256: (data: Uint8Array) => Uint8Array): string {
  const h = bytesToHex(sha256(tlv).subarray(0, 16)).toUpperCase()
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** Private file transfer of one node. */
export class FileTransfer implements PrivateFileHooks {
  readonly #ctx: NodeContext
  readonly #messaging: PrivateMessaging
  readonly #pacer: FilePacer
  readonly #pending = new Map<string, PendingFile>()
  readonly #seen = new DuplicateRegistry(C.MAX_SEEN_PRIVATE, C.DEDUP_TTL_MS)
  #pendingBytes = 0

  /**
   * @param ctx - The node.
   * @param messaging - Its private messaging (Noise sessions, frame path).
   */
  constructor(ctx: NodeContext, messaging: PrivateMessaging) {
    this.#ctx = ctx
    this.#messaging = messaging
    this.#pacer = new FilePacer(ctx)
  }

  /** Files held (waiting, in flight, or delivered and awaiting `read`). */
  get pendingCount(): number {
    return this.#pending.size
  }

  /** Fragment trains on links right now. */
  get activeTrains(): number {
    return this.#pacer.active
  }

  /**
   * Send a private file to `peerId`.
   * @param peerId - Recipient (normalised hex).
   * @param file - Name, MIME type, content.
   * @returns The file's message ID and whether it went now.
   * @throws TypeError for a malformed file; RangeError for empty content or content over
   *   {@link MAX_FILE_CONTENT_BYTES}; EncodeError for a name or MIME type over 65 535 bytes;
   *   CapacityError when {@link MAX_PENDING_FILES} / {@link MAX_PENDING_FILE_BYTES} are reached.
   */
  send(peerId: string, file: MeshFile): FileSendResult {
    checkFile(file)
    // One allocation: the type byte and the TLV together (wire-format).
    const payload = encodePrivateFilePayload({ fileName: file.name, mimeType: file.mime ?? DEFAULT_FILE_MIME_TYPE, content: file.bytes })
    checkFrameSize(payload.length - 1)
    const messageId = fileMessageId(payload.subarray(1), this.#ctx.crypto.sha256)
    const existing = this.#pending.get(messageId)
    if (existing !== undefined && existing.peerId === peerId && existing.payload !== null) {
      // The same file again while the first is in flight: one transfer, one ID.
      return { messageId, status: this.#trySend(existing) ? 'sent' : 'queued' }
    }
    this.#makeRoom(payload.length)
    const pending: PendingFile = { messageId, peerId, payload, attempts: 0, timer: undefined }
    this.#pending.set(messageId, pending)
    this.#pendingBytes += payload.length
    this.#ctx.counters.privateSent++
    return { messageId, status: this.#trySend(pending) ? 'sent' : 'queued' }
  }

  /**
   * Broadcast a public file: a signed v2 FILE_TRANSFER (`0x22`) packet, TTL 7, always fragmented
   * (iOS), paced on every link; relays forward the fragments (§2.6). Not stored for gossip sync.
   * @param file - Name, MIME type, content (≤ {@link MAX_FILE_CONTENT_BYTES}).
   * @returns The file's message ID (what receivers' `file` events carry).
   * @throws TypeError / RangeError / EncodeError as {@link FileTransfer.send}.
   */
  sendPublic(file: MeshFile): string {
    checkFile(file)
    const ctx = this.#ctx
    const tlv = encodeFilePacket({ fileName: file.name, mimeType: file.mime ?? DEFAULT_FILE_MIME_TYPE, content: file.bytes })
    checkFrameSize(tlv.length)
    const messageId = fileMessageId(tlv, ctx.crypto.sha256)
    // §2.8: v2 whatever the size; no recipient (iOS).
    const packet = ctx.sign({ ...ctx.newPacket(MessageType.FILE_TRANSFER, tlv, null, C.DEFAULT_TTL), version: 2 })
    const frame = encodeSettled(packet)
    const byChunk = new Map<number, Uint8Array[]>()
    for (const entry of ctx.links.values()) {
      if (entry.link.status !== 'open') continue
      const chunk = fragmentChunkSize(entry.link.mtu)
      let fragments = byChunk.get(chunk)
      if (fragments === undefined) {
        fragments = splitIntoFragments(frame, { fragmentId: ctx.rng.randomBytes(8), chunkSize: chunk, maxFragments: MAX_FILE_FRAGMENTS })
        byChunk.set(chunk, fragments)
      }
      this.#pacer.start(entry, fragments)
    }
    ctx.counters.publicSent++
    return messageId
  }

  onPublicFile(packet: BitchatPacket, sender: string): boolean {
    const ctx = this.#ctx
    const peer = ctx.peers.get(sender)
    if (peer === undefined) {
      ctx.drop('unknown-sender', { peerId: sender, detail: 'public file' })
      return false
    }
    if (!verifyPacketSignature(packet, peer.signingPublicKey, ctx.crypto)) {
      ctx.drop('bad-signature', { peerId: sender, detail: 'public file' })
      return false
    }
    let file
    try {
      file = decodeFilePacket(packet.payload, { maxContentBytes: MAX_RECEIVED_FILE_CONTENT_BYTES })
    } catch (error) {
      ctx.drop('decode-error', { peerId: sender, detail: `public file: ${(error as Error).message}` })
      return false
    }
    ctx.peers.touch(sender, ctx.clock.now())
    ctx.counters.publicReceived++
    ctx.emit('file', {
      from: sender,
      messageId: fileMessageId(packet.payload, ctx.crypto.sha256),
      name: file.fileName ?? '',
      mime: file.mimeType ?? DEFAULT_FILE_MIME_TYPE,
      bytes: file.content,
      private: false,
    })
    return true
  }

  onFile(peerId: string, data: Uint8Array): void {
    const ctx = this.#ctx
    let file
    try {
      file = decodeFilePacket(data, { maxContentBytes: MAX_RECEIVED_FILE_CONTENT_BYTES })
    } catch (error) {
      ctx.drop('decode-error', { peerId, detail: `file: ${(error as Error).message}` })
      return
    }
    const messageId = fileMessageId(data, ctx.crypto.sha256)
    // Always acknowledge: the sender may be resending because our receipt was lost.
    this.#receipt(peerId, messageId)
    const now = ctx.clock.now()
    const key = `${peerId}/${messageId}`
    if (this.#seen.has(key, now)) return
    this.#seen.add(key, now)
    ctx.counters.privateReceived++
    ctx.emit('file', {
      from: peerId,
      messageId,
      name: file.fileName ?? '',
      mime: file.mimeType ?? DEFAULT_FILE_MIME_TYPE,
      bytes: file.content,
      private: true,
    })
  }

  onReceipt(peerId: string, messageId: string, status: 'delivered' | 'read'): void {
    const pending = this.#pending.get(messageId)
    if (pending === undefined || pending.peerId !== peerId) return // only the recipient may acknowledge
    if (status === 'read') {
      this.#forget(pending)
      this.#ctx.emit('delivery', { messageId, peerId, status: 'read' })
      return
    }
    if (pending.payload === null) return // a duplicate receipt (answer to a resend)
    this.#ctx.timers.clear(pending.timer)
    pending.timer = undefined
    this.#pendingBytes -= pending.payload.length
    pending.payload = null
    this.#ctx.emit('delivery', { messageId, peerId, status: 'delivered' })
  }

  onReachable(peerId: string): void {
    for (const pending of this.#pending.values()) {
      // A file that never went out (attempts 0) goes now; one in flight keeps its resend timer.
      if (pending.peerId === peerId && pending.payload !== null && pending.attempts === 0) this.#trySend(pending)
    }
  }

  /** Forget expired received-file IDs. */
  prune(nowMs: number): void {
    this.#seen.prune(nowMs)
  }

  /** Stop: trains and timers cleared, held files dropped. */
  stop(): void {
    this.#pacer.clear()
    for (const pending of [...this.#pending.values()]) this.#forget(pending)
    this.#seen.clear()
  }

  /**
   * Seal and send `pending` if its session is up; otherwise make sure a handshake runs and wait.
   * @returns Whether it went out now.
   */
  #trySend(pending: PendingFile): boolean {
    const ctx = this.#ctx
    const sessions = this.#messaging.sessions
    const payload = pending.payload
    if (payload === null || !ctx.running()) return false
    this.#ctx.timers.clear(pending.timer)
    pending.timer = undefined
    if (sessions.peerState(pending.peerId).status !== 'established') {
      try {
        sessions.ensureSession(pending.peerId)
      } catch {
        // Rate-limited: the retry timer tries again.
      }
      pending.timer = ctx.timers.set(() => this.#retry(pending), FILE_SESSION_RETRY_MS)
      return false
    }
    let sent = false
    this.#messaging.frameSink = (peerId, frame) => {
      sent = this.#transmit(peerId, frame) || sent
    }
    try {
      sessions.sendPayload(pending.peerId, payload)
    } catch (error) {
      // Queue full behind other payloads, or rate-limited: retry later.
      ctx.drop(isBitMeshError(error) && error.code === 'RATE_LIMITED' ? 'rate-limit' : 'capacity', { peerId: pending.peerId, messageId: pending.messageId, detail: `file: ${(error as Error).message}` })
    } finally {
      this.#messaging.frameSink = null
    }
    pending.attempts++
    const delay = FILE_RESEND_MIN_MS + Math.ceil((payload.length / FILE_RESEND_ASSUMED_BYTES_PER_S) * 1000)
    pending.timer = ctx.timers.set(() => this.#retry(pending), delay)
    return sent
  }

  #retry(pending: PendingFile): void {
    pending.timer = undefined
    if (!this.#ctx.running() || this.#pending.get(pending.messageId) !== pending || pending.payload === null) return
    if (pending.attempts >= MAX_FILE_SEND_ATTEMPTS) {
      this.#forget(pending)
      this.#ctx.drop('send-failed', { peerId: pending.peerId, messageId: pending.messageId, detail: 'NO_RECEIPT' })
      return
    }
    this.#trySend(pending)
  }

  /**
   * Fragment one sealed file frame per link MTU (always, as iOS) and start a paced train on each
   * link towards the peer (its bound link, else every link).
   * @returns Whether at least one link took a train.
   */
  #transmit(peerId: string, frame: Uint8Array): boolean {
    const ctx = this.#ctx
    const byChunk = new Map<number, Uint8Array[]>()
    let any = false
    for (const entry of route(ctx.links.values(), peerId)) {
      if (entry.link.status !== 'open') continue
      const chunk = fragmentChunkSize(entry.link.mtu)
      let fragments = byChunk.get(chunk)
      if (fragments === undefined) {
        try {
          fragments = splitIntoFragments(frame, { fragmentId: ctx.rng.randomBytes(8), chunkSize: chunk, maxFragments: MAX_FILE_FRAGMENTS, compression: 'none' })
        } catch (error) {
          ctx.drop('capacity', { peerId, detail: `cannot fragment a ${frame.length}-byte file frame for MTU ${entry.link.mtu}: ${(error as Error).message}` })
          continue
        }
        byChunk.set(chunk, fragments)
      }
      this.#pacer.start(entry, fragments)
      any = true
    }
    return any
  }

  #receipt(peerId: string, messageId: string): void {
    try {
      this.#messaging.sessions.sendPayload(peerId, encodeReceiptPayload('delivered', messageId))
    } catch (error) {
      this.#ctx.drop('capacity', { peerId, detail: `file receipt: ${(error as Error).message}` })
    }
  }

  /** Evict delivered files first, then refuse: held files are what resends need. */
  #makeRoom(bytes: number): void {
    for (const p of [...this.#pending.values()]) {
      if (this.#pending.size < MAX_PENDING_FILES) break
      if (p.payload === null) this.#forget(p)
    }
    if (this.#pending.size >= MAX_PENDING_FILES || this.#pendingBytes + bytes > MAX_PENDING_FILE_BYTES) {
      throw new CapacityError(`too many files in flight (${this.#pending.size} files, ${this.#pendingBytes} bytes; caps ${MAX_PENDING_FILES} / ${MAX_PENDING_FILE_BYTES})`)
    }
  }

  #forget(pending: PendingFile): void {
    this.#ctx.timers.clear(pending.timer)
    if (pending.payload !== null) this.#pendingBytes -= pending.payload.length
    pending.payload = null
    this.#pending.delete(pending.messageId)
  }
}

/**
 * A file TLV whose packet would exceed {@link MAX_FILE_FRAME_BYTES} (long name or MIME type near
 * the content cap) is refused: Android would drop its fragment set.
 * @throws RangeError when it would not fit.
 */
function checkFrameSize(tlvBytes: number): void {
  if (tlvBytes + FILE_FRAME_OVERHEAD_BYTES > MAX_FILE_FRAME_BYTES) {
    throw new RangeError(`file packet of ~${tlvBytes + FILE_FRAME_OVERHEAD_BYTES} bytes exceeds ${MAX_FILE_FRAME_BYTES} (Android's per-set cap); shorten the name or MIME type`)
  }
}

/** Programmer checks of a {@link MeshFile}; the content cap fits both apps (see the constant). */
function checkFile(file: MeshFile): void {
  if (file === null || typeof file !== 'object') throw new TypeError('file must be { name, mime?, bytes }')
  if (typeof file.name !== 'string') throw new TypeError('file.name must be a string')
  if (file.mime !== undefined && typeof file.mime !== 'string') throw new TypeError('file.mime must be a string')
  if (!(file.bytes instanceof Uint8Array)) throw new TypeError('file.bytes must be a Uint8Array')
  if (file.bytes.length === 0) throw new RangeError('file.bytes is empty')
  if (file.bytes.length > MAX_FILE_CONTENT_BYTES) {
    throw new RangeError(`file of ${file.bytes.length} bytes exceeds ${MAX_FILE_CONTENT_BYTES} (fits iOS and Android reassembly)`)
  }
}
