/** Two Node processes exchange frames over the emulated Multipeer session (real TCP). */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { multipeerTransport } from '../src/index.js'
import { fileDirectory, nodeMultipeerAdapter } from '../src/node/index.js'
import { RealClock } from '../../stream-link/test/helpers/real.js'
import { echoRoundTrip, firstMismatch } from '../../stream-link/test/helpers/echo.js'

const dir = mkdtempSync(join(tmpdir(), 'bitmesh-mpc-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('multipeer across two processes', () => {
  it('this process invites a peer in a child process and 300 frames of every size echo back intact and in order', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/echo-peer.ts', import.meta.url))], {
      env: { ...process.env, BITMESH_DIR: dir, TSX_TSCONFIG_PATH: '/work/main/tsconfig.check.json' },
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve())
        child.once('exit', (code) => reject(new Error(`child exited early (${code})`)))
      })
      const clock = new RealClock()
      const me = multipeerTransport({ adapter: nodeMultipeerAdapter({ peerId: 'parent', directory: fileDirectory(dir), clock }), clock })
      await me.start()
      const link = await me.dial('child')
      expect(link.remoteAddress).toBe('child')
      const { sent, got } = await echoRoundTrip(link)
      expect(got.length).toBe(sent.length)
      expect(firstMismatch(sent, got)).toBe(-1)
      await me.stop()
      expect(clock.pendingTimers()).toBe(0)
    } finally {
      child.stdin.end()
      await new Promise((r) => child.once('exit', r))
    }
  })
})
