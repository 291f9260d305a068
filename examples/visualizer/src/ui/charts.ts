/**
 * The two live charts: delivery ratio over virtual time, and the public latency histogram on a
 * log axis. Plain canvas; points are decimated so a long run stays a bounded polyline.
 * @module
 */
import { binLowerMs, binnedPercentile, BINS_PER_DECADE } from '../shared/latency-histogram.js'

/** Most points kept per series (every other point is dropped when full). */
export const MAX_CHART_POINTS = 1_000

const PAD = { left: 34, right: 8, top: 10, bottom: 22 }

function prepare(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; w: number; h: number } | null {
  const ctx = canvas.getContext('2d')
  if (ctx === null) return null
  const dpr = globalThis.devicePixelRatio || 1
  const w = Math.max(200, Math.round(canvas.clientWidth || 360))
  const h = Math.round(w / 2)
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr)
    canvas.height = Math.round(h * dpr)
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
  ctx.clearRect(0, 0, w, h)
  ctx.font = '10px system-ui, sans-serif'
  ctx.fillStyle = '#5b6877'
  ctx.strokeStyle = '#c8d0d8'
  ctx.lineWidth = 1
  ctx.beginPath()
  ctx.moveTo(PAD.left, PAD.top)
  ctx.lineTo(PAD.left, h - PAD.bottom)
  ctx.lineTo(w - PAD.right, h - PAD.bottom)
  ctx.stroke()
  return { ctx, w, h }
}

/** One point of the delivery chart. */
export interface DeliveryPoint {
  /** Virtual s. */
  t: number
  /** Public ratio so far, or null before any expected delivery. */
  publicRatio: number | null
  /** Private ratio so far, or null before any private send. */
  privateRatio: number | null
}

/** Delivery ratio over time. */
export class DeliveryChart {
  readonly #canvas: HTMLCanvasElement
  #points: DeliveryPoint[] = []
  #durationS = 1

  /** @param canvas - Where to draw. */
  constructor(canvas: HTMLCanvasElement) {
    this.#canvas = canvas
  }

  /**
   * Start over for a run.
   * @param durationS - Virtual length of the run (x axis), s.
   */
  reset(durationS: number): void {
    this.#points = []
    this.#durationS = Math.max(1, durationS)
  }

  /**
   * Append a point (decimating when full).
   * @param point - The point.
   */
  push(point: DeliveryPoint): void {
    this.#points.push(point)
    if (this.#points.length > MAX_CHART_POINTS) this.#points = this.#points.filter((_, k) => k % 2 === 0)
  }

  /** @returns Points kept. */
  get length(): number {
    return this.#points.length
  }

  /** Redraw. */
  draw(): void {
    const prepared = prepare(this.#canvas)
    if (prepared === null) return
    const { ctx, w, h } = prepared
    const x = (t: number): number => PAD.left + (t / this.#durationS) * (w - PAD.left - PAD.right)
    const y = (v: number): number => h - PAD.bottom - v * (h - PAD.top - PAD.bottom)
    for (const v of [0, 0.5, 1]) {
      ctx.fillText(v.toFixed(1), 4, y(v) + 3)
      ctx.beginPath()
      ctx.strokeStyle = '#eef1f4'
      ctx.moveTo(PAD.left, y(v))
      ctx.lineTo(w - PAD.right, y(v))
      ctx.stroke()
    }
    for (let k = 0; k <= 4; k++) {
      const t = (this.#durationS * k) / 4
      ctx.fillText(`${Math.round(t)} s`, Math.min(x(t) - 8, w - PAD.right - 24), h - 6)
    }
    const series = (pick: (p: DeliveryPoint) => number | null, colour: string): void => {
      ctx.beginPath()
      let last: [number, number] | null = null
      for (const p of this.#points) {
        const v = pick(p)
        if (v === null) continue
        if (last !== null) ctx.lineTo(x(p.t), y(v))
        else ctx.moveTo(x(p.t), y(v))
        last = [x(p.t), y(v)]
      }
      ctx.strokeStyle = colour
      ctx.lineWidth = 1.8
      ctx.stroke()
      if (last !== null) {
        // The latest value as a dot: visible even while the series has a single point.
        ctx.beginPath()
        ctx.arc(last[0], last[1], 2.5, 0, 2 * Math.PI)
        ctx.fillStyle = colour
        ctx.fill()
      }
    }
    series((p) => p.publicRatio, '#2f6fd6')
    series((p) => p.privateRatio, '#d9534f')
    // Legend at the bottom: ratios mostly sit near 1.
    ctx.fillStyle = '#2f6fd6'
    ctx.fillText('public', w - 90, h - PAD.bottom - 6)
    ctx.fillStyle = '#d9534f'
    ctx.fillText('private', w - 50, h - PAD.bottom - 6)
  }
}

/**
 * Draw the latency histogram (bars per log bin, p50 and p95 marked).
 * @param canvas - Where to draw.
 * @param bins - Counts per bin (see `latency-histogram.ts`).
 */
export function drawLatencyHistogram(canvas: HTMLCanvasElement, bins: ArrayLike<number>): void {
  const prepared = prepare(canvas)
  if (prepared === null) return
  const { ctx, w, h } = prepared
  let last = 0
  let max = 0
  for (let k = 0; k < bins.length; k++) {
    if (bins[k]! > 0) last = k
    if (bins[k]! > max) max = bins[k]!
  }
  // Show at least 1 ms … 10 s, and up to the last non-empty bin.
  const shown = Math.min(bins.length, Math.max(4 * BINS_PER_DECADE + 1, last + 2))
  const bw = (w - PAD.left - PAD.right) / shown
  const y = (v: number): number => h - PAD.bottom - (max === 0 ? 0 : v / max) * (h - PAD.top - PAD.bottom)
  ctx.fillStyle = '#6aa0e8'
  for (let k = 0; k < shown; k++) {
    const v = bins[k]!
    if (v === 0) continue
    ctx.fillRect(PAD.left + k * bw + 0.5, y(v), Math.max(1, bw - 1), h - PAD.bottom - y(v))
  }
  ctx.fillStyle = '#5b6877'
  ctx.fillText(String(max), 4, PAD.top + 8)
  ctx.fillText('0', 4, h - PAD.bottom)
  const labels = ['1 ms', '10 ms', '100 ms', '1 s', '10 s', '100 s', '1000 s']
  for (let d = 0; d * BINS_PER_DECADE < shown; d++) {
    ctx.fillText(labels[d] ?? `1e${d} ms`, PAD.left + d * BINS_PER_DECADE * bw - 6, h - 6)
  }
  const mark = (q: number, colour: string, label: string): void => {
    const v = binnedPercentile(bins, q)
    if (v === null) return
    // Position inside the log axis: bin index as a real number.
    const pos = v <= binLowerMs(1) ? 0.5 : Math.log10(v) * BINS_PER_DECADE
    const xx = PAD.left + pos * bw
    ctx.beginPath()
    ctx.strokeStyle = colour
    ctx.moveTo(xx, PAD.top)
    ctx.lineTo(xx, h - PAD.bottom)
    ctx.stroke()
    ctx.fillStyle = colour
    ctx.fillText(label, xx + 2, PAD.top + 8)
  }
  mark(0.5, '#1d7a3a', 'p50')
  mark(0.95, '#a94400', 'p95')
}
