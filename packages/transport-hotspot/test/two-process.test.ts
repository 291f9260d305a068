/**
 * Two Node processes: a head in a child process, a member here. The credential exchange runs
 * over the child's stdin/stdout (standing in for BLE), then frames flow over real TCP.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultCryptoProvider as crypto } from '@bitmesh/crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { hotspotTransport, HotspotCredentialRequester } from '../src/index.js'
import { fileDirectory, nodeHotspotAdapter } from '../src/node/index.js'
import { RealClock } from '../../stream-link/test/helpers/real.js'
import { seededRng } from '../../stream-link/test/helpers/virtual.js'
import { echoRoundTrip, firstMismatch } from '../../stream-link/test/helpers/echo.js'

const dir = mkdtempSync(join(tmpdir(), 'bitmesh-hs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('hotspot across two processes', () => {
  it('a member gets credentials over the stand-in BLE channel, joins, and 300 frames echo back intact; a replayed request is refused', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/echo-head.ts', import.meta.url))], {
      env: { ...process.env, BITMESH_DIR: dir, TSX_TSCONFIG_PATH: '/work/main/tsconfig.check.json' },
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const lines: string[] = []
    let wake: (() => void) | undefined
    let buffered = ''
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString()
      const parts = buffered.split('\n')
      buffered = parts.pop()!
      lines.push(...parts)
      wake?.()
    })
    const nextLine = async (): Promise<string> => {
      while (lines.length === 0) await new Promise<void>((r) => (wake = r))
      return lines.shift()!
    }
    try {
      const [ready, fingerprintHex] = (await nextLine()).split(' ')
      expect(ready).toBe('ready')
      const clock = new RealClock()
      const requester = new HotspotCredentialRequester({ crypto, clock, rng: { next: () => 0.5, randomBytes: (n) => crypto.randomBytes(n) } })
      const request = requester.createRequest()
      child.stdin.write(`REQ ${Buffer.from(request).toString('hex')}\n`)
      const [verb, offerHex] = (await nextLine()).split(' ')
      expect(verb).toBe('OFFER')
      const credentials = requester.acceptOffer(Buffer.from(offerHex!, 'hex'), Buffer.from(fingerprintHex!, 'hex'))
      child.stdin.write(`REQ ${Buffer.from(request).toString('hex')}\n`)
      expect(await nextLine()).toBe('ERR REPLAY')

      const member = hotspotTransport({ adapter: nodeHotspotAdapter({ label: 'parent-member', directory: fileDirectory(dir), rng: seededRng(1) }), role: 'member', clock })
      await member.start()
      member.useCredentials(credentials)
      const link = await member.dial(credentials.ssid)
      expect(link.remoteAddress).toBe(credentials.ssid)
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
