/**
 * Files sealed under a data key (media, exports, attachments), so a wipe crypto-shreds them
 * with everything else.
 * @module
 */
import type { AtRestCipher } from '../at-rest-cipher.js'
import { utf8 } from '../bytes.js'
import { atomicWriteFile, readFileIfExists } from './atomic-file.js'

const AD_PREFIX = 'bitmesh-file-v1\u0000'

/**
 * Seal `data` and write it atomically and durably to `path`.
 * @param path - Target file (use `cipher.blindName(name)` as the file name to hide names too).
 * @param cipher - The at-rest cipher.
 * @param data - Plaintext.
 * @param name - Logical name bound as associated data (a file renamed to another name fails to open).
 */
export async function writeSealedFile(path: string, cipher: AtRestCipher, data: Uint8Array, name: string): Promise<void> {
  await atomicWriteFile(path, cipher.seal(data, utf8(AD_PREFIX + name)))
}

/**
 * Read and open a sealed file.
 * @param path - File.
 * @param cipher - The at-rest cipher.
 * @param name - The logical name it was written with.
 * @returns The plaintext, or `undefined` when the file does not exist.
 * @throws CryptoError `AUTH_FAILED` for a wrong key, name or tampered file; ClosedError after a wipe.
 */
export async function readSealedFile(path: string, cipher: AtRestCipher, name: string): Promise<Uint8Array | undefined> {
  const sealed = await readFileIfExists(path)
  return sealed === undefined ? undefined : cipher.open(sealed, utf8(AD_PREFIX + name))
}
