/**
 * Public types of private file transfer (`node.sendFile`, the `'file'` event).
 * @module
 */

/** A file to send with {@link MeshNode.sendFile}. */
export interface MeshFile {
  /** File name (UTF-8, at most 65 535 bytes); Android receivers require one. */
  name: string
  /** MIME type; default `application/octet-stream`. iOS shows only its allow-list (§2.8). */
  mime?: string
  /** File content: 1 byte … {@link MAX_FILE_CONTENT_BYTES} (1 MiB, iOS's interop cap). */
  bytes: Uint8Array
}

/** Detail of the `'file'` event: a file arrived (each file once, however often it was resent). */
export interface FileEvent {
  /** Sender peer ID (hex). */
  from: string
  /**
   * The file's message ID: UUID-shaped, derived from the SHA-256 of its BitchatFilePacket TLV, so
   * sender and receiver agree on it without a wire field. `delivery` events of the sender use it.
   */
  messageId: string
  /** File name (`''` when the sender sent none). */
  name: string
  /** MIME type (`application/octet-stream` when the sender sent none). */
  mime: string
  /** The content. */
  bytes: Uint8Array
  /** `true`: a Noise-encrypted private file (`0x20`). */
  private: boolean
}
