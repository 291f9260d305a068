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
      const sent: Uint8Array[] = []
      for (let i = 0; i < 300; i++) sent.push(Uint8Array.from({ length: 1 + ((i * 7919) % link.mtu) }, (_, j) => (i * 31 + j) & 0xff))
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
      expect(sent.findIndex((f, i) => !Buffer.from(f).equals(got[i]!))).toBe(-1)
      await member.stop()
      expect(clock.pendingTimers()).toBe(0)
    } finally {
      child.stdin.end()
      await new Promise((r) => child.once('exit', r))
    }
  })
})
