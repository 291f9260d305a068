/**
 * Two Node processes move a file over the manager on loopback: Wi-Fi Direct (real TCP) with a
 * BLE-shaped fallback (second TCP path, kind `ble`, MTU 514). The sender closes its Wi-Fi link
 * mid-transfer; the file must arrive intact, once, over the fallback.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnPeer } from './spawn.js'

const dir = mkdtempSync(join(tmpdir(), 'bitmesh-tm-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('transport manager across two processes (loopback)', () => {
  it('upgrades to Wi-Fi, loses it mid-transfer, and delivers 4 MiB intact over the BLE-shaped fallback', async () => {
    const bytes = String(4 * 1024 * 1024)
    const receiver = spawnPeer({ ROLE: 'receiver', DIR: dir, BYTES: bytes })
    let sender: ReturnType<typeof spawnPeer> | undefined
    try {
      await receiver.waitFor((l) => l.ready === true, 30_000)
      sender = spawnPeer({ ROLE: 'sender', DIR: dir, BYTES: bytes, CUT_AT_BYTES: String(1024 * 1024) })
      const linked = await sender.waitFor((l) => l.linked === true, 30_000)
      expect(linked.kind).toBe('wifi-direct')
      const done = await receiver.waitFor((l) => l.done === true, 120_000)
      const sent = await sender.waitFor((l) => l.sentAll === true, 30_000)
      expect(done.bytes).toBe(4 * 1024 * 1024)
      expect(done.sha256).toBe(sent.sha256)
      expect(sent.kind).toBe('ble')
      expect(sender.lines.some((l) => l.event === 'upgrade' && l.to === 'wifi-direct')).toBe(true)
      expect(sender.lines.some((l) => l.event === 'downgrade' && l.from === 'wifi-direct' && l.to === 'ble')).toBe(true)
    } finally {
      await sender?.stop()
      await receiver.stop()
    }
  })
})
