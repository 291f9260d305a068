/**
 * The durable wipe marker: written (and made durable) before any destruction starts, cleared
 * only after every step succeeded. A marker found at start-up means a wipe was interrupted:
 * {@link PanicWipe.resumePendingWipe} finishes it before anything else runs.
 * @module
 */

/** What the marker records. */
export interface WipeJournalRecord {
  /** Why the wipe ran. */
  readonly reason: string
  /** Clock time (ms) the wipe started; `NaN` when the marker was unreadable. */
  readonly startedAt: number
}

/** Where the marker lives. The Node file journal is `fileWipeJournal` in `./node`. */
export interface WipeJournal {
  /** Write the marker durably (resolve only once it survives power loss). */
  begin(record: WipeJournalRecord): Promise<void>
  /**
   * The marker, or `null` when none. Any marker that exists but cannot be parsed must still be
   * reported (as `{ reason: 'unknown', startedAt: NaN }`): when in doubt, wipe.
   */
  pending(): Promise<WipeJournalRecord | null>
  /** Remove the marker durably; idempotent. */
  commit(): Promise<void>
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Encode a marker as small JSON bytes (for file or key-value journals). */
export function encodeJournalRecord(record: WipeJournalRecord): Uint8Array {
  return encoder.encode(JSON.stringify({ v: 1, reason: record.reason, startedAt: record.startedAt }))
}

/** Decode marker bytes; anything unreadable still counts as a pending wipe. */
export function decodeJournalRecord(bytes: Uint8Array): WipeJournalRecord {
  try {
    const parsed = JSON.parse(decoder.decode(bytes)) as { reason?: unknown; startedAt?: unknown }
    const reason = typeof parsed.reason === 'string' ? parsed.reason.slice(0, 200) : 'unknown'
    const startedAt = typeof parsed.startedAt === 'number' ? parsed.startedAt : Number.NaN
    return { reason, startedAt }
  } catch {
    return { reason: 'unknown', startedAt: Number.NaN }
  }
}

/**
 * A journal in memory: not durable (a crash forgets the wipe). For tests and the simulator, or
 * where the platform offers nothing better.
 */
export function memoryWipeJournal(): WipeJournal {
  let record: WipeJournalRecord | null = null
  return {
    begin: async (r) => {
      record = { reason: r.reason, startedAt: r.startedAt }
    },
    pending: async () => record,
    commit: async () => {
      record = null
    },
  }
}
