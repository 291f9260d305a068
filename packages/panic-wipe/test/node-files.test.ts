import { afterEach, describe, expect, it } from 'vitest'
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DataKey, DataKeyStore, createAtRestCipher } from '../src/index.js'
// Relative import until the `@bitmesh/panic-wipe/node` alias exists in the root configs.
import { atomicWriteFile, directoryScrubber, fileKeyStoreBackend, fileWipeJournal, readSealedFile, writeSealedFile } from '../src/node.js'
import { contains, crypto, text } from './helpers.js'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bitmesh-wipe-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('node file pieces', () => {
  it('atomicWriteFile replaces content and leaves no temp file', async () => {
    const dir = tempDir()
    const path = join(dir, 'f')
    await atomicWriteFile(path, text('one'))
    await atomicWriteFile(path, text('two'))
    expect(readFileSync(path, 'utf8')).toBe('two')
    expect(readdirSync(dir)).toEqual(['f'])
  })

  it('fileKeyStoreBackend persists keys across opens and destroy zeroes the file before unlinking it', async () => {
    const dir = tempDir()
    const path = join(dir, 'keys.bin')
    const secret = new Uint8Array(32).fill(1)
    const store = await DataKeyStore.open({ crypto, backend: fileKeyStoreBackend(path), wrappingSecret: secret })
    const key = (await store.key('queue')).bytes().slice()
    const again = await DataKeyStore.open({ crypto, backend: fileKeyStoreBackend(path), wrappingSecret: secret })
    expect((await again.key('queue')).bytes()).toEqual(key)
    // A hard link keeps the inode reachable after unlink, so we can see what destroy left in it.
    const witness = join(tempDir(), 'witness')
    linkSync(path, witness)
    const before = readFileSync(witness)
    expect(before.some((b) => b !== 0)).toBe(true)
    await again.destroy()
    expect(existsSync(path)).toBe(false)
    const after = readFileSync(witness)
    expect(after.length).toBe(before.length)
    expect(after.every((b) => b === 0)).toBe(true)
    await fileKeyStoreBackend(path).destroy() // idempotent
  })

  it('fileWipeJournal: begin/pending/commit, and any garbage at the path still counts as pending', async () => {
    const dir = tempDir()
    const path = join(dir, 'WIPE-PENDING')
    const journal = fileWipeJournal(path)
    expect(await journal.pending()).toBeNull()
    await journal.begin({ reason: 'gesture', startedAt: 42 })
    expect(await journal.pending()).toEqual({ reason: 'gesture', startedAt: 42 })
    await journal.commit()
    expect(existsSync(path)).toBe(false)
    writeFileSync(path, Uint8Array.of(0xff, 0x00, 0x13))
    expect(await journal.pending()).toMatchObject({ reason: 'unknown' })
    await journal.commit()
    await journal.commit()
  })

  it('directoryScrubber deletes everything but the kept files, zeroes files first, never follows symlinks', async () => {
    const dir = tempDir()
    const outside = join(tempDir(), 'outside.txt')
    writeFileSync(outside, 'not ours')
    mkdirSync(join(dir, 'media', 'deep'), { recursive: true })
    writeFileSync(join(dir, 'a.db'), 'plain secret A')
    writeFileSync(join(dir, 'media', 'deep', 'b.jpg'), 'plain secret B')
    writeFileSync(join(dir, 'WIPE-PENDING'), 'marker')
    symlinkSync(outside, join(dir, 'media', 'link'))
    const witness = join(tempDir(), 'witness')
    linkSync(join(dir, 'media', 'deep', 'b.jpg'), witness)

    const scrubber = directoryScrubber(dir, { keep: [join(dir, 'WIPE-PENDING')] })
    await scrubber.wipe()
    expect(readdirSync(dir)).toEqual(['WIPE-PENDING'])
    expect(readFileSync(outside, 'utf8')).toBe('not ours')
    expect(readFileSync(witness).every((b) => b === 0)).toBe(true)
    await scrubber.wipe() // idempotent
    expect(readdirSync(dir)).toEqual(['WIPE-PENDING'])
  })

  it('directoryScrubber with overwrite: false only unlinks', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'x'), 'sealed bytes')
    const witness = join(tempDir(), 'witness')
    linkSync(join(dir, 'x'), witness)
    await directoryScrubber(dir, { overwrite: false }).wipe()
    expect(readdirSync(dir)).toEqual([])
    expect(readFileSync(witness, 'utf8')).toBe('sealed bytes')
  })

  it('sealed files: ciphertext on disk, bound to their name, unreadable once the key is destroyed', async () => {
    const dir = tempDir()
    const key = new DataKey('media', crypto.randomBytes(32))
    const cipher = createAtRestCipher(crypto, key)
    const photo = text('pretend this is a photo of a protest sign')
    await writeSealedFile(join(dir, 'p1'), cipher, photo, 'p1')
    expect(contains(readFileSync(join(dir, 'p1')), photo)).toBe(false)
    expect(await readSealedFile(join(dir, 'p1'), cipher, 'p1')).toEqual(photo)
    await expect(readSealedFile(join(dir, 'p1'), cipher, 'p2')).rejects.toMatchObject({ code: 'AUTH_FAILED' })
    expect(await readSealedFile(join(dir, 'missing'), cipher, 'missing')).toBeUndefined()
    key.destroy()
    await expect(readSealedFile(join(dir, 'p1'), cipher, 'p1')).rejects.toMatchObject({ code: 'CLOSED' })
  })
})
