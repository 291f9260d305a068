/**
 * `docs/routing-results.md` and its HTML chart page from routing-bench rows.
 * @module
 */
import type { RoutingRow } from './run.js'

function num(v: number | null, digits = 3): string {
  return v === null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(digits)
}

function byCell(rows: readonly RoutingRow[]): Map<string, RoutingRow[]> {
  const out = new Map<string, RoutingRow[]>()
  for (const r of rows) {
    const list = out.get(r.cell) ?? []
    list.push(r)
    out.set(r.cell, list)
  }
  return out
}

/** The policies the issue names as the field `bitmesh` must beat by 30 %. */
const FIELD = ['bitchat-ios', 'bitchat-android', 'blip', 'meshtastic']

/** Issue 5's targets for `bitmesh`, as shares. */
const TARGET_OF_FLOOD = 0.4
const TARGET_OF_BEST = 0.7
const TARGET_PRIVATE_OF_FLOOD = 0.25
const TARGET_RATIO = 0.99

/** What the page says about how a run was made. */
export interface RoutingRenderMeta {
  command: string
  date: string
  durationS: number
  /** Markdown inserted after the introduction (a status paragraph). */
  notes?: string
}

const pct = (a: number, b: number): string => `${Math.round((100 * a) / b)} %`

/**
 * Per cell, how `bitmesh` compares: (a) all frames and (b) message frames per delivered message
 * as a share of `flood` and of the best field policy, and private frames against flood's, each
 * with whether the target is met.
 * @param rows - Rows of one cell.
 * @returns Text for the summary line.
 */
function verdict(rows: readonly RoutingRow[]): string {
  const get = (p: string): RoutingRow | undefined => rows.find((r) => r.policy === p)
  const ours = get('bitmesh')
  const flood = get('flood')
  if (ours === undefined) return ''
  const parts: string[] = []
  const share = (label: string, value: (r: RoutingRow) => number | null): void => {
    const v = value(ours)
    if (v === null) return
    const bits: string[] = []
    const f = flood === undefined ? null : value(flood)
    if (f !== null && f > 0) bits.push(`${pct(v, f)} of flood (${v <= TARGET_OF_FLOOD * f ? 'met' : 'missed'})`)
    const field = rows.filter((r) => FIELD.includes(r.policy) && value(r) !== null)
    if (field.length > 0) {
      const best = field.reduce((a, b) => (value(a)! <= value(b)! ? a : b))
      bits.push(`${pct(v, value(best)!)} of ${best.policy} (${v <= TARGET_OF_BEST * value(best)! ? 'met' : 'missed'})`)
    }
    if (bits.length > 0) parts.push(`${label}: ${bits.join(', ')}`)
  }
  share('(a) all frames', (r) => r.framesPerDelivered)
  share('(b) message frames', (r) => r.messageFramesPerDelivered)
  const pv = ours.privateFramesPerDelivered
  const pf = flood?.privateFramesPerDelivered ?? null
  if (pv !== null && pf !== null && pf > 0) {
    const ok = pv <= TARGET_PRIVATE_OF_FLOOD * pf && (ours.privateRatio ?? 0) >= TARGET_RATIO
    parts.push(`private: ratio ${num(ours.privateRatio)}, ${pct(pv, pf)} of flood's frames (${ok ? 'met' : 'missed'})`)
  }
  if (ours.publicRatio !== null) parts.push(`public ratio ${num(ours.publicRatio)} (${ours.publicRatio >= TARGET_RATIO ? 'met' : 'missed'})`)
  return parts.join('; ')
}

/**
 * The markdown page.
 * @param rows - Rows from `runRoutingBench`.
 * @param meta - How they were made (command line, date, duration, optional notes).
 * @returns Markdown.
 */
export function renderRoutingMarkdown(rows: readonly RoutingRow[], meta: RoutingRenderMeta): string {
  const lines: string[] = [
    '# Routing results',
    '',
    `Made by \`${meta.command}\` on ${meta.date} (${meta.durationS} simulated seconds per run; traffic: 1 public message/s and one`,
    'private message every 2 s across the crowd after a 20 s warm-up). Delivery ratios are of *expected* deliveries: the',
    'nodes connected to the sender by any path when it sent. Columns: **(a) frames / msg** counts every frame on the air',
    '(announces, sync, handshakes, relays) per delivered message; **(b) msg frames / msg** counts only frames carrying the',
    'public and private messages themselves (originals, relays and their fragments; no announces, sync answers or',
    'handshakes) per delivered message; **priv frames / priv msg** counts NOISE_ENCRYPTED and NOISE_HANDSHAKE frames per',
    'delivered private message; **overhead /node/s** is announce + sync + other frames per node per simulated second.',
    'CDS = greedy connected-dominating-set size of the final link graph, the lower bound on how many nodes must relay a',
    'broadcast. Targets (issue 5, for `bitmesh`): public ratio ≥ 0.99; frames ≤ 40 % of flood and ≤ 70 % of the best of',
    'bitchat-ios, bitchat-android, blip, meshtastic; private ratio ≥ 0.99 with ≤ 25 % of flood\'s private frames.',
    '',
  ]
  if (meta.notes !== undefined && meta.notes.trim() !== '') lines.push(meta.notes.trim(), '')
  for (const [cell, list] of byCell(rows)) {
    const first = list[0]!
    lines.push(`## ${cell}`, '', `${first.nodes} nodes, ${first.mobility}, ${Math.round(first.lossRate * 100)} % loss, ${first.spacingM} m spacing, CDS ${first.cdsSize}. bitmesh — ${verdict(list) || '–'}.`, '')
    lines.push(
      '| policy | public ratio | public p50 / p95 ms | private ratio (sent) | frames | (a) frames / msg | (b) msg frames / msg | priv frames / priv msg | overhead /node/s | wall s |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    )
    for (const r of list) {
      lines.push(
        `| ${r.policy} | ${num(r.publicRatio)} | ${num(r.publicP50Ms, 0)} / ${num(r.publicP95Ms, 0)} | ${num(r.privateRatio)} (${r.privateSent}) | ${r.frames} | ${num(r.framesPerDelivered, 1)} | ${num(r.messageFramesPerDelivered ?? null, 1)} | ${num(r.privateFramesPerDelivered ?? null, 1)} | ${num(r.overheadFramesPerNodeS ?? null, 2)} | ${num(r.wallS, 1)} |`,
      )
    }
    lines.push('')
  }
  return lines.join('\n')
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function bars(list: readonly RoutingRow[], value: (r: RoutingRow) => number | null, label: string, max?: number): string {
  const w = 520
  const rowH = 18
  const top = Math.max(1e-9, max ?? Math.max(...list.map((r) => value(r) ?? 0)))
  const items = list
    .map((r, i) => {
      const v = value(r)
      const len = v === null ? 0 : (Math.min(v, top) / top) * (w - 240)
      const y = 20 + i * rowH
      return `<text x="0" y="${y + 12}">${esc(r.policy)}</text><rect x="110" y="${y}" width="${len.toFixed(1)}" height="${rowH - 4}" fill="${r.policy === 'bitmesh' ? '#d9534f' : '#4a90d9'}"/><text x="${(115 + len).toFixed(1)}" y="${y + 12}">${v === null ? '–' : num(v, 2)}</text>`
    })
    .join('')
  return `<svg viewBox="0 0 ${w} ${24 + list.length * rowH}" width="${w}" role="img" aria-label="${esc(label)}"><text x="0" y="12" font-weight="bold">${esc(label)}</text>${items}</svg>`
}

/**
 * The self-contained HTML chart page (inline SVG, no scripts, no network).
 * @param rows - Rows from `runRoutingBench`.
 * @param meta - As for {@link renderRoutingMarkdown}.
 * @returns HTML.
 */
export function renderRoutingHtml(rows: readonly RoutingRow[], meta: RoutingRenderMeta): string {
  const sections = [...byCell(rows)]
    .map(([cell, list]) => `<section><h2>${esc(cell)}</h2><p>CDS ${list[0]!.cdsSize} · bitmesh — ${esc(verdict(list) || '–')}</p>
${bars(list, (r) => r.publicRatio, 'public delivery ratio', 1)}
${bars(list, (r) => r.framesPerDelivered, '(a) frames per delivered message')}
${bars(list, (r) => r.messageFramesPerDelivered ?? null, '(b) message frames per delivered message')}
${bars(list, (r) => r.privateFramesPerDelivered ?? null, 'private frames per delivered private message')}
${bars(list, (r) => r.publicP50Ms, 'public p50 latency, ms')}</section>`)
    .join('\n')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>BitMesh routing results</title>
<style>body{font:13px system-ui,sans-serif;margin:24px;max-width:1100px}section{display:inline-block;vertical-align:top;margin:0 24px 24px 0}svg text{font:11px system-ui,sans-serif}</style></head>
<body><h1>BitMesh routing results</h1><p>${esc(meta.command)} · ${esc(meta.date)} · ${meta.durationS} s per run</p>
${sections}</body></html>
`
}
