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
import { echoRoundTrip, firstMismatch } from '../../stream-link/test/helpers/echo.js'

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
      const { sent, got } = await echoRoundTrip(link)
      expect(got.length).toBe(sent.length)
      expect(firstMismatch(sent, got)).toBe(-1)
      await member.stop()
      expect(clock.pendingTimers()).toBe(0)
    } finally {
      child.stdin.end()
      await new Promise((r) => child.once('exit', r))
    }
  })
})
