#!/usr/bin/env node
/**
 * The two README commands land here: `npm run demo` and `npm test`.
 * On a machine with only Node 20 and npm it fetches pnpm 10 through npx when pnpm is missing,
 * installs the workspace from the lockfile, builds every package, then runs the demo or the full
 * test pipeline. The test pipeline always runs every step and ends with one summary line
 * `Total: N passed, M failed`, exiting non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const PNPM_VERSION = '10.34.9'
const task = process.argv[2]

function log(message) {
  process.stderr.write(`\x1b[1m[bitmesh]\x1b[0m ${message}\n`)
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: { ...process.env, ...options.env } })
  if (options.capture && result.stdout) process.stdout.write(result.stdout)
  return result
}

function resolvePnpm() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
  if (probe.status === 0 && probe.stdout.trim().startsWith('10.')) return { command: 'pnpm', prefix: [] }
  log(`pnpm 10 not found on PATH; using npx pnpm@${PNPM_VERSION}`)
  return { command: 'npx', prefix: ['--yes', `pnpm@${PNPM_VERSION}`] }
}

const pnpm = resolvePnpm()
const pnpmRun = (args, options) => run(pnpm.command, [...pnpm.prefix, ...args], options)

function setup() {
  log('installing the workspace (pnpm install --frozen-lockfile)')
  if (pnpmRun(['install', '--frozen-lockfile']).status !== 0) process.exit(1)
  log('building packages (turbo run build)')
  if (pnpmRun(['run', 'build']).status !== 0) process.exit(1)
}

function demo() {
  setup()
  log('demo 1/2: the packet inspector on the bundled bitchat capture (examples/captures/sample.hex)')
  const inspector = run('node', ['packages/cli/dist/bin.js', 'decode', 'examples/captures/sample.hex', '--all'])
  if (inspector.status !== 0) process.exit(inspector.status ?? 1)
  log('demo 2/2: a festival crowd of 300 simulated phones chatting over simulated Bluetooth LE for two minutes (bitmesh sim --scenario festival-300)')
  // A larger young generation: the crowd allocates many short-lived frames (docs/performance.md).
  const sim = run('node', ['--max-semi-space-size=64', 'packages/cli/dist/bin.js', 'sim', '--scenario', 'festival-300', '--report', 'bitmesh-demo-report.html'])
  if (sim.status === 0) log('open bitmesh-demo-report.html for the node map, delivery and latency charts')
  process.exit(sim.status ?? 1)
}

/** The first two non-empty lines of a message: fast-check puts the reproducing seed on the second. */
function headOf(message) {
  return String(message ?? '').split('\n').filter((l) => l.trim() !== '').slice(0, 2).join(' ').slice(0, 300)
}

/** `file > suite > test: message head` for every failed test (or file that failed to load) in a vitest JSON report. */
function failedTests(report) {
  const out = []
  for (const file of report.testResults ?? []) {
    const rel = String(file.name ?? '').replace(root, '')
    for (const t of file.assertionResults ?? []) if (t.status === 'failed') out.push(`${rel} > ${t.fullName}: ${headOf(t.failureMessages?.[0])}`)
    if ((file.assertionResults ?? []).length === 0 && file.status === 'failed') out.push(`${rel}: ${headOf(file.message)}`)
  }
  return out
}

function test() {
  setup()
  const steps = []
  const record = (name, passed, failed, failures = []) => {
    steps.push({ name, passed, failed, failures })
    log(`${name}: ${passed} passed, ${failed} failed`)
  }
  const check = (name, args, options) => {
    log(`step: ${name}`)
    const ok = pnpmRun(args, options).status === 0
    record(name, ok ? 1 : 0, ok ? 0 : 1)
  }

  // A step whose script ends with `<name>: N passed, M failed` counts its own passes and failures.
  const counted = (name, script) => {
    log(`step: ${name}`)
    const result = pnpmRun(['--silent', 'run', script], { capture: true })
    const summary = [...(result.stdout ?? '').matchAll(/(\d+) passed, (\d+) failed/g)].at(-1)
    const label = /: skipped/.test(result.stdout ?? '') ? `${name} (skipped, see its log)` : name
    if (summary) record(label, Number(summary[1]), Number(summary[2]) + (result.status !== 0 && summary[2] === '0' ? 1 : 0))
    else record(label, 0, 1)
  }

  check('typecheck', ['run', 'typecheck'])
  check('React Native example type-check (against stubs, see examples/react-native)', ['exec', 'tsc', '-p', 'examples/react-native/tsconfig.json'])
  check('layer table', ['run', 'check:layers'])
  check('publint', ['run', 'check:publint'])
  counted('attw (types per package)', 'check:attw')
  counted('size-limit budgets', 'check:size')
  counted('runtime: Node ESM + CJS', 'check:runtime:node')
  counted('runtime: no Node built-ins (React Native-like)', 'check:runtime:neutral')
  counted('runtime: browser (Vite + Chromium)', 'check:runtime:browser')
  counted('release dry run (changeset version + pnpm pack)', 'check:release')
  counted('docs: code blocks type-checked', 'check:docs')
  check('docs: site build (TypeDoc + VitePress)', ['run', 'docs:build'])

  if (existsSync(join(root, 'interop/go-noise/build.sh'))) {
    const go = spawnSync('go', ['version'], { encoding: 'utf8' })
    if (go.status === 0) {
      log('step: build the Go flynn/noise interop adapter')
      const built = run('bash', ['interop/go-noise/build.sh']).status === 0
      if (!built) record('go interop adapter build', 0, 1)
    } else {
      log('Go is not installed: the flynn/noise interop suite will be skipped (CI installs it; see README)')
    }
  }

  log('step: unit, property, vector, fuzz and interop tests (vitest)')
  const reportFile = join(root, '.vitest-report.json')
  rmSync(reportFile, { force: true })
  const vitest = pnpmRun(['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`])
  if (existsSync(reportFile)) {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'))
    record('vitest', report.numPassedTests, report.numFailedTests + (vitest.status !== 0 && report.numFailedTests === 0 ? 1 : 0), failedTests(report))
    rmSync(reportFile, { force: true })
  } else {
    record('vitest', 0, 1)
  }

  log('step: web visualizer example (its own vitest config: helpers, recorder, headless Chromium)')
  const vizReport = join(root, '.vitest-visualizer-report.json')
  rmSync(vizReport, { force: true })
  const viz = pnpmRun(['--filter', '@bitmesh/example-visualizer', 'exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vizReport}`])
  if (existsSync(vizReport)) {
    const report = JSON.parse(readFileSync(vizReport, 'utf8'))
    record('visualizer (vitest)', report.numPassedTests, report.numFailedTests + (viz.status !== 0 && report.numFailedTests === 0 ? 1 : 0), failedTests(report))
    rmSync(vizReport, { force: true })
  } else {
    record('visualizer (vitest)', 0, 1)
  }

  log('step: conformance suites against our own adapter (bitmesh conformance run)')
  const conformance = run('node', ['packages/cli/dist/bin.js', 'conformance', 'run', '--adapter', 'node packages/conformance/dist/adapter-bin.js'], { capture: true })
  const summary = /(\d+) passed, (\d+) failed/.exec(conformance.stdout ?? '')
  if (summary) record('conformance', Number(summary[1]), Number(summary[2]) + (conformance.status !== 0 && summary[2] === '0' ? 1 : 0))
  else record('conformance', 0, 1)

  const passed = steps.reduce((sum, s) => sum + s.passed, 0)
  const failed = steps.reduce((sum, s) => sum + s.failed, 0)
  console.log('')
  for (const s of steps) {
    console.log(`  ${s.failed === 0 ? 'ok  ' : 'FAIL'} ${s.name}: ${s.passed} passed, ${s.failed} failed`)
    // CI keeps only the tail of the log, so name what failed here, next to the counts.
    for (const f of s.failures.slice(0, 10)) console.log(`         - ${f}`)
  }
  console.log(`Total: ${passed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

if (task === 'demo') demo()
else if (task === 'test') test()
else {
  console.error('usage: node tools/bootstrap.mjs <demo|test>')
  process.exit(2)
}
