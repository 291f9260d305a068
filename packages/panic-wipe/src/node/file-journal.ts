/**
 * The wipe marker as a file: written atomically and fsynced before destruction starts.
 * @module
 */
import { decodeJournalRecord, encodeJournalRecord, type WipeJournal } from '../journal.js'
import { atomicWriteFile, durableDelete, readFileIfExists } from './atomic-file.js'

/**
 * A durable {@link WipeJournal} on a file. Any content (even garbage) at `path` counts as a
 * pending wipe. Pass the same path to `directoryScrubber`'s `keep`, so the marker outlives the
 * files it protects; it is removed by the commit.
 * @param path - Marker file path, e.g. `<dataDir>/WIPE-PENDING`.
 * @returns The journal.
 */
export function fileWipeJournal(path: string): WipeJournal {
  return {
    begin: (record) => atomicWriteFile(path, encodeJournalRecord(record)),
    pending: async () => {
      const bytes = await readFileIfExists(path)
      return bytes === undefined ? null : decodeJournalRecord(bytes)
    },
    commit: async () => {
      await durableDelete(path)
      await durableDelete(`${path}.tmp`)
    },
  }
}
