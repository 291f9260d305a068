/**
 * Draws the crowd on a canvas: the area, open links, nodes (hostile devices as red diamonds) and
 * the message waves (receivers glow in the message's colour and fade; the sender gets a ring).
 * Canvas, not SVG: a thousand nodes and their links redraw in a few ms.
 * @module
 */
import type { WaveStore } from './waves.js'

/** What one frame shows. */
export interface CrowdFrame {
  widthM: number
  heightM: number
  /** Honest nodes; indices from here on are hostile devices. */
  nodes: number
  /** Interleaved positions, metres. */
  positions: Float32Array
  /** Link index pairs. */
  links: Uint32Array
  /** Virtual ms shown. */
  nowMs: number
  /** How long a receipt glows, virtual ms. */
  fadeMs: number
}

const MARGIN_PX = 10

/** A canvas bound to the crowd drawing. */
export class CrowdView {
  readonly #canvas: HTMLCanvasElement
  readonly #ctx: CanvasRenderingContext2D

  /**
   * @param canvas - The canvas to draw on (sized to its CSS box × devicePixelRatio at each draw).
   * @throws {Error} When the canvas has no 2D context.
   */
  constructor(canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d')
    if (ctx === null) throw new Error('no 2D canvas context')
    this.#canvas = canvas
    this.#ctx = ctx
  }

  /**
   * Draw one frame.
   * @param frame - World state.
   * @param waves - Waves to overlay.
   */
  draw(frame: CrowdFrame, waves: WaveStore): void {
    const canvas = this.#canvas
    const ctx = this.#ctx
    const dpr = globalThis.devicePixelRatio || 1
    const cssSize = Math.max(200, Math.round(canvas.clientWidth || 640))
    const size = Math.round(cssSize * dpr)
    if (canvas.width !== size || canvas.height !== size) {
      canvas.width = size
      canvas.height = size
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
    ctx.clearRect(0, 0, cssSize, cssSize)

    const scale = (cssSize - 2 * MARGIN_PX) / Math.max(frame.widthM, frame.heightM)
    const ox = MARGIN_PX + (cssSize - 2 * MARGIN_PX - frame.widthM * scale) / 2
    const oy = MARGIN_PX + (cssSize - 2 * MARGIN_PX - frame.heightM * scale) / 2
    const p = frame.positions
    const px = (i: number): number => ox + p[2 * i]! * scale
    const py = (i: number): number => oy + p[2 * i + 1]! * scale
    const total = p.length / 2
    const r = Math.max(1.2, Math.min(6, 120 / Math.sqrt(Math.max(1, total))))

    ctx.fillStyle = '#ffffff'
    ctx.strokeStyle = '#d5dbe1'
    ctx.lineWidth = 1
    ctx.fillRect(ox, oy, frame.widthM * scale, frame.heightM * scale)
    ctx.strokeRect(ox, oy, frame.widthM * scale, frame.heightM * scale)

    // Links: one path, so thousands cost one stroke.
    const l = frame.links
    ctx.beginPath()
    for (let k = 0; k + 1 < l.length; k += 2) {
      const a = l[k]!
      const b = l[k + 1]!
      if (a >= total || b >= total) continue
      ctx.moveTo(px(a), py(a))
      ctx.lineTo(px(b), py(b))
    }
    ctx.strokeStyle = 'rgba(74, 144, 217, 0.45)'
    ctx.lineWidth = Math.max(0.5, r / 3)
    ctx.stroke()

    // Waves under the nodes: receivers get a halo, senders a widening ring.
    const now = frame.nowMs
    const fade = frame.fadeMs
    for (const wave of waves.values()) {
      const age = now - wave.sentMs
      if (wave.from >= 0 && wave.from < total && age >= 0 && age <= fade) {
        const f = age / fade
        ctx.beginPath()
        ctx.arc(px(wave.from), py(wave.from), r * 1.5 + f * r * 8, 0, 2 * Math.PI)
        ctx.strokeStyle = `hsla(${wave.hue}, 85%, 50%, ${(1 - f).toFixed(3)})`
        ctx.lineWidth = 2
        ctx.stroke()
      }
      const rec = wave.receipts
      for (let k = 0; k + 1 < rec.length; k += 2) {
        const i = rec[k]!
        const ageR = now - rec[k + 1]!
        if (i >= total || ageR < 0 || ageR > fade) continue
        const alpha = 1 - ageR / fade
        ctx.beginPath()
        ctx.arc(px(i), py(i), Math.max(r * 2, r + 3), 0, 2 * Math.PI)
        ctx.fillStyle = `hsla(${wave.hue}, 90%, 55%, ${alpha.toFixed(3)})`
        ctx.fill()
      }
    }

    // Nodes.
    ctx.beginPath()
    for (let i = 0; i < Math.min(frame.nodes, total); i++) {
      ctx.moveTo(px(i) + r, py(i))
      ctx.arc(px(i), py(i), r, 0, 2 * Math.PI)
    }
    ctx.fillStyle = '#34495e'
    ctx.fill()
    if (total > frame.nodes) {
      ctx.beginPath()
      const d = r * 1.6
      for (let i = frame.nodes; i < total; i++) {
        ctx.moveTo(px(i), py(i) - d)
        ctx.lineTo(px(i) + d, py(i))
        ctx.lineTo(px(i), py(i) + d)
        ctx.lineTo(px(i) - d, py(i))
        ctx.closePath()
      }
      ctx.fillStyle = '#d62828'
      ctx.fill()
    }
  }
}
