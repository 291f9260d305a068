/** Two Node processes exchange frames over the real TCP data plane (parent = member, child = owner). */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { wifiDirectTransport } from '../src/index.js'
import { fileDirectory, nodeWifiP2pAdapter } from '../src/node/index.js'
import { RealClock } from '../../stream-link/test/helpers/real.js'

const dir = mkdtempSync(join(tmpdir(), 'bitmesh-wfd-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('wifi-direct across two processes', () => {
  it('a member in this process and an owner in a child echo 300 frames of every size intact and in order', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/echo-owner.ts', import.meta.url))], {
      env: { ...process.env, BITMESH_DIR: dir, TSX_TSCONFIG_PATH: '/work/main/tsconfig.check.json' },
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve())
        child.once('exit', (code) => reject(new Error(`child exited early (${code})`)))
      })
      const clock = new RealClock()
      const member = wifiDirectTransport({ adapter: nodeWifiP2pAdapter({ deviceAddress: 'parent-member', directory: fileDirectory(dir), clock }), role: 'member', clock })
      await member.start()
      const link = await member.dial('child-owner')
      expect(link.remoteAddress).toBe('child-owner')
      expect(link.mtu).toBe(65_536)
      const sent: Uint8Array[] = []
      for (let i = 0; i < 300; i++) {
        const len = 1 + ((i * 7919) % link.mtu)
        sent.push(Uint8Array.from({ length: len }, (_, j) => (i * 31 + j) & 0xff))
      }
      const got: Uint8Array[] = []
      let echoedBytes = 0
      let wakeSender: (() => void) | undefined
      const done = new Promise<void>((resolve) =>
        link.on('frame', (f) => {
          echoedBytes += f.length
          wakeSender?.()
          if (got.push(f) === sent.length) resolve()
        }),
      )
      // The echo side cannot push back on what it receives (the Link contract has no receive
      // window), so keep at most 1 MiB in flight: its send queue then never overflows.
      let sentBytes = 0
      for (const frame of sent) {
        while (sentBytes - echoedBytes > 1024 * 1024) await new Promise<void>((r) => (wakeSender = r))
        sentBytes += frame.length
        if (!link.send(frame)) await new Promise<void>((r) => { const off = link.on('drain', () => { off(); r() }) })
      }
      await done
      expect(got.length).toBe(sent.length)
      // Buffer.equals: vitest's deep equality walks 10 MB element by element.
      const mismatched = sent.findIndex((f, i) => !Buffer.from(f).equals(got[i]!))
      expect(mismatched).toBe(-1)
      await member.stop()
      expect(clock.pendingTimers()).toBe(0)
    } finally {
      child.stdin.end()
      await new Promise((r) => child.once('exit', r))
    }
  })
})
