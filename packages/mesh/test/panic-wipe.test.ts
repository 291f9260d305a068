/**
 * Panic wipe wired into the mesh node (issue #10, wire spec §8): silence from the first moment (no
 * LEAVE), every bounded structure empty afterwards, a new identity (or decoy profile) on restart,
 * resumption of an interrupted wipe, and a forensic scan of a SQLite-backed node's data directory.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { nodeCryptoProvider as crypto } from '@bitmesh/crypto/node'
import type { KeyValueStore, Link, Wipeable } from '@bitmesh/interface'
import {
  createAtRestCipher,
  DataKeyStore,
  DEFAULT_DECOY_TEXTS,
  encryptedKeyValueStore,
  memoryWipeJournal,
  PanicWipe,
  WipePriority,
} from '@bitmesh/panic-wipe'
import { directoryScrubber, fileKeyStoreBackend, fileWipeJournal } from '@bitmesh/panic-wipe/node'
import type { QueueBackend } from '@bitmesh/store-forward'
import { SqliteKeyValueStore, SqliteStore } from '@bitmesh/store-forward/sqlite'
import { memoryTransport } from '@bitmesh/transport-compliance'
import { bytesToHex, peerIdFromNoiseKey } from '@bitmesh/wire-format'
import { loadOrCreateIdentity, memoryKeyValueStore, MESH_SIZE_CAPS, type MeshIdentity, type MeshSizes } from '../src/index.js'
import { createWorld, run, seededRng, T0_MS, type TestNode, type World } from './helpers.js'

const PREFIX = 'bitmesh/mesh/identity/'
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const fromUtf8 = (b: Uint8Array | undefined): string => new TextDecoder().decode(b)

/** Record every frame a link is handed, with the clock time. */
function spySends(world: World, link: Link): number[] {
  const times: number[] = []
  const send = link.send.bind(link)
  link.send = (frame: Uint8Array) => {
    times.push(world.clock.now())
    return send(frame)
  }
  return times
}

/** Two linked nodes that met and exchanged public and private messages. */
async function chattingPair(world: World, alice: Parameters<World['add']>[1] = {}): Promise<{ a: TestNode; b: TestNode; aLink: Link }> {
  const a = await world.add('alice', alice)
  const b = await world.add('bob')
  const [aLink] = await world.connect(a, b)
  await run(world, 3_000)
  expect(a.node.peers().map((p) => p.peerId)).toEqual([b.node.peerId])
  await a.node.sendPublic('meet at the north gate')
  await b.node.sendPublic('ok')
  await a.node.sendPrivate(b.node.peerId, 'bring the keys')
  await b.node.sendPrivate(a.node.peerId, 'will do')
  await run(world, 1_000)
  expect(b.events['private-message'].map((m) => m.text)).toEqual(['bring the keys'])
  expect(a.events['private-message'].map((m) => m.text)).toEqual(['will do'])
  return { a, b, aLink }
}

function nonZeroSizes(sizes: MeshSizes): string[] {
  return Object.entries(sizes)
    .filter(([, v]) => v !== 0)
    .map(([k]) => k)
    .sort()
}

describe('panic wipe in the mesh node', () => {
  it('sends nothing from the moment wipe() is called: no LEAVE, no frame, radios off', async () => {
    const world = createWorld()
    const { a, b, aLink } = await chattingPair(world)
    const sends = spySends(world, aLink)
    await run(world, 20_000) // periodic announces and sync still go out before the wipe
    expect(sends.length).toBeGreaterThan(0)
    const sentBefore = sends.length

    const wipeAt = world.clock.now()
    const wiping = a.node.wipe('test')
    // Synchronously silenced: the public API refuses, nothing was handed to the link.
    await expect(a.node.sendPublic('too late')).rejects.toThrow(TypeError)
    expect(sends.length).toBe(sentBefore)
    const report = await wiping
    expect(report.ok).toBe(true)
    expect(report.reason).toBe('test')
    await run(world, 5) // frames handed over before the wipe may still be on the air
    const receivedAfterLatency = b.node.stats.framesReceived

    await run(world, 90_000)
    expect(sends.filter((t) => t >= wipeAt)).toEqual([])
    expect(a.node.stats.framesSent).toBe(0) // counters restart with the new identity, and nothing since
    expect(b.node.stats.framesReceived).toBe(receivedAfterLatency)
    // Bob never heard a LEAVE: alice merely timed out (or her link closed).
    expect(b.events['peer:leave'].filter((e) => e.reason === 'leave')).toEqual([])
    expect(b.node.stats.drops['own-packet']).toBe(0)
    expect(a.transport.started).toBe(false)
    expect(a.node.stats.timers).toBe(0)
    await world.stopAll()
  })

  it('empties every bounded structure, the outbox and the store, and zeroes the identity keys', async () => {
    const world = createWorld()
    const store = memoryKeyValueStore()
    const identity: MeshIdentity = await loadOrCreateIdentity(memoryKeyValueStore(), crypto, seededRng(99), PREFIX)
    const { a, b, aLink } = await chattingPair(world, { store, identity })
    await store.set('app/draft', utf8('unsent draft'))
    // A message to a known peer whose link is gone waits in the outbox.
    aLink.close()
    await run(world, 10)
    await a.node.sendPrivate(b.node.peerId, 'queued while apart')
    const before = nonZeroSizes(a.node.stats.sizes)
    for (const k of ['peers', 'pinnedPeers', 'dedup', 'syncAnnounces', 'syncMessages', 'syncBytes', 'noisePeers', 'seenPrivate', 'outbox']) {
      expect(before).toContain(k)
    }
    expect(Object.keys(MESH_SIZE_CAPS).every((k) => k in a.node.stats.sizes)).toBe(true)
    const names: string[] = []
    a.node.registerWipeable({ wipeName: 'app history', wipe: () => void names.push('app history') }, { priority: WipePriority.STORES })

    const report = await a.node.wipe()
    expect(report.ok).toBe(true)
    expect(names).toEqual(['app history'])
    expect(report.components.map((c) => c.name)).toEqual(
      expect.arrayContaining(['mesh transports', 'mesh noise sessions', 'mesh identity', 'mesh peer table', 'mesh gossip sync store', 'mesh outbox', 'mesh store', 'crypto caches']),
    )
    expect(nonZeroSizes(a.node.stats.sizes)).toEqual([])
    expect(a.node.peers()).toEqual([])
    expect(a.node.stats.timers).toBe(0)
    // The keys the app handed over are zeroed; the store holds only the new identity.
    expect(identity.signingSeed.every((x) => x === 0)).toBe(true)
    expect(identity.noiseStaticKeyPair.privateKey.every((x) => x === 0)).toBe(true)
    expect(await store.get('app/draft')).toBeUndefined()
    expect((await store.keys()).sort()).toEqual([`${PREFIX}ed25519-seed`, `${PREFIX}noise-static`, 'bitmesh/profile/nickname'])
    await world.stopAll()
  })

  it('comes back on the next start() with a new peer ID and an anon#### nickname', async () => {
    const world = createWorld()
    const store = memoryKeyValueStore()
    const { a, b } = await chattingPair(world, { store })
    const oldId = a.node.peerId
    await a.node.wipe()
    expect(a.node.peerId).toMatch(/^[0-9a-f]{16}$/)
    expect(a.node.peerId).not.toBe(oldId)
    expect(a.node.nickname).toMatch(/^anon\d{4}$/)
    // What the store holds is the new identity (a process restart would load it).
    const stored = await loadOrCreateIdentity(store, crypto, seededRng(1), PREFIX)
    expect(bytesToHex(peerIdFromNoiseKey(stored.noiseStaticKeyPair.publicKey))).toBe(a.node.peerId)
    expect(fromUtf8(await store.get('bitmesh/profile/nickname'))).toBe(a.node.nickname)

    const started = a.node.start()
    await world.advance(0)
    await started
    await world.connect(a, b)
    await run(world, 3_000)
    const joined = b.events['peer:join'].filter((p) => p.peerId === a.node.peerId)
    expect(joined.map((p) => p.nickname)).toEqual([a.node.nickname])
    await a.node.sendPublic('hello again')
    await run(world, 500)
    const last = b.events.message.at(-1)
    expect(last?.text).toBe('hello again')
    expect(last?.senderPeerId).toBe(a.node.peerId)
    // A private exchange works under the new identity (new Noise session, new pin).
    await b.node.sendPrivate(a.node.peerId, 'who is this?')
    await run(world, 1_000)
    expect(a.events['private-message'].at(-1)?.text).toBe('who is this?')
    await world.stopAll()
  })

  it('a start() or stop() during a wipe waits for it; a second wipe() joins the first', async () => {
    const world = createWorld()
    const { a } = await chattingPair(world)
    const oldId = a.node.peerId
    const first = a.node.wipe('one')
    const second = a.node.wipe('two')
    const restarted = a.node.start()
    expect(await second).toBe(await first)
    await world.advance(0)
    await restarted
    expect(a.node.peerId).not.toBe(oldId)
    expect(a.transport.started).toBe(true)
    await a.node.sendPublic('running again')
    await world.stopAll()
  })

  it('installs a decoy profile: its nickname, its history in the store, seen by others after restart', async () => {
    const world = createWorld()
    const store = memoryKeyValueStore()
    const { a, b } = await chattingPair(world, { store, panicWipe: { decoy: true, nickname: 'sunny' } })
    const oldId = a.node.peerId
    const report = await a.node.wipe('decoy-pin')
    expect(report.hooks.map((h) => [h.name, h.ok])).toEqual([['meshNewIdentity', true]])
    expect(a.node.nickname).toBe('sunny')
    expect(fromUtf8(await store.get('bitmesh/profile/nickname'))).toBe('sunny')
    const history = await store.keys('bitmesh/history/')
    expect(history).toHaveLength(DEFAULT_DECOY_TEXTS.length)
    const texts = await Promise.all(history.map(async (k) => (JSON.parse(fromUtf8(await store.get(k))) as { text: string }).text))
    expect(texts).toEqual([...DEFAULT_DECOY_TEXTS])
    // Nothing of the real conversation is left in the store.
    const all = await Promise.all((await store.keys()).map(async (k) => fromUtf8(await store.get(k))))
    expect(all.join('\n')).not.toContain('bring the keys')

    const started = a.node.start()
    await world.advance(0)
    await started
    await world.connect(a, b)
    await run(world, 3_000)
    const joined = b.events['peer:join'].filter((p) => p.peerId === a.node.peerId)
    expect(a.node.peerId).not.toBe(oldId)
    expect(joined.map((p) => p.nickname)).toEqual(['sunny'])
    await world.stopAll()
  })

  it('start() first finishes a wipe a crash interrupted, before any transport starts', async () => {
    const world = createWorld()
    const journal = memoryWipeJournal()
    const store = memoryKeyValueStore()
    const old = await loadOrCreateIdentity(store, crypto, seededRng(5), PREFIX)
    const oldId = bytesToHex(peerIdFromNoiseKey(old.noiseStaticKeyPair.publicKey))
    await store.set('app/history/1', utf8('meet at the north gate'))
    await journal.begin({ reason: 'gesture', startedAt: T0_MS - 1_000 }) // the crash left the marker
    const panic = new PanicWipe({ clock: world.clock, journal })
    const log: string[] = []
    panic.onProgress((e) => {
      if (e.step === 'commit') log.push('wipe committed')
    })
    const transport = memoryTransport({ network: world.network, address: 'alice' })
    const start = transport.start.bind(transport)
    transport.start = (o) => {
      log.push('transport started')
      return start(o)
    }
    const a = await world.add('alice', { store, transports: [transport], panicWipe: panic })
    expect(log).toEqual(['wipe committed', 'transport started'])
    expect(panic.lastReport?.resumed).toBe(true)
    expect(panic.lastReport?.reason).toBe('gesture')
    expect(await journal.pending()).toBeNull()
    expect(a.node.peerId).toMatch(/^[0-9a-f]{16}$/)
    expect(a.node.peerId).not.toBe(oldId)
    expect(await store.get('app/history/1')).toBeUndefined()
    expect(a.node.nickname).toMatch(/^anon\d{4}$/)
    await world.stopAll()
  })

  it('a failed wipe step keeps the marker and the next start() wipes again', async () => {
    const world = createWorld()
    const journal = memoryWipeJournal()
    const panic = new PanicWipe({ clock: world.clock, journal })
    let failures = 1
    const flaky: Wipeable = {
      wipeName: 'flaky media',
      wipe: () => {
        if (failures-- > 0) throw new Error('disk busy')
      },
    }
    panic.register(flaky, { priority: WipePriority.STORES })
    const { a } = await chattingPair(world, { panicWipe: panic })
    const ids = [a.node.peerId]
    const report = await a.node.wipe()
    expect(report.ok).toBe(false)
    expect(report.components.find((c) => c.name === 'flaky media')?.ok).toBe(false)
    expect(await journal.pending()).not.toBeNull()
    ids.push(a.node.peerId) // came back anyway

    const started = a.node.start()
    await world.advance(0)
    await started
    expect(panic.lastReport?.resumed).toBe(true)
    expect(panic.lastReport?.ok).toBe(true)
    expect(await journal.pending()).toBeNull()
    ids.push(a.node.peerId)
    expect(new Set(ids).size).toBe(3)
    await a.node.sendPublic('still here')
    await world.stopAll()
  })

  it('rejects a malformed panicWipe option', async () => {
    const world = createWorld()
    await expect(world.add('x', { panicWipe: 42 as never })).rejects.toThrow(TypeError)
    await expect(world.add('y', { panicWipe: { reopen: 'no' as never } })).rejects.toThrow(TypeError)
    await expect(world.add('z', { panicWipe: { nickname: 'n'.repeat(256) } })).rejects.toThrow(RangeError)
  })
})

// ───────────────────────────── forensic ─────────────────────────────

/** Every regular file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...filesUnder(path))
    else out.push(path)
  }
  return out
}

/** Names of the secrets found in any file under `dir`. */
function scan(dir: string, secrets: ReadonlyMap<string, Uint8Array>): string[] {
  const found = new Set<string>()
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file)
    for (const [name, secret] of secrets) if (bytes.indexOf(secret) >= 0) found.add(name)
  }
  return [...found].sort()
}

interface Stores {
  keys: DataKeyStore
  kv: KeyValueStore
  outbox: QueueBackend
  close(): Promise<void>
}

describe('panic wipe forensics (SQLite, sealed stores)', () => {
  it('leaves no identity key, data key, sealed row or message text in any file of the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bitmesh-mesh-wipe-'))
    const world = createWorld()
    try {
      const marker = join(dir, 'WIPE-PENDING')
      const keyFile = fileKeyStoreBackend(join(dir, 'keys.bin'))
      const panic = new PanicWipe({ clock: world.clock, journal: fileWipeJournal(marker), keys: keyFile })
      panic.register(directoryScrubber(dir, { keep: [marker] }), { priority: WipePriority.FILES })
      expect(await panic.resumePendingWipe()).toBeNull()

      // The app's stores: identity in an encrypted KV over SQLite, the outbox on a sealed SQLite queue.
      const openStores = async (): Promise<Stores> => {
        const keys = await DataKeyStore.open({ crypto, backend: keyFile })
        const stateDb = new SqliteKeyValueStore(join(dir, 'state.db'))
        const queueDb = SqliteStore.open(join(dir, 'queue.db'))
        const offs = [
          panic.register(keys, { priority: WipePriority.SECRETS }),
          panic.register({ wipeName: 'state-db', wipe: () => stateDb.close() }, { priority: WipePriority.STORES }),
          panic.register({ wipeName: 'queue-db', wipe: () => queueDb.close() }, { priority: WipePriority.STORES }),
        ]
        return {
          keys,
          kv: encryptedKeyValueStore(stateDb, createAtRestCipher(crypto, await keys.key('state'))),
          outbox: queueDb.queueBackend('outbox', { cipher: createAtRestCipher(crypto, await keys.key('queue')) }),
          close: async () => {
            for (const off of offs) off()
            await stateDb.close()
            queueDb.close()
          },
        }
      }
      let stores = await openStores()
      const first = stores
      const a = await world.add('alice', {
        store: stores.kv,
        storeForward: { outbox: stores.outbox },
        panicWipe: {
          panic,
          reopen: async () => {
            stores = await openStores()
            return { store: stores.kv, outbox: stores.outbox }
          },
        },
      })
      const b = await world.add('bob')
      const [aLink] = await world.connect(a, b)
      await run(world, 3_000)
      await a.node.sendPublic('PUBLIC north gate at six')
      await a.node.sendPrivate(b.node.peerId, 'PRIVATE bring the bolt cutters')
      await b.node.sendPrivate(a.node.peerId, 'PRIVATE reply the van is blue')
      await run(world, 1_000)
      expect(b.events['private-message'].map((m) => m.text)).toEqual(['PRIVATE bring the bolt cutters'])
      aLink.close()
      await run(world, 10)
      await a.node.sendPrivate(b.node.peerId, 'QUEUED safe house is on elm street')
      expect(a.node.stats.sizes.outbox).toBe(1)

      // Secrets: identity keys, data keys, message texts, and samples of every sealed row.
      const secrets = new Map<string, Uint8Array>()
      secrets.set('noise static key', (await first.kv.get(`${PREFIX}noise-static`))!)
      secrets.set('signing seed', (await first.kv.get(`${PREFIX}ed25519-seed`))!)
      for (const purpose of first.keys.purposes()) secrets.set(`data key ${purpose}`, (await first.keys.key(purpose)).bytes().slice())
      for (const text of ['PUBLIC north gate at six', 'PRIVATE bring the bolt cutters', 'PRIVATE reply the van is blue', 'QUEUED safe house is on elm street']) {
        secrets.set(text, utf8(text))
      }
      for (const s of secrets.values()) expect(s.length).toBeGreaterThanOrEqual(24)
      const peek = (file: string, sql: string): Uint8Array[] => {
        const db = SqliteStore.open(join(dir, file)) // a second connection, as a forensic reader would open
        try {
          return (db.db.prepare(sql).all() as Array<{ blob: Uint8Array }>).map((r) => new Uint8Array(r.blob))
        } finally {
          db.close()
        }
      }
      const sealedRows = [...peek('state.db', 'SELECT value AS blob FROM sf_kv'), ...peek('queue.db', 'SELECT packet AS blob FROM sf_items')]
      expect(sealedRows.length).toBeGreaterThanOrEqual(3) // two identity keys, one queued message
      sealedRows.forEach((row, i) => secrets.set(`sealed row ${i}`, row.slice(row.length - 32)))

      // The scanner works: before the wipe it finds the (unwrapped) data keys and the sealed rows;
      // the sealed stores never show a text or an identity key in clear.
      const before = scan(dir, secrets)
      expect(before).toEqual(expect.arrayContaining(['data key queue', 'data key state', ...sealedRows.map((_, i) => `sealed row ${i}`)]))
      expect(before.filter((n) => !n.startsWith('data key') && !n.startsWith('sealed row'))).toEqual([])

      const oldId = a.node.peerId
      const report = await a.node.wipe('forensic')
      expect(report.ok).toBe(true)
      expect(report.components.filter((c) => !c.ok)).toEqual([])
      expect(scan(dir, secrets)).toEqual([])
      expect(a.node.stats.sizes.outbox).toBe(0)

      // Back as someone new, on fresh stores under fresh keys; the old secrets stay gone.
      const started = a.node.start()
      await world.advance(0)
      await started
      expect(a.node.peerId).not.toBe(oldId)
      const stored = await stores.kv.get(`${PREFIX}noise-static`)
      expect(stored).toHaveLength(32)
      expect(bytesToHex(stored!)).not.toBe(bytesToHex(secrets.get('noise static key')!))
      await world.connect(a, b)
      await run(world, 3_000)
      expect(b.events['peer:join'].some((p) => p.peerId === a.node.peerId)).toBe(true)
      expect(b.events['peer:leave'].filter((e) => e.reason === 'leave')).toEqual([])
      expect(scan(dir, secrets)).toEqual([])
      await world.stopAll()
      await stores.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 20_000)
})
