/**
 * `bitmesh bench routing`: every relay policy on the same seeded crowds (issue 5), written to
 * `docs/routing-results.md` and an HTML chart page.
 * @module
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { renderRoutingHtml, renderRoutingMarkdown, ROUTING_BENCH_POLICIES, ROUTING_BENCH_SIZES, runRoutingBench, RELAY_POLICIES, type RoutingRow } from '@bitmesh/simulator'
import type { CliIo } from '../io.js'
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from './types.js'

const USAGE = `Usage: bitmesh bench routing [options]

Runs every relay policy on the same seeded crowds — sizes × static/walking × 0 %/10 % loss ×
dense (10 m) / sparse (25 m) spacing — and writes a markdown table and an HTML chart page:
delivery ratio, frames per delivered message, p50/p95 latency and the greedy connected-dominating-
set size of each topology.

Options:
  --sizes <n,n,...>      crowd sizes (default ${ROUTING_BENCH_SIZES.join(',')}; large crowds take long)
  --policies <p,p,...>   policies (default ${ROUTING_BENCH_POLICIES.join(',')})
  --duration <s>         simulated seconds per run (default 60)
  --seed <n>             seed of every cell (default 5)
  --filter <text>        only cells whose name contains <text> (e.g. static-loss10)
  --mobility <m,...>     only these mobility models: static, walking
  --loss <l,...>         only these link losses, 0…1 (e.g. 0.1)
  --spacing <s,...>      only these spacings: dense, sparse (or metres)
  --clusters             run every policy with cluster mode on (rows named <policy>+clusters)
  --rows <file.jsonl>    append every row as one JSON line as soon as its run ends
  --from-rows <f,...>    run nothing: render the rows saved in these .jsonl files
  --notes <file.md>      markdown inserted after the introduction (a status paragraph)
  --out <file.md>        markdown output (default docs/routing-results.md)
  --html <file.html>     chart page (default: the markdown path with .html)
  -h, --help             show this help

Example:
  bitmesh bench routing --sizes 100 --duration 60 --out docs/routing-results.md
`

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s.length > 0)
}

async function run(args: string[], io: CliIo): Promise<number> {
  if (args[0] === '-h' || args[0] === '--help') {
    io.stdout(USAGE)
    return EXIT_OK
  }
  if (args[0] !== 'routing') {
    io.stderr(`bitmesh bench: unknown benchmark ${JSON.stringify(args[0] ?? '')} (have: routing)\n\n${USAGE}`)
    return EXIT_USAGE
  }
  let v
  try {
    v = parseArgs({
      args: args.slice(1),
      options: {
        sizes: { type: 'string' },
        policies: { type: 'string' },
        duration: { type: 'string' },
        seed: { type: 'string' },
        filter: { type: 'string' },
        mobility: { type: 'string' },
        loss: { type: 'string' },
        spacing: { type: 'string' },
        clusters: { type: 'boolean', default: false },
        rows: { type: 'string' },
        'from-rows': { type: 'string' },
        notes: { type: 'string' },
        out: { type: 'string' },
        html: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values
  } catch (err) {
    io.stderr(`bitmesh bench: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`)
    return EXIT_USAGE
  }
  if (v.help) {
    io.stdout(USAGE)
    return EXIT_OK
  }
  const sizes = list(v.sizes)?.map(Number)
  if (sizes !== undefined && (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 2 || n > 100_000))) {
    io.stderr('bitmesh bench: --sizes must be integers between 2 and 100000\n')
    return EXIT_USAGE
  }
  const policies = list(v.policies)
  const unknown = policies?.find((p) => RELAY_POLICIES[p] === undefined)
  if (unknown !== undefined || policies?.length === 0) {
    io.stderr(`bitmesh bench: unknown policy ${JSON.stringify(unknown ?? '')} (have ${Object.keys(RELAY_POLICIES).join(', ')})\n`)
    return EXIT_USAGE
  }
  const durationS = v.duration === undefined ? 60 : Number(v.duration)
  const seed = v.seed === undefined ? 5 : Number(v.seed)
  if (!(durationS >= 30) || !Number.isInteger(seed) || seed < 0) {
    io.stderr('bitmesh bench: --duration must be ≥ 30 s (warm-up is 20 s) and --seed a non-negative integer\n')
    return EXIT_USAGE
  }
  const mobility = list(v.mobility)
  if (mobility?.some((m) => m !== 'static' && m !== 'walking') === true) {
    io.stderr('bitmesh bench: --mobility takes static and/or walking\n')
    return EXIT_USAGE
  }
  const losses = list(v.loss)?.map(Number)
  if (losses?.some((l) => !(l >= 0 && l <= 1)) === true) {
    io.stderr('bitmesh bench: --loss takes fractions between 0 and 1\n')
    return EXIT_USAGE
  }
  const spacingsM = list(v.spacing)?.map((s) => (s === 'dense' ? 10 : s === 'sparse' ? 25 : Number(s)))
  if (spacingsM?.some((s) => !(s > 0)) === true) {
    io.stderr('bitmesh bench: --spacing takes dense, sparse or metres\n')
    return EXIT_USAGE
  }
  const out = resolve(io.cwd, v.out ?? 'docs/routing-results.md')
  const html = resolve(io.cwd, v.html ?? out.replace(/\.md$/i, '') + '.html')
  const command = ['bitmesh bench routing', ...args.slice(1)].join(' ')
  let notes: string | undefined
  let rows: RoutingRow[]
  try {
    notes = v.notes === undefined ? undefined : readFileSync(resolve(io.cwd, v.notes), 'utf8')
    const saved = list(v['from-rows'])
    const rowsFile = v.rows === undefined ? undefined : resolve(io.cwd, v.rows)
    rows =
      saved !== undefined
        ? saved.flatMap((f) => readRows(resolve(io.cwd, f)))
        : await runRoutingBench({
            sizes,
            policies,
            durationS,
            seed,
            filter: v.filter,
            mobility: mobility as Array<'static' | 'walking'> | undefined,
            losses,
            spacingsM,
            clusters: v.clusters === true, // cluster mode (issue #6)
            onRun: (i, total, cell, policy) => io.stderr(`[${i + 1}/${total}] ${cell} ${policy}\n`),
            onRow: (row) => {
              if (rowsFile !== undefined) appendFileSync(rowsFile, JSON.stringify(row) + '\n')
            },
          })
  } catch (err) {
    io.stderr(`bitmesh bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    return EXIT_FAILURE
  }
  if (rows.length === 0) {
    io.stderr('bitmesh bench: no cell matches --filter\n')
    return EXIT_USAGE
  }
  const meta = { command, date: new Date().toISOString().slice(0, 10), durationS, ...(notes !== undefined ? { notes } : {}) }
  try {
    writeFileSync(out, renderRoutingMarkdown(rows, meta))
    writeFileSync(html, renderRoutingHtml(rows, meta))
  } catch (err) {
    io.stderr(`bitmesh bench: cannot write results: ${err instanceof Error ? err.message : String(err)}\n`)
    return EXIT_FAILURE
  }
  io.stdout(`${rows.length} runs written to ${out} and ${html}\n`)
  return EXIT_OK
}

/**
 * Rows saved by `--rows` (one JSON object per line; blank lines skipped).
 * @param file - The .jsonl file.
 * @returns Its rows, in file order.
 * @throws Error when the file cannot be read or a line is not JSON.
 */
function readRows(file: string): RoutingRow[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RoutingRow)
}

/** The `bench` command. */
export const benchCommand: Command = {
  name: 'bench',
  summary: 'routing benchmark: every relay policy on the same seeded crowds (markdown + HTML charts)',
  usage: USAGE,
  run,
}
