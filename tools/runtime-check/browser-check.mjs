#!/usr/bin/env node
/**
 * Runtime check 2: the portable packages in a browser. Vite bundles the pages in browser/ (from a
 * consumer folder that imports the built packages by name), a loopback HTTP server serves them,
 * and Debian's Chromium runs them headless through playwright-core. Each page publishes its check
 * results on `window.__BITMESH_RESULTS__`. Skips, saying so, when Chromium is not installed
 * (`apt-get install chromium`; .ci/run does). Ends with `browser-runtime: N passed, M failed`.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { finish, judge } from './entries.mjs'
import { createConsumer } from './workspace-link.mjs'

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// No background traffic: this machine has no network but loopback (see .ci/run).
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const PAGE_TIMEOUT_MS = 90_000
/** Pages: HTML file → the check names it reports if it cannot be built or loaded. */
const PAGES = { 'index.html': ['page'], 'simulator.html': ['simulator'] }

if (!existsSync(CHROMIUM_PATH)) {
  console.log(`browser-runtime: skipped, Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`)
  console.log('browser-runtime: 0 passed, 0 failed')
  process.exit(0)
}

const { build } = await import('vite')
const { chromium } = await import('playwright-core')

const CONTENT_TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' }

/** Static server for one folder on 127.0.0.1 (random port). */
async function serve(dir) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
    const file = join(dir, path === '/' ? 'index.html' : path)
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, origin: `http://127.0.0.1:${server.address().port}` }
}

/** Vite production build of one page; returns the output folder or the build error. */
async function bundlePage(root, page) {
  const outDir = join(root, `dist-${page.replace(/\.html$/, '')}`)
  try {
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(root, page) }, reportCompressedSize: false },
    })
    return { outDir }
  } catch (err) {
    return { error: String(err?.message ?? err).split('\n').filter(Boolean).slice(0, 3).join(' ') }
  }
}

const consumer = createConsumer('browser-check')
cpSync(fileURLToPath(new URL('./browser', import.meta.url)), consumer.dir, { recursive: true })
const results = []
let browser
try {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true })
  for (const [page, names] of Object.entries(PAGES)) {
    const bundled = await bundlePage(consumer.dir, page)
    if (bundled.error) {
      for (const name of names) results.push({ name, ok: false, detail: `Vite build failed: ${bundled.error}` })
      continue
    }
    const { server, origin } = await serve(bundled.outDir)
    const tab = await browser.newPage()
    const errors = []
    tab.on('pageerror', (err) => errors.push(err.message))
    try {
      await tab.goto(`${origin}/${page}`)
      await tab.waitForFunction(() => window.__BITMESH_RESULTS__?.done === true, null, { timeout: PAGE_TIMEOUT_MS })
      const report = await tab.evaluate(() => window.__BITMESH_RESULTS__)
      results.push(...report.results)
    } catch (err) {
      const why = errors.length > 0 ? errors.join(' | ') : String(err?.message ?? err).split('\n')[0]
      for (const name of names) results.push({ name, ok: false, detail: `page did not finish: ${why}` })
    } finally {
      await tab.close()
      server.close()
    }
  }
  console.log(`  (${await browser.version()}, ${CHROMIUM_PATH})`)
} catch (err) {
  results.push({ name: 'chromium', ok: false, detail: String(err?.message ?? err).split('\n')[0] })
} finally {
  await browser?.close()
  consumer.dispose()
}

let passed = 0
let failed = 0
let known = 0
for (const r of results) {
  const { status, note } = judge('browser', r.name, r.ok)
  if (status === 'ok') passed++
  else if (status === 'known') known++
  else failed++
  console.log(`  ${status.padEnd(5)} ${r.name}: ${r.detail}${note ? ` (${note})` : ''}`)
}
finish('browser-runtime', { passed, failed, known })
