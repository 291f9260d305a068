/**
 * Fault test in network namespaces: two namespaces joined by two veth pairs, each rate-limited by
 * `tc … tbf` (20 Mbit/s). Path 1 carries Wi-Fi Direct through the userspace impairment proxy
 * (delay, jitter, stalls for loss); path 2 carries the BLE-shaped fallback. The sender's veth of
 * path 1 goes down mid-transfer; the 10 MB file must arrive intact over path 2.
 * Skips (with the reason) where namespaces are not permitted.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnPeer } from './spawn.js'

const tag = `${process.pid % 10_000}`
const NS_A = `bmtmA${tag}`
const NS_B = `bmtmB${tag}`
const dir = mkdtempSync(join(tmpdir(), 'bitmesh-tm-ns-'))

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' })
}
function inNs(ns: string, ...args: string[]): void {
  execFileSync('ip', ['netns', 'exec', ns, ...args], { stdio: 'pipe' })
}

let skipReason: string | undefined
if (typeof process.getuid === 'function' && process.getuid() !== 0) skipReason = 'not root: network namespaces need CAP_NET_ADMIN'
else {
  try {
    ip('netns', 'add', NS_A)
    ip('netns', 'add', NS_B)
  } catch (error) {
    skipReason = `ip netns add failed (${String((error as { stderr?: Buffer }).stderr ?? error).trim()}): namespaces are not permitted here`
  }
}
if (skipReason !== undefined) console.warn(`netns fault test skipped: ${skipReason}`)

beforeAll(() => {
  if (skipReason !== undefined) return
  for (const [n, a, b] of [
    [1, `bmA1${tag}`, `bmB1${tag}`],
    [2, `bmA2${tag}`, `bmB2${tag}`],
  ] as const) {
    ip('link', 'add', a, 'type', 'veth', 'peer', 'name', b)
    ip('link', 'set', a, 'netns', NS_A)
    ip('link', 'set', b, 'netns', NS_B)
    inNs(NS_A, 'ip', 'addr', 'add', `10.77.${n}.1/24`, 'dev', a)
    inNs(NS_B, 'ip', 'addr', 'add', `10.77.${n}.2/24`, 'dev', b)
    inNs(NS_A, 'ip', 'link', 'set', a, 'up')
    inNs(NS_B, 'ip', 'link', 'set', b, 'up')
    inNs(NS_A, 'tc', 'qdisc', 'add', 'dev', a, 'root', 'tbf', 'rate', '20mbit', 'burst', '32kbit', 'latency', '400ms')
    inNs(NS_B, 'tc', 'qdisc', 'add', 'dev', b, 'root', 'tbf', 'rate', '20mbit', 'burst', '32kbit', 'latency', '400ms')
  }
  inNs(NS_A, 'ip', 'link', 'set', 'lo', 'up')
  inNs(NS_B, 'ip', 'link', 'set', 'lo', 'up')
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  if (skipReason !== undefined) return
  for (const ns of [NS_A, NS_B]) {
    try {
      ip('netns', 'del', ns) // deletes the veth ends inside it too
    } catch {
      // already gone
    }
  }
})

describe.skipIf(skipReason !== undefined)('transport manager under faults (network namespaces, tbf, impairment proxy)', () => {
  it('a 10 MB file arrives intact over the fallback after the Wi-Fi veth goes down mid-transfer', async () => {
    const total = 10 * 1024 * 1024
    const receiver = spawnPeer({ ROLE: 'receiver', DIR: dir, BYTES: String(total), FAST_HOST: '10.77.1.2', SLOW_HOST: '10.77.2.2', PROXY: '1' }, NS_B)
    let sender: ReturnType<typeof spawnPeer> | undefined
    try {
      await receiver.waitFor((l) => l.ready === true, 30_000)
      sender = spawnPeer({ ROLE: 'sender', DIR: dir, BYTES: String(total), STALL_MS: '1500' }, NS_A)
      const linked = await sender.waitFor((l) => l.linked === true, 30_000)
      expect(linked.kind).toBe('wifi-direct')
      await sender.waitFor((l) => typeof l.sent === 'number' && l.sent >= 3 * 1024 * 1024, 60_000)
      inNs(NS_A, 'ip', 'link', 'set', `bmA1${tag}`, 'down') // the fast path dies silently: no FIN, no RST
      const done = await receiver.waitFor((l) => l.done === true, 120_000)
      const sent = await sender.waitFor((l) => l.sentAll === true, 30_000)
      expect(done.bytes).toBe(total)
      expect(done.sha256).toBe(sent.sha256)
      expect(sent.stalls).toBeGreaterThanOrEqual(1)
      expect(sent.kind).toBe('ble')
      expect(sender.lines.some((l) => l.event === 'downgrade' && l.from === 'wifi-direct' && l.to === 'ble' && l.reason === 'stall')).toBe(true)
    } finally {
      await sender?.stop()
      await receiver.stop()
    }
  })
})
