/**
 * @packageDocumentation
 * `@bitmesh/panic-wipe/node`: the file-system pieces of the panic wipe for Node (and Electron,
 * or React Native with a Node-compatible `fs`):
 *
 * - {@link fileKeyStoreBackend}: the key store as one file (atomic replace, overwrite + unlink).
 * - {@link fileWipeJournal}: the durable wipe marker.
 * - {@link directoryScrubber}: deletes (and zeroes) everything under the data directory.
 * - {@link writeSealedFile} / {@link readSealedFile}: media and attachments sealed under a data key.
 * - {@link atomicWriteFile}, {@link durableDelete}, {@link overwriteFile}, {@link fsyncDirectory}.
 *
 * @example
 * ```ts
 * import { DataKeyStore, PanicWipe, WipePriority } from '@bitmesh/panic-wipe'
 * import { directoryScrubber, fileKeyStoreBackend, fileWipeJournal } from '@bitmesh/panic-wipe/node'
 *
 * const marker = `${dataDir}/WIPE-PENDING`
 * const backend = fileKeyStoreBackend(`${dataDir}/keys.bin`)
 * const panic = new PanicWipe({ clock, journal: fileWipeJournal(marker), keys: backend })
 * panic.register(directoryScrubber(dataDir, { keep: [marker] }), { priority: WipePriority.FILES })
 * await panic.resumePendingWipe() // before opening anything
 * const keys = await DataKeyStore.open({ crypto, backend, wrappingSecret })
 * ```
 */
export { atomicWriteFile, durableDelete, fsyncDirectory, overwriteFile, readFileIfExists, OVERWRITE_CHUNK_BYTES } from './node/atomic-file.js'
export { fileKeyStoreBackend } from './node/file-key-store.js'
export { fileWipeJournal } from './node/file-journal.js'
export { directoryScrubber, MAX_SCRUB_DEPTH, SCRUB_CONCURRENCY, type DirectoryScrubberOptions } from './node/directory-scrubber.js'
export { readSealedFile, writeSealedFile } from './node/sealed-file.js'
