/**
 * Forensic proof: fill every store with known secrets, wipe, and look for them everywhere under
 * the data directory (databases, WAL/SHM files, free pages, media, caches) and in the process's
 * key buffers. 8 MB by default; 50 MB with BITMESH_SLOW=1.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { existsSync, linkSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nodeCryptoProvider as crypto } from '@bitmesh/crypto/node'
import { DataKey, DataKeyStore, createAtRestCipher } from '../src/index.js'
import { fileKeyStoreBackend } from '../src/node.js'
import { WRAPPING_SECRET, fill, listFiles, openNode, paths, scan } from './fixtures/node-fixture.js'
import { realClock, text } from './helpers.js'

const TOTAL_BYTES = process.env.BITMESH_SLOW === '1' ? 50 * 1024 * 1024 : 8 * 1024 * 1024
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe(`forensic wipe (${TOTAL_BYTES / 1024 / 1024} MB of secrets)`, () => {
  it('leaves no plaintext anywhere, makes every ciphertext undecryptable and removes every file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bitmesh-forensic-'))
    const outside = mkdtempSync(join(tmpdir(), 'bitmesh-witness-'))
    dirs.push(dir, outside)
    const p = paths(dir)
    const node = await openNode(dir, realClock)
    const filled = await fill(node, TOTAL_BYTES)
    expect(filled.totalBytes).toBeGreaterThanOrEqual(TOTAL_BYTES * 0.95)
    const keyBytes = node.dataKeys.map((k) => k.bytes())
    const keyCopies = keyBytes.map((k) => k.slice())
    const identity = node.identity

    // Positive control: the scanner finds plaintext — the unencrypted cache file, and nothing else.
    const before = scan(dir, filled.secrets, keyCopies)
    expect(before).toEqual([p.cache])
    // The databases really hold WAL data at this point (the scan covered more than the main files).
    expect(listFiles(dir).some((f) => f.endsWith('-wal'))).toBe(true)
    // A hard link outside the data dir lets us look at the cache file's blocks after the wipe.
    linkSync(p.cache, join(outside, 'cache-witness'))

    // The associated data used below is right: before the wipe each sample opens.
    const samples = filled.sealedSamples
    const queueAd = text(`bitmesh-sf-v1\u0000outbound\u0000${'0'.repeat(31)}1\u0000p`)
    const kvAd = text(`bitmesh-ekv-v1\u0000${samples.kvBlindedKey}`)
    const mediaAd = text('bitmesh-file-v1\u0000photo-0')
    expect(node.queueCipher.open(samples.queuePacket, queueAd).length).toBe(4096)
    expect(createAtRestCipher(crypto, node.dataKeys[1]!).open(samples.kvValue, kvAd).length).toBeGreaterThan(32)
    expect(node.mediaCipher.open(samples.mediaFile, mediaAd).length).toBe(256 * 1024)

    // Probe right after the key step: files are all still there, none readable.
    let midWipe: { files: string[]; hits: string[] } | undefined
    node.panic.register(
      { wipeName: 'forensic-probe', wipe: () => void (midWipe = { files: listFiles(dir), hits: scan(dir, filled.secrets, keyCopies) }) },
      { priority: 0 },
    )
    const report = await node.panic.wipe('forensic-test')
    expect(report.ok).toBe(true)
    expect(report.components.map((c) => c.name)).toEqual(['forensic-probe', 'identity', 'crypto-caches', 'queue-db', 'state-db', 'files'])

    // 1. Mid-wipe (keys gone, files present): only the plaintext cache file, as before.
    expect(midWipe!.files.length).toBeGreaterThan(10)
    expect(midWipe!.hits).toEqual([p.cache])

    // 2. After the wipe: no file left under the data directory, not even the marker.
    expect(listFiles(dir)).toEqual([])
    expect(scan(dir, filled.secrets, keyCopies)).toEqual([])
    expect(existsSync(p.journal)).toBe(false)
    // The unencrypted cache file's blocks were zeroed before the unlink.
    expect(readFileSync(join(outside, 'cache-witness')).every((b) => b === 0)).toBe(true)

    // 3. Process-visible state: data keys and identity secrets zeroed, keys refuse use.
    for (const k of keyBytes) expect(k.every((b) => b === 0)).toBe(true)
    expect(identity.noiseStatic.every((b) => b === 0)).toBe(true)
    expect(identity.signingSeed.every((b) => b === 0)).toBe(true)
    for (const k of node.dataKeys) expect(() => k.bytes()).toThrow(expect.objectContaining({ code: 'CLOSED' }))

    // 4. Ciphertexts captured before the wipe no longer open: not with the destroyed keys, not
    //    with the key store re-opened from disk (there is none: fresh keys), not with zero keys.
    const { queuePacket, kvValue, mediaFile } = samples
    expect(() => node.queueCipher.open(queuePacket, queueAd)).toThrow(expect.objectContaining({ code: 'CLOSED' }))
    const reopened = await DataKeyStore.open({ crypto, backend: fileKeyStoreBackend(p.keys), wrappingSecret: WRAPPING_SECRET })
    expect(reopened.purposes()).toEqual([])
    const candidates = [
      createAtRestCipher(crypto, await reopened.key('queue')),
      createAtRestCipher(crypto, await reopened.key('kv')),
      createAtRestCipher(crypto, await reopened.key('media')),
      createAtRestCipher(crypto, new DataKey('zero', new Uint8Array(32))),
    ]
    for (const c of candidates) {
      expect(() => c.open(queuePacket, queueAd)).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }))
      expect(() => c.open(kvValue, kvAd)).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }))
      expect(() => c.open(mediaFile, mediaAd)).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }))
    }
    await reopened.destroy()
  })
})
