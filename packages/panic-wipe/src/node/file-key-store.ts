/**
 * The key store as one small file, replaced atomically and destroyed by overwrite + unlink.
 * @module
 */
import type { KeyStoreBackend } from '../key-store.js'
import { atomicWriteFile, durableDelete, readFileIfExists } from './atomic-file.js'

/**
 * A {@link KeyStoreBackend} on a file.
 *
 * `save` writes `path.tmp`, fsyncs, renames over `path` and fsyncs the directory. `destroy`
 * overwrites the file (and any leftover temp file) with zeros, fsyncs, unlinks and fsyncs the
 * directory. On flash storage the old blocks of the file may survive in the controller; wrap the
 * key store under a secret from the OS keychain (`wrappingSecret`) and delete that secret in the
 * wipe too, so such leftovers are useless.
 * @param path - File path (keep it inside the app's private data directory).
 * @returns The backend.
 */
export function fileKeyStoreBackend(path: string): KeyStoreBackend {
  return {
    load: () => readFileIfExists(path),
    save: (blob) => atomicWriteFile(path, blob),
    destroy: async () => {
      await durableDelete(`${path}.tmp`, { overwrite: true })
      await durableDelete(path, { overwrite: true })
    },
  }
}
