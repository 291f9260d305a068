/**
 * `bitmesh conformance run --adapter "<command>"`: check any implementation through the stdio
 * adapter protocol; `conformance list` shows the cases; `conformance adapter` serves BitMesh's
 * own adapter on stdio (to pair with another implementation's runner).
 * @module
 */
import { parseArgs } from 'node:util'
import {
  allSuites,
  runAdapter,
  runConformance,
  stringifyJson,
  DEFAULT_RESPONSE_TIMEOUT_MS,
  type CaseResult,
  type ConformanceReport,
} from '@bitmesh/conformance'
import type { CliIo } from '../io.js'
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from './types.js'

const USAGE = `Usage: bitmesh conformance <run | list | adapter> [options]

  run      run the conformance suites against an adapter (see spec/conformance-adapter.md)
  list     list the suites and their cases
  adapter  serve BitMesh's own adapter on stdin/stdout

Options of run:
  --adapter <command>    shell command that starts the adapter under test (required)
  --suite <name>         run only this suite (repeatable): ${allSuites.map((s) => s.name).join(', ')}
  --timeout <ms>         deadline per response (default ${DEFAULT_RESPONSE_TIMEOUT_MS})
  --skip-unsupported     skip up front, without sending, cases whose ops the adapter's hello omits
                         (otherwise they are sent and count as skipped only if answered UNSUPPORTED_OP)
  --json                 print the full report as JSON instead of the table
  -h, --help             show this help

run prints one row per case and ends with the line "N passed, M failed"; the exit status is 1
when M > 0, 2 for a usage error.

Examples:
  bitmesh conformance run --adapter "./my-adapter"
  bitmesh conformance run --adapter "node packages/conformance/dist/adapter-bin.js"
  bitmesh conformance run --adapter "python3 adapter.py" --suite golden --json
`

const STATUS_LABEL = { pass: 'pass', fail: 'FAIL', skip: 'skip' } as const

function row(result: CaseResult, suiteWidth: number): string {
  const head = `${result.suite.padEnd(suiteWidth)}  ${STATUS_LABEL[result.status].padEnd(4)}  ${result.name}`
  return result.status === 'pass' || result.message === undefined ? head : `${head}\n${' '.repeat(suiteWidth + 8)}↳ ${result.message}`
}

async function runCommand(args: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      options: {
        adapter: { type: 'string' },
        suite: { type: 'string', multiple: true },
        timeout: { type: 'string' },
        'skip-unsupported': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (err) {
    io.stderr(`bitmesh conformance run: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`)
    return EXIT_USAGE
  }
  const v = parsed.values
  if (v.help) {
    io.stdout(USAGE)
    return EXIT_OK
  }
  if (v.adapter === undefined || v.adapter.trim() === '') {
    io.stderr(`bitmesh conformance run: --adapter "<command>" is required\n\n${USAGE}`)
    return EXIT_USAGE
  }
  let suites = allSuites
  if (v.suite !== undefined) {
    const unknown = v.suite.filter((name) => !allSuites.some((s) => s.name === name))
    if (unknown.length > 0) {
      io.stderr(`bitmesh conformance run: unknown suite ${unknown.join(', ')} (have ${allSuites.map((s) => s.name).join(', ')})\n`)
      return EXIT_USAGE
    }
    suites = allSuites.filter((s) => v.suite!.includes(s.name))
  }
  let timeoutMs = DEFAULT_RESPONSE_TIMEOUT_MS
  if (v.timeout !== undefined) {
    timeoutMs = Number(v.timeout)
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
      io.stderr('bitmesh conformance run: --timeout must be a positive integer (milliseconds)\n')
      return EXIT_USAGE
    }
  }
  const json = v.json === true
  const suiteWidth = Math.max('SUITE'.length, ...suites.map((s) => s.name.length))
  if (!json) {
    io.stdout(`conformance run: adapter ${JSON.stringify(v.adapter)}\n`)
    io.stdout(`${'SUITE'.padEnd(suiteWidth)}  RES   CASE\n`)
  }
  let report: ConformanceReport
  try {
    report = await runConformance({
      adapterCommand: v.adapter,
      suites,
      timeoutMs,
      skipUnsupported: v['skip-unsupported'] === true,
      cwd: io.cwd,
      env: io.env,
      onResult: json ? undefined : (r) => io.stdout(row(r, suiteWidth) + '\n'),
    })
  } catch (err) {
    io.stderr(`bitmesh conformance run: ${err instanceof Error ? err.message : String(err)}\n`)
    return EXIT_USAGE
  }
  if (json) {
    io.stdout(stringifyJson(report) + '\n')
  } else {
    const who = report.adapter === null ? 'adapter did not answer hello' : `${report.adapter.implementation} ${report.adapter.version} (${report.adapter.ops.length} ops)`
    io.stdout(`\nadapter: ${who}\n`)
    if (report.failed > 0 && report.stderrTail.trim() !== '') {
      io.stdout(`adapter stderr (tail):\n${report.stderrTail.trimEnd().split('\n').map((l) => `  | ${l}`).join('\n')}\n`)
    }
    if (report.skipped > 0) io.stdout(`${report.skipped} skipped\n`)
    io.stdout(`${report.passed} passed, ${report.failed} failed\n`)
  }
  return report.failed > 0 ? EXIT_FAILURE : EXIT_OK
}

function listCommand(io: CliIo): number {
  const lines: string[] = []
  for (const suite of allSuites) {
    lines.push(`${suite.name} — ${suite.description} (${suite.cases.length} cases)`)
    for (const c of suite.cases) lines.push(`  ${c.name}`)
  }
  io.stdout(lines.join('\n') + '\n')
  return EXIT_OK
}

async function run(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  if (sub === undefined || sub === '-h' || sub === '--help') {
    ;(sub === undefined ? io.stderr : io.stdout)(USAGE)
    return sub === undefined ? EXIT_USAGE : EXIT_OK
  }
  if (sub === 'run') return runCommand(rest, io)
  if (sub === 'list') return listCommand(io)
  if (sub === 'adapter') {
    await runAdapter(io.stdin, io.stdoutSink)
    return EXIT_OK
  }
  io.stderr(`bitmesh conformance: unknown subcommand ${JSON.stringify(sub)}\n\n${USAGE}`)
  return EXIT_USAGE
}

/** The `conformance` command. */
export const conformanceCommand: Command = {
  name: 'conformance',
  summary: 'run the conformance suites against any implementation\'s stdio adapter',
  usage: USAGE,
  run,
}
