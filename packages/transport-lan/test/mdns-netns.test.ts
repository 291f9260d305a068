/**
 * Real mDNS between processes: three Node processes in a private network namespace (multicast on
 * its loopback only) announce, browse, and link up by the lower-id rule. Skipped, with the reason,
 * where namespaces cannot be made (not root, no iproute2).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNetns, type Netns } from './helpers/netns.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const fixture = fileURLToPath(new URL('./fixtures/mdns-node.ts', import.meta.url))
const ns: Netns = createNetns('lan')
if (!ns.ok) console.warn(`[transport-lan] skipping the mDNS namespace test: ${ns.reason}`)

interface Proc {
  child: ChildProcess
  lines: Array<Record<string, unknown>>
}
const procs: Proc[] = []

function launch(nodeId: string): Proc {
  if (!ns.ok) throw new Error('no namespace')
  const [cmd, ...args] = ns.exec
  const child = spawn(cmd!, [...args, process.execPath, '--import', 'tsx', fixture, nodeId, '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.check.json' },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const proc: Proc = { child, lines: [] }
  let buf = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    buf += chunk.toString()
    let nl
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl)
      buf = buf.slice(nl + 1)
      try {
        proc.lines.push(JSON.parse(line) as Record<string, unknown>)
      } catch {}
    }
  })
  procs.push(proc)
  return proc
}

async function until(check: () => boolean, what: string, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const links = (p: Proc): Map<string, number> => {
  const open = new Map<string, number>()
  for (const l of p.lines) {
    const id = String(l.id)
    if (l.event === 'link') open.set(id, (open.get(id) ?? 0) + 1)
    if (l.event === 'unlink') open.set(id, (open.get(id) ?? 0) - 1)
  }
  for (const [k, v] of open) if (v === 0) open.delete(k)
  return open
}

describe.skipIf(!ns.ok)('lan transport over real mDNS (network namespace)', () => {
  beforeAll(() => {
    for (const id of ['1111aaaa', '2222bbbb', '3333cccc']) launch(id)
  })

  afterAll(async () => {
    for (const p of procs) p.child.stdin?.end()
    await Promise.all(procs.map((p) => new Promise<void>((resolve) => {
      if (p.child.exitCode !== null) return resolve()
      const kill = setTimeout(() => p.child.kill('SIGKILL'), 5_000)
      p.child.once('exit', () => {
        clearTimeout(kill)
        resolve()
      })
    })))
    if (ns.ok) ns.remove()
  })

  it('three processes find each other and open one link per pair', async () => {
    const [a, b, c] = procs as [Proc, Proc, Proc]
    await until(() => [a, b, c].every((p) => links(p).size === 2), 'a full mesh of links')
    expect([...links(a).entries()].sort()).toEqual([['2222bbbb', 1], ['3333cccc', 1]])
    expect([...links(b).entries()].sort()).toEqual([['1111aaaa', 1], ['3333cccc', 1]])
    expect([...links(c).entries()].sort()).toEqual([['1111aaaa', 1], ['2222bbbb', 1]])
    // Lower id dials: a only dials, c only accepts.
    expect(a.lines.filter((l) => l.event === 'link').every((l) => l.direction === 'outbound')).toBe(true)
    expect(c.lines.filter((l) => l.event === 'link').every((l) => l.direction === 'inbound')).toBe(true)
    expect(a.lines.some((l) => l.event === 'discovered' && String(l.address).startsWith('3333cccc@127.0.0.1:'))).toBe(true)
    expect(procs.flatMap((p) => p.lines).filter((l) => l.event === 'error')).toEqual([])
  })

  it('a stopped node says goodbye: the others drop its link', async () => {
    const [a, b, c] = procs as [Proc, Proc, Proc]
    c.child.stdin!.end()
    await until(() => c.child.exitCode !== null, 'c to exit', 20_000)
    await until(() => !links(a).has('3333cccc') && !links(b).has('3333cccc'), 'links to c to close', 20_000)
    expect(links(a).get('2222bbbb')).toBe(1)
  })
})
