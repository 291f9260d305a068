/**
 * End to end in Debian's Chromium (driven by playwright-core): build the page with Vite, serve it
 * on a loopback port, run scenarios through the controls, screenshot, and check the numbers the
 * page shows. Skips, saying why, when Chromium is not installed (`apt-get install -y chromium`).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const HAVE_CHROMIUM = existsSync(CHROMIUM)
if (!HAVE_CHROMIUM) {
  console.warn(`[visualizer] skipping the browser tests: no Chromium at ${CHROMIUM} (install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH)`)
}

const root = fileURLToPath(new URL('..', import.meta.url))
/** Where screenshots go (kept after the run; printed). */
const shotDir = process.env.VISUALIZER_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'bitmesh-visualizer-'))

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
}

/** A static file server for the built page, loopback only. */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '')
    let file = join(dir, rel)
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' })
    res.end(readFileSync(file))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

/** A stat's raw number (`data-value`), or NaN. */
async function statValue(page: Page, id: string): Promise<number> {
  const raw = await page.locator(`#${id}`).getAttribute('data-value')
  return raw === null ? Number.NaN : Number(raw)
}

async function statText(page: Page, id: string): Promise<string> {
  return (await page.locator(`#${id}`).textContent())?.trim() ?? ''
}

describe.skipIf(!HAVE_CHROMIUM)('visualizer in headless Chromium', () => {
  let server: Server
  let browser: Browser
  let baseUrl: string
  let outDir: string | undefined
  const pageErrors: string[] = []

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'bitmesh-visualizer-dist-'))
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } })
    server = await serve(outDir)
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true })
    console.info(`[visualizer] screenshots in ${shotDir}`)
  })

  async function openPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    page.on('pageerror', (err) => pageErrors.push(err.message))
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text())
    })
    await page.goto(baseUrl)
    await page.waitForSelector('#controls[data-ready="true"]')
    return page
  }

  it('runs two-nodes to completion: delivery ratio 1, snapshots drawn, screenshot', async () => {
    const page = await openPage()
    // The catalog came from the simulator in the worker.
    const options = await page.locator('#builtin option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value))
    expect(options).toContain('two-nodes')
    expect(await page.locator('#policy option').count()).toBeGreaterThan(1)

    await page.selectOption('#builtin', 'two-nodes')
    expect(await page.inputValue('#nodes')).toBe('2')
    await page.selectOption('#speed', '0')
    await page.click('#run')
    await page.waitForSelector('body[data-state="done"]', { timeout: 120_000 })

    const shot = join(shotDir, 'two-nodes.png')
    await page.screenshot({ path: shot, fullPage: true })
    expect(statSync(shot).size).toBeGreaterThan(10_000)

    expect(await statText(page, 'status')).toBe('done')
    expect(await statText(page, 'delivery-ratio')).toBe('1')
    expect(await statValue(page, 'delivery-ratio')).toBe(1)
    expect(await statValue(page, 'frames')).toBeGreaterThan(0)
    const sent = await statValue(page, 'public-sent')
    expect(sent).toBeGreaterThan(0)
    // Two nodes: every public message has exactly one expected receiver.
    expect(await statValue(page, 'public-expected')).toBe(sent)
    expect(await statValue(page, 'public-delivered')).toBe(sent)
    expect(await statValue(page, 'private-delivered')).toBe(await statValue(page, 'private-sent'))
    expect(await statValue(page, 'latency-p50')).toBeGreaterThan(0)
    expect(await statValue(page, 'air-frames')).toBeGreaterThan(0)
    expect(await statValue(page, 'virtual-time')).toBe(60)
    expect(pageErrors).toEqual([])
    await page.close()
  })

  it('draws a walking crowd with links and waves while it runs, and Stop ends the run', async () => {
    const page = await openPage()
    await page.selectOption('#builtin', 'room-25')
    await page.fill('#nodes', '12')
    await page.selectOption('#mobility', 'walking')
    await page.selectOption('#policy', 'flood')
    // Paced at 10× and long enough (120 s ⇒ at least 12 s of wall time) to be still running at Stop.
    await page.fill('#duration', '120')
    await page.selectOption('#speed', '10')
    await page.click('#run')
    // Traffic starts at 15 s: wait until messages have been delivered and links are drawn.
    await page.waitForFunction(() => Number(document.getElementById('public-delivered')?.dataset.value ?? 0) > 5, undefined, {
      timeout: 120_000,
    })
    expect(await statValue(page, 'open-links')).toBeGreaterThan(0)
    expect(await statText(page, 'node-count')).toBe('12')
    await page.screenshot({ path: join(shotDir, 'room-12-walking.png'), fullPage: true })
    // Pixels of the crowd canvas: links (blue) and nodes (dark) must be there.
    const painted = await page.evaluate(() => {
      const canvas = document.getElementById('crowd') as HTMLCanvasElement
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
      let dark = 0
      let coloured = 0
      for (let k = 0; k < data.length; k += 4) {
        const [r, g, b, a] = [data[k]!, data[k + 1]!, data[k + 2]!, data[k + 3]!]
        if (a > 200 && r < 80 && g < 100 && b < 120) dark++
        else if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++
      }
      return { dark, coloured }
    })
    expect(painted.dark).toBeGreaterThan(50)
    expect(painted.coloured).toBeGreaterThan(50)

    await page.click('#stop')
    await page.waitForSelector('body[data-state="stopped"]')
    const framesAtStop = await statValue(page, 'frames')
    await page.waitForTimeout(500)
    // No snapshot arrives after Stop: the worker is gone.
    expect(await statValue(page, 'frames')).toBe(framesAtStop)
    expect(pageErrors).toEqual([])
    await page.close()
  })

  it('paces a run to the chosen speed, snapshotting all along', async () => {
    const page = await openPage()
    await page.selectOption('#builtin', 'two-nodes')
    await page.fill('#duration', '20')
    await page.selectOption('#speed', '10')
    await page.click('#run')
    await page.waitForSelector('body[data-state="done"]', { timeout: 120_000 })
    // 20 virtual s at 10× cannot end before 2 s of wall time (the pacer holds it back), and a
    // snapshot goes out every 100 ms meanwhile: a lower bound by construction, not a speed figure.
    expect(await statValue(page, 'frames')).toBeGreaterThan(10)
    expect(await statValue(page, 'wall-time')).toBeGreaterThanOrEqual(1.9)
    expect(await statText(page, 'delivery-ratio')).toBe('1')
    await page.close()
  })

  it('warns about a run too short for traffic, and shows the schema error for a crowd the simulator refuses', async () => {
    const page = await openPage()
    await page.selectOption('#builtin', 'room-25')
    expect(await statText(page, 'warning')).toBe('')
    await page.fill('#duration', '20')
    expect(await statText(page, 'warning')).toContain('No messages will be sent')
    await page.selectOption('#builtin', 'two-nodes')
    await page.fill('#nodes', '0')
    await page.click('#run')
    await page.waitForSelector('body[data-state="error"]')
    expect(await page.locator('#error').textContent()).toContain('nodes.count')
    await page.close()
  })
})
