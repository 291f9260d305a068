/**
 * The `--report` page: one self-contained HTML file (inline SVG and CSS, no scripts, no network)
 * with the summary table, the node map with its links, deliveries over time and latency CDFs.
 * @module
 */
import type { SimulationMetrics, SimulationReportData } from './simulate.js'

const W = 640
const H = 260

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function fmt(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(digits)
}

function nodeMap(report: SimulationReportData): string {
  const { widthM, heightM } = report.scenario.area
  const size = 640
  const scale = size / Math.max(widthM, heightM)
  const w = widthM * scale
  const h = heightM * scale
  const r = Math.max(0.8, Math.min(5, 200 / Math.sqrt(report.x.length)))
  const px = (i: number): string => (report.x[i]! * scale).toFixed(1)
  const py = (i: number): string => (report.y[i]! * scale).toFixed(1)
  // One path for every link keeps a 10 000-node map to a few megabytes.
  const d = report.edges.map(([a, b]) => `M${px(a)} ${py(a)}L${px(b)} ${py(b)}`).join('')
  const dots = report.x.map((_, i) => `<circle cx="${px(i)}" cy="${py(i)}" r="${r}"/>`).join('')
  return `<svg viewBox="-6 -6 ${(w + 12).toFixed(0)} ${(h + 12).toFixed(0)}" width="${(w + 12).toFixed(0)}" role="img" aria-label="node map">
<rect x="0" y="0" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="#fafafa" stroke="#ccc"/>
<path d="${d}" stroke="#4a90d9" stroke-opacity="0.45" stroke-width="${Math.max(0.3, r / 3).toFixed(2)}" fill="none"/>
<g fill="#d9534f">${dots}</g></svg>`
}

function axes(xLabel: string, yLabel: string, xMax: number, yMax: number, xTick: (v: number) => string = (v) => fmt(v, 0)): string {
  const ticks: string[] = []
  for (let k = 0; k <= 4; k++) {
    const x = 40 + ((W - 50) * k) / 4
    const y = H - 30 - ((H - 50) * k) / 4
    ticks.push(`<text x="${x}" y="${H - 14}" text-anchor="${k === 4 ? 'end' : 'middle'}">${xTick((xMax * k) / 4)}</text>`)
    ticks.push(`<text x="36" y="${y + 4}" text-anchor="end">${fmt((yMax * k) / 4, yMax < 4 ? 2 : 0)}</text>`)
    ticks.push(`<line x1="40" x2="${W - 10}" y1="${y}" y2="${y}" stroke="#eee"/>`)
  }
  return `<line x1="40" y1="${H - 30}" x2="${W - 10}" y2="${H - 30}" stroke="#888"/><line x1="40" y1="20" x2="40" y2="${H - 30}" stroke="#888"/>
${ticks.join('')}<text x="${W / 2}" y="${H - 1}" text-anchor="middle">${esc(xLabel)}</text><text x="10" y="14">${esc(yLabel)}</text>`
}

function polyline(points: Array<[number, number]>, xMax: number, yMax: number, colour: string): string {
  if (points.length === 0) return ''
  const sx = (W - 50) / (xMax || 1)
  const sy = (H - 50) / (yMax || 1)
  const pts = points.map(([x, y]) => `${(40 + x * sx).toFixed(1)},${(H - 30 - y * sy).toFixed(1)}`).join(' ')
  return `<polyline points="${pts}" fill="none" stroke="${colour}" stroke-width="1.5"/>`
}

function deliveryChart(report: SimulationReportData): string {
  const t = report.timeline
  const xMax = t.length
  const yMax = Math.max(1, ...t.map((b) => Math.max(b.publicDelivered, b.privateDelivered)))
  const pub = t.map((b, i): [number, number] => [i, b.publicDelivered])
  const priv = t.map((b, i): [number, number] => [i, b.privateDelivered])
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" role="img" aria-label="deliveries per second">${axes('virtual time (s)', 'deliveries / s', xMax, yMax)}
${polyline(pub, xMax, yMax, '#4a90d9')}${polyline(priv, xMax, yMax, '#d9534f')}
<text x="${W - 160}" y="30" fill="#4a90d9">public</text><text x="${W - 90}" y="30" fill="#d9534f">private</text></svg>`
}

function cdf(samples: readonly number[]): Array<[number, number]> {
  const sorted = Float64Array.from(samples).sort()
  const out: Array<[number, number]> = []
  const step = Math.max(1, Math.floor(sorted.length / 400))
  for (let i = 0; i < sorted.length; i += step) out.push([sorted[i]!, (i + 1) / sorted.length])
  if (sorted.length > 0) out.push([sorted[sorted.length - 1]!, 1])
  return out
}

function latencyChart(report: SimulationReportData): string {
  // Log-scale x: latencies span milliseconds (one hop) to tens of seconds (gossip-sync repair).
  const log = (points: Array<[number, number]>): Array<[number, number]> => points.map(([x, y]) => [Math.log10(Math.max(1, x)), y])
  const pub = log(cdf(report.publicLatencies))
  const priv = log(cdf(report.privateLatencies))
  const xMax = Math.max(1, ...pub.map((p) => p[0]), ...priv.map((p) => p[0]))
  const tick = (v: number): string => fmt(10 ** v, 0)
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" role="img" aria-label="latency CDF">${axes('latency (ms, log scale)', 'fraction delivered', xMax, 1, tick)}
${polyline(pub, xMax, 1, '#4a90d9')}${polyline(priv, xMax, 1, '#d9534f')}
<text x="${W - 160}" y="${H - 40}" fill="#4a90d9">public</text><text x="${W - 90}" y="${H - 40}" fill="#d9534f">private</text></svg>`
}

function summaryRows(m: SimulationMetrics): Array<[string, string]> {
  return [
    ['scenario', `${m.scenario} (seed ${m.seed}, ${m.nodes} nodes, ${m.durationS} s, stack ${m.stack})`],
    ['public', `${m.public.delivered} / ${m.public.expectedDeliveries} expected (ratio ${fmt(m.public.deliveryRatio, 4)}), ${m.public.sent} sent`],
    ['public latency', `p50 ${fmt(m.public.latencyMs.p50)} ms, p95 ${fmt(m.public.latencyMs.p95)} ms, p99 ${fmt(m.public.latencyMs.p99)} ms`],
    ['private', `${m.private.delivered} / ${m.private.sent} (ratio ${fmt(m.private.deliveryRatio, 4)}), ${m.private.skipped} skipped`],
    ['private latency', `p50 ${fmt(m.private.latencyMs.p50)} ms, p95 ${fmt(m.private.latencyMs.p95)} ms, p99 ${fmt(m.private.latencyMs.p99)} ms`],
    ['transmissions', `${m.transmissions.frames} frames, ${m.transmissions.bytes} bytes, ${fmt(m.transmissions.perDeliveredMessage, 2)} per delivered message`],
    ['drops', Object.entries(m.drops).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'],
    ['links', `${m.links.opened} opened, mean degree ${m.links.meanDegreeAtEnd} at end, ${m.links.isolatedAtEnd} isolated`],
    ['battery', `mean ${m.battery.meanUsedMah} mAh, max ${m.battery.maxUsedMah} mAh of ${m.battery.capacityMah} mAh`],
    ['cost', `${m.timersFired} virtual timers, ${m.verifyCache.hits} cached / ${m.verifyCache.misses} real verifications, ${m.wallS} s wall, ${m.peakRssMb} MB peak RSS`],
  ]
}

/**
 * Render the report page.
 * @param metrics - The run's metrics.
 * @param report - The run's report data.
 * @returns A complete HTML document.
 */
export function renderHtmlReport(metrics: SimulationMetrics, report: SimulationReportData): string {
  const rows = summaryRows(metrics)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>BitMesh simulation: ${esc(metrics.scenario)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}th{text-align:left;padding-right:1em;vertical-align:top}
td,th{padding:2px 6px}table{border-collapse:collapse}tr:nth-child(odd){background:#f4f4f4}svg{font-size:11px;display:block;margin:0.5em 0}
.grid{display:flex;flex-wrap:wrap;gap:2em}</style></head>
<body><h1>BitMesh simulation: ${esc(metrics.scenario)}</h1>
${report.scenario.description === undefined ? '' : `<p>${esc(report.scenario.description)}</p>`}
<table>${rows}</table>
<div class="grid"><section><h2>Node map and links at the end</h2>${nodeMap(report)}</section>
<section><h2>Deliveries per second</h2>${deliveryChart(report)}<h2>Latency (CDF)</h2>${latencyChart(report)}</section></div>
</body></html>
`
}
