/** The chat session logic over two mesh nodes on the in-memory transport (no terminal, no sockets). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMeshNode, cryptoRng, memoryKeyValueStore, systemClock, type PeerInfo } from '@bitmesh/mesh'
import { MemoryNetwork, memoryTransport } from '@bitmesh/transport-compliance/memory'
import { afterAll, describe, expect, it } from 'vitest'
import { parseChatArgs, defaultChatDataDir } from '../src/commands/chat/args.js'
import { fileKeyValueStore } from '../src/commands/chat/file-store.js'
import { ChatSession, resolvePeer } from '../src/commands/chat/session.js'
import { sanitizeForTerminal } from '../src/commands/chat/text.js'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'bitmesh-chat-unit-'))
  dirs.push(d)
  return d
}

async function until(check: () => boolean, what: string, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('ChatSession', () => {
  it('public and private messages, receipts, /peers, /nick, errors and /wipe', { timeout: 60_000 }, async () => {
    const clock = systemClock()
    const rng = cryptoRng()
    const network = new MemoryNetwork({ clock, latencyMs: 1 })
    const make = (address: string, nickname: string, out: string[]) => {
      const transport = memoryTransport({ network, address })
      // One store per chat, as the CLI's file store: /nick keeps the identity.
      const store = memoryKeyValueStore()
      return new ChatSession({
        makeNode: (nick) => createMeshNode({ transports: [transport], clock, rng, store, nickname: nick, autoDial: address === 'a' }),
        nickname,
        saveNickname: async (nick) => void out.push(`(saved ${nick})`),
        print: (line) => void out.push(line),
        formatTime: () => '12:00',
      })
    }
    const outA: string[] = []
    const outB: string[] = []
    const a = make('a', 'alice', outA)
    const b = make('b', 'bob', outB)
    await b.start()
    await a.start()
    const has = (out: string[], text: string): boolean => out.some((l) => l.includes(text))
    await until(() => has(outA, '* bob (') && has(outB, '* alice ('), 'both to join')

    expect(await a.handle('hello room')).toBe('continue')
    expect(outA).toContain('[12:00] <alice> hello room')
    await until(() => has(outB, '<alice> hello room'), 'public message at bob')

    await a.handle('/msg BOB hi bob')
    await until(() => has(outB, '*alice* (private) hi bob'), 'private message at bob')
    await until(() => has(outA, '✓ delivered to bob: hi bob') && has(outA, '✓✓ read by bob: hi bob'), 'receipts at alice')

    await a.handle('/peers')
    expect(outA.at(-1)).toMatch(/^peers \(1\):\n {2}bob {2}[0-9a-f]{16} {2}direct$/)

    await a.handle('/msg')
    expect(outA.at(-1)).toBe('usage: /msg <nick|peerId> text')
    await a.handle('/msg nobody hi')
    expect(outA.at(-1)).toBe('! no reachable peer nobody (see /peers)')
    await a.handle('/frobnicate')
    expect(outA.at(-1)).toBe('unknown command /frobnicate (try /help)')
    await a.handle('/help')
    expect(outA.at(-1)).toContain('/wipe')
    expect(await a.handle('   ')).toBe('continue')

    const idBefore = b.node.peerId
    await b.handle('/nick robert')
    expect(outB).toContain('(saved robert)')
    expect(b.node.peerId).toBe(idBefore)
    await until(() => has(outA, '* robert ('), 'the new nickname at alice')

    expect(await b.handle('/wipe')).toBe('wiped')
    expect(outB.at(-1)).toMatch(/^\* wiped:/)
    expect(b.node.peerId).not.toBe(idBefore)
    expect(await a.handle('/quit')).toBe('quit')
    await a.stop()
  })
})

describe('chat helpers', () => {
  const peer = (peerId: string, nickname: string): PeerInfo => ({ peerId, nickname, fingerprint: '', noisePublicKey: '', signingPublicKey: '', direct: true, lastSeenMs: 0 })
  const peers = [peer('aaaa000000000001', 'ana'), peer('aaaa000000000002', 'Ana'), peer('bbbb000000000003', 'bo')]

  it('resolves peers by ID, nickname and unique prefix, and explains failures', () => {
    expect(resolvePeer(peers, 'bbbb000000000003')).toBe(peers[2])
    expect(resolvePeer(peers, 'BO')).toBe(peers[2])
    expect(resolvePeer(peers, 'bbbb')).toBe(peers[2])
    expect(resolvePeer(peers, 'ana')).toMatch(/^2 peers are called ana/)
    expect(resolvePeer(peers, 'aaaa')).toBe('peer ID prefix aaaa is ambiguous')
    expect(resolvePeer(peers, 'zed')).toBe('no reachable peer zed (see /peers)')
  })

  it('neutralises terminal control sequences in remote text', () => {
    expect(sanitizeForTerminal('hi\u001b[2J\u001b]0;pwned\u0007there\nnext\u009b')).toBe('hi\ufffd[2J\ufffd]0;pwned\ufffdthere\ufffdnext\ufffd')
    expect(sanitizeForTerminal('tab\tok')).toBe('tab\tok')
    expect(sanitizeForTerminal('x'.repeat(20), 5)).toBe('xxxxx…')
  })

  it('parses the command line', () => {
    const env = { XDG_CONFIG_HOME: '/cfg' }
    const o = parseChatArgs(['--nick', 'ana', '--peer', '10.0.0.2:7878', '--peer', 'h:1', '--no-mdns', '--port', '0'], env)
    expect(o).toMatchObject({ nick: 'ana', peers: ['10.0.0.2:7878', 'h:1'], mdns: false, port: 0 })
    expect(parseChatArgs([], env)).toMatchObject({ port: 7878, mdns: true, peers: [], nick: undefined, dataDir: defaultChatDataDir(env) })
    expect(parseChatArgs(['--help'], env)).toBe('help')
    for (const bad of [['--port', 'x'], ['--port', '70000'], ['--peer', 'nope'], ['--nick', ' '], ['--mdns-interface', 'eth0'], ['--bogus'], ['extra']]) {
      expect(parseChatArgs(bad, env), bad.join(' ')).toHaveProperty('error')
    }
  })

  it('keeps the store on disk across reopen; clear empties it; a corrupt file starts fresh', async () => {
    const dir = tmp()
    const path = join(dir, 'sub', 'store.json')
    const s1 = await fileKeyValueStore(path)
    await s1.set('k/1', new Uint8Array([1, 2, 3]))
    await s1.set('k/2', new Uint8Array([4]))
    await s1.set('other', new Uint8Array([5]))
    await s1.delete('k/2')
    await s1.close()
    await expect(s1.get('k/1')).rejects.toThrow()
    const s2 = await fileKeyValueStore(path)
    expect(await s2.get('k/1')).toEqual(new Uint8Array([1, 2, 3]))
    expect(await s2.keys('k/')).toEqual(['k/1'])
    await s2.clear()
    await s2.close()
    expect(await (await fileKeyValueStore(path)).keys()).toEqual([])
    writeFileSync(path, '{not json')
    expect(await (await fileKeyValueStore(path)).keys()).toEqual([])
  })
})
