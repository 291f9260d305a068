import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteKeyValueStore, SqliteStore } from '../src/sqlite/index.js'

const dir = mkdtempSync(join(tmpdir(), 'sf-kv-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('SqliteKeyValueStore (KeyValueStore contract)', () => {
  it('get / set / delete / keys / clear, with copies out', async () => {
    const kv = new SqliteKeyValueStore(join(dir, 'a.db'))
    expect(await kv.get('missing')).toBeUndefined()
    await kv.set('identity/noise', Uint8Array.of(1, 2, 3))
    await kv.set('identity/sign', Uint8Array.of(4))
    await kv.set('identity/noise', Uint8Array.of(9))
    await kv.set('other', Uint8Array.of(5))
    const got = await kv.get('identity/noise')
    expect(got).toEqual(Uint8Array.of(9))
    got!.fill(0)
    expect(await kv.get('identity/noise')).toEqual(Uint8Array.of(9))
    expect(await kv.keys()).toEqual(['identity/noise', 'identity/sign', 'other'])
    expect(await kv.keys('identity/')).toEqual(['identity/noise', 'identity/sign'])
    await kv.delete('identity/sign')
    await kv.delete('never-there')
    expect(await kv.keys('identity/')).toEqual(['identity/noise'])
    await kv.clear()
    expect(await kv.keys()).toEqual([])
    await kv.close()
    await expect(kv.get('x')).rejects.toMatchObject({ code: 'CLOSED' })
  })

  it('treats LIKE wildcards and non-ASCII in prefixes literally', async () => {
    const kv = new SqliteKeyValueStore(join(dir, 'b.db'))
    for (const k of ['a%b', 'a_c', 'axb', 'ä/1', 'ä/2', '😀/x', '😀y']) await kv.set(k, Uint8Array.of(1))
    expect(await kv.keys('a%')).toEqual(['a%b'])
    expect(await kv.keys('a_')).toEqual(['a_c'])
    expect(await kv.keys('ä/')).toEqual(['ä/1', 'ä/2'])
    expect(await kv.keys('😀/')).toEqual(['😀/x'])
    await kv.close()
  })

  it('persists across reopen and keeps namespaces of one file apart', async () => {
    const path = join(dir, 'c.db')
    const store = SqliteStore.open(path)
    const ids = store.keyValueStore('identity')
    const prefs = store.keyValueStore('prefs')
    await ids.set('k', Uint8Array.of(1))
    await prefs.set('k', Uint8Array.of(2))
    await prefs.clear()
    expect(await ids.get('k')).toEqual(Uint8Array.of(1))
    await ids.close() // does not close the shared database
    expect(await prefs.keys()).toEqual([])
    store.close()
    const again = new SqliteKeyValueStore(path, { namespace: 'identity' })
    expect(await again.get('k')).toEqual(Uint8Array.of(1))
    await again.close()
  })

  it('rejects misuse with TypeError', async () => {
    const kv = new SqliteKeyValueStore(':memory:')
    await expect(kv.set('k', 'v' as unknown as Uint8Array)).rejects.toBeInstanceOf(TypeError)
    await expect(kv.get(1 as unknown as string)).rejects.toBeInstanceOf(TypeError)
    await kv.close()
  })
})
