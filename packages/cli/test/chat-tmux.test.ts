/**
 * `bitmesh chat` end to end: three real processes in tmux, inside a private network namespace
 * whose loopback carries multicast (so mDNS never leaves it), discover each other, chat in public,
 * exchange a private message with delivered / read marks, list peers, and keep their peer ID across
 * a restart. Assertions are on the captured screens; waits poll with generous deadlines and no
 * timing is asserted. Skipped, with the reason, without tmux or network namespaces (CI installs
 * tmux and runs as root).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNetns, type Netns } from '../../transport-lan/test/helpers/netns.js'
import { repoRoot } from './helpers.js'

const TMUX = ['/usr/bin/tmux', '/usr/local/bin/tmux', '/opt/homebrew/bin/tmux'].find((p) => existsSync(p))
const socket = `bm-chat-${process.pid}`
const ns: Netns | { ok: false; reason: string } = TMUX === undefined ? { ok: false, reason: 'tmux is not installed (apt-get install tmux)' } : createNetns('chat')
if (!ns.ok) console.warn(`[cli] skipping the bitmesh chat tmux test: ${ns.reason}`)

/** The built CLI when it is current (has the chat command), else the sources through tsx. */
function bitmeshCommand(): string[] {
  const dist = join(repoRoot, 'packages/cli/dist')
  const bin = join(dist, 'bin.js')
  const built =
    existsSync(bin) &&
    readdirSync(dist).some((f) => f.endsWith('.js') && readFileSync(join(dist, f), 'utf8').includes('Usage: bitmesh chat'))
  // BITMESH_CHAT_FROM_SOURCE=1 forces the sources (to test them without a build).
  return built && process.env.BITMESH_CHAT_FROM_SOURCE !== '1' ? [process.execPath, bin] : ['env', 'TSX_TSCONFIG_PATH=tsconfig.check.json', process.execPath, '--import', 'tsx', join(repoRoot, 'packages/cli/src/bin.ts')]
}

const dataRoot = mkdtempSync(join(tmpdir(), 'bitmesh-chat-'))
const tmux = (...args: string[]): string => execFileSync(TMUX!, ['-L', socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`

function launch(nick: string): void {
  if (!ns.ok) throw new Error('no namespace')
  const cmd = [...ns.exec, ...bitmeshCommand(), 'chat', '--nick', nick, '--data-dir', join(dataRoot, nick), '--mdns-interface', '127.0.0.1', '--port', '0']
  // Keep the pane after exit so the screen can still be read.
  const shell = `cd ${quote(repoRoot)} && ${cmd.map(quote).join(' ')}; echo "[exited $?]"; sleep 600`
  tmux('new-session', '-d', '-s', nick, '-x', '200', '-y', '50', shell)
}

function screen(nick: string): string {
  return tmux('capture-pane', '-p', '-J', '-S', '-500', '-t', nick)
}

function type(nick: string, line: string): void {
  tmux('send-keys', '-t', nick, '-l', line)
  tmux('send-keys', '-t', nick, 'Enter')
}

async function until(check: () => boolean, what: string, deadlineMs = 90_000): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!check()) {
    if (Date.now() > end) {
      const screens = ['alice', 'bob', 'carol'].map((n) => `── ${n} ──\n${safeScreen(n)}`).join('\n')
      throw new Error(`timed out waiting for ${what}\n${screens}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
}

function safeScreen(nick: string): string {
  try {
    return screen(nick)
  } catch {
    return '(no session)'
  }
}

const bannerId = (text: string): string | undefined => /you are \S+ \(([0-9a-f]{16})\)/.exec(text)?.[1]

describe.skipIf(!ns.ok)('bitmesh chat (3 processes in tmux, mDNS in a network namespace)', () => {
  beforeAll(() => {
    for (const nick of ['alice', 'bob', 'carol']) launch(nick)
  })

  afterAll(() => {
    try {
      tmux('kill-server')
    } catch {}
    if (ns.ok) {
      // Anything still alive in the namespace (the panes' processes) goes with it.
      try {
        const pids = execFileSync(ns.exec[0]!, ['netns', 'pids', ns.name], { encoding: 'utf8' }).split(/\s+/).filter(Boolean)
        for (const pid of pids) {
          try {
            process.kill(Number(pid), 'SIGKILL')
          } catch {}
        }
      } catch {}
      ns.remove()
    }
    rmSync(dataRoot, { recursive: true, force: true })
  })

  it('discovers, chats in public and in private with delivered/read marks, lists peers', { timeout: 300_000 }, async () => {
    const others = { alice: ['bob', 'carol'], bob: ['alice', 'carol'], carol: ['alice', 'bob'] } as const
    await until(
      () => Object.entries(others).every(([me, them]) => them.every((o) => new RegExp(`\\* ${o} \\([0-9a-f]{16}\\) joined`).test(safeScreen(me)))),
      'every chat to see the other two join',
    )

    const hello = `hello from alice ${process.pid}`
    type('alice', hello)
    await until(() => screen('bob').includes(`<alice> ${hello}`) && screen('carol').includes(`<alice> ${hello}`), 'the public message at bob and carol')

    const secret = `psst bob ${process.pid}`
    type('alice', `/msg bob ${secret}`)
    await until(() => screen('bob').includes(`*alice* (private) ${secret}`), 'the private message at bob')
    await until(() => screen('alice').includes(`✓ delivered to bob: ${secret}`), 'the delivered mark at alice')
    await until(() => screen('alice').includes(`✓✓ read by bob: ${secret}`), 'the read mark at alice')
    expect(screen('carol')).not.toContain(secret)

    type('alice', '/peers')
    await until(() => screen('alice').includes('peers (2):'), '/peers output')
    const peers = screen('alice').split('peers (2):')[1]!.split('\n').slice(1, 3).join('\n')
    expect(peers).toMatch(/^\s+bob\s+[0-9a-f]{16}\s+direct$/m)
    expect(peers).toMatch(/^\s+carol\s+[0-9a-f]{16}\s+direct$/m)
  })

  it('/quit leaves (the others see it) and a restart keeps the peer ID', { timeout: 300_000 }, async () => {
    const before = bannerId(screen('bob'))
    expect(before).toBeDefined()
    type('bob', '/quit')
    await until(() => screen('bob').includes('[exited 0]'), 'bob to exit cleanly')
    await until(() => screen('alice').includes(`(${before}) left (leave)`), 'alice to see bob leave')
    tmux('kill-session', '-t', 'bob')
    launch('bob')
    await until(() => bannerId(screen('bob')) !== undefined, 'bob to start again')
    expect(bannerId(screen('bob'))).toBe(before)
    await until(() => screen('bob').includes('* alice (') && screen('bob').includes('* carol ('), 'bob to see the others again')
  })

  it('/wipe destroys the identity and exits; the next start has a new peer ID', { timeout: 300_000 }, async () => {
    const before = bannerId(screen('carol'))
    type('carol', '/wipe')
    await until(() => screen('carol').includes('[exited 0]'), 'carol to exit after the wipe')
    expect(screen('carol')).toContain('* wiped:')
    tmux('kill-session', '-t', 'carol')
    launch('carol')
    await until(() => bannerId(screen('carol')) !== undefined, 'carol to start again')
    const after = bannerId(screen('carol'))
    expect(after).not.toBe(before)
  })
})
