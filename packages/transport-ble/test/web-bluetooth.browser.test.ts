/**
 * Browser smoke: the `web-bluetooth` subpath, bundled with esbuild for the browser, loads in real
 * Chromium (headless, playwright-core) and its feature detection agrees with what Chromium itself
 * says. Headless Chromium on a machine without a Bluetooth adapter has either no
 * `navigator.bluetooth` or `getAvailability()` false, so no connection is attempted here.
 * Skips, saying so, when Chromium is not installed.
 */
import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH)
const ENTRY = fileURLToPath(new URL('../src/web-bluetooth/index.ts', import.meta.url))
const INTERFACE = fileURLToPath(new URL('../../interface/src/index.ts', import.meta.url))
const BROWSER_TIMEOUT_MS = 90_000

if (!HAVE_CHROMIUM) console.warn(`web-bluetooth browser smoke skipped: Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`)

/** What the page reports: Chromium's own answers and the adapter module's. */
interface PageReport {
  secure: boolean
  rawApi: boolean
  rawAvailable: boolean | null
  detected: { api: boolean; available: boolean | undefined; leScan: boolean; grantedDevices: boolean }
  adapter: { ok: true; roles: unknown } | { ok: false; name: string; code: unknown }
  /** Outcome of `adapter.requestDevice()` without a user gesture: the DOMException name. */
  requestDevice?: string
}

/** The page: Chromium's own answers, then the bundled module's. */
const PAGE_SCRIPT = `
import { detectWebBluetooth, webBluetoothAdapter } from './bundle.js'
const report = { secure: isSecureContext, rawApi: 'bluetooth' in navigator && !!navigator.bluetooth, rawAvailable: null }
if (report.rawApi && typeof navigator.bluetooth.getAvailability === 'function') {
  try { report.rawAvailable = await navigator.bluetooth.getAvailability() } catch { report.rawAvailable = false }
}
report.detected = await detectWebBluetooth()
try {
  const adapter = webBluetoothAdapter()
  report.adapter = { ok: true, roles: adapter.roles }
  // No click happened: Chromium must refuse the chooser, and the adapter must pass that through.
  report.requestDevice = await adapter.requestDevice().then((id) => 'resolved ' + id, (error) => error.name)
} catch (error) {
  report.adapter = { ok: false, name: error.name, code: error.code }
}
window.__REPORT__ = report
`

describe.skipIf(!HAVE_CHROMIUM)('web-bluetooth in headless Chromium', () => {
  let server: Server | undefined
  let origin = ''

  beforeAll(async () => {
    const { build } = await import('esbuild')
    const out = await build({
      entryPoints: [ENTRY],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      alias: { '@bitmesh/interface': INTERFACE },
      logLevel: 'silent',
    })
    const bundle = out.outputFiles[0]!.text
    const files: Record<string, [string, string]> = {
      '/': ['text/html', '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>'],
      '/page.js': ['text/javascript', PAGE_SCRIPT],
      '/bundle.js': ['text/javascript', bundle],
    }
    server = createServer((req, res) => {
      const file = files[req.url ?? '/']
      if (file === undefined) res.writeHead(404).end()
      else res.writeHead(200, { 'content-type': file[0] }).end(file[1])
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
  }, BROWSER_TIMEOUT_MS)

  afterAll(async () => {
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())))
  })

  // Linux Chromium ships Web Bluetooth behind a flag: without it the API is absent; with
  // experimental web platform features it is present (with requestLEScan) and reports no adapter.
  it.each([
    { flags: [] as string[], label: 'default flags' },
    { flags: ['--enable-experimental-web-platform-features'], label: 'experimental web platform features' },
  ])(
    'loads the bundle and detects what Chromium reports ($label)',
    async ({ flags }) => {
      const { chromium } = await import('playwright-core')
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu', ...flags] })
      try {
        const page = await browser.newPage()
        const pageErrors: string[] = []
        page.on('pageerror', (e) => pageErrors.push(String(e)))
        await page.goto(origin) // 127.0.0.1 is a secure context, as Web Bluetooth requires
        await page.waitForFunction(() => (globalThis as unknown as { __REPORT__?: unknown }).__REPORT__ !== undefined, undefined, { timeout: 30_000 })
        const report = (await page.evaluate(() => (globalThis as unknown as { __REPORT__: unknown }).__REPORT__)) as PageReport
        expect(pageErrors).toEqual([])
        expect(report.secure).toBe(true)
        expect(report.detected.api).toBe(report.rawApi)
        if (flags.length > 0) expect(report.rawApi).toBe(true) // the flag did expose the API: the branch below is exercised
        if (report.rawApi) {
          expect(report.detected.available).toBe(report.rawAvailable ?? undefined)
          expect(report.detected.leScan).toBe(true)
          expect(['SecurityError', 'NotFoundError']).toContain(report.requestDevice)
          expect(report.adapter).toEqual({ ok: true, roles: { central: true, peripheral: false } })
        } else {
          expect(report.detected).toEqual({ api: false, available: false, leScan: false, grantedDevices: false })
          expect(report.adapter).toEqual({ ok: false, name: 'WebBluetoothUnavailableError', code: 'UNSUPPORTED' })
        }
        // No adapter on this machine: Chromium must not claim Bluetooth is usable.
        expect(report.detected.api && report.detected.available === true).toBe(false)
        console.info(`Chromium (${flags.join(' ') || 'default flags'}): navigator.bluetooth ${report.rawApi ? 'present' : 'absent'}, getAvailability() → ${String(report.rawAvailable)}, requestDevice() without a gesture → ${report.requestDevice ?? 'n/a'}`)
      } finally {
        await browser.close()
      }
    },
    BROWSER_TIMEOUT_MS,
  )
})
