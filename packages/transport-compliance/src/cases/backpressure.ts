/**
 * Case: backpressure holds — `send` returns `false` above the high-water mark, `drain` follows,
 * the queue empties and no frame is lost.
 * @module
 */
import { expect } from 'vitest'
import { framesDiff, patternFrame, stampSequence } from '../bytes.js'
import type { ComplianceCase } from './case.js'
import { recordLink } from './case.js'

/** Give up (and fail) if `send` has not returned `false` after queuing this many bytes. */
const MAX_BYTES_BEFORE_BACKPRESSURE = 16 * 1024 * 1024
/** Same, counted in frames (bounds the work when the MTU is tiny). */
const MAX_FRAMES_BEFORE_BACKPRESSURE = 65_536

/** Backpressure cases. */
export const backpressureCases: readonly ComplianceCase[] = [
  {
    id: 'backpressure',
    title: 'send returns false above the high-water mark, drain fires later, bufferedBytes returns to 0, no frame is lost',
    async run(ctx) {
      const [la, lb] = await ctx.connect()
      const ra = recordLink(ctx, la)
      const rb = recordLink(ctx, lb)
      const sent: Uint8Array[] = []
      let queued = 0
      let refused = false
      // Synchronous burst: no event-loop turn happens, so the queue can only grow.
      while (queued < MAX_BYTES_BEFORE_BACKPRESSURE && sent.length < MAX_FRAMES_BEFORE_BACKPRESSURE) {
        const frame = stampSequence(patternFrame(la.mtu, sent.length), sent.length)
        const accepted = la.send(frame)
        sent.push(frame)
        queued += frame.length
        if (!accepted) {
          refused = true
          break
        }
      }
      expect(refused, `send never returned false within ${queued} bytes / ${sent.length} frames`).toBe(true)
      expect(la.bufferedBytes).toBeGreaterThan(0)
      expect(ra.drains).toBe(0)
      await ctx.until(() => ra.drains >= 1, 'drain after send returned false')
      await ctx.until(() => la.bufferedBytes === 0, 'bufferedBytes to return to 0')
      await ctx.until(() => rb.frames.length >= sent.length, `all ${sent.length} queued frames`)
      expect(framesDiff(rb.frames, sent)).toBeUndefined()
      // The link is still healthy afterwards.
      const after = patternFrame(Math.min(16, la.mtu), 4242)
      expect(la.send(after)).toBe(true)
      await ctx.until(() => rb.frames.length >= sent.length + 1, 'a frame after the drain')
      expect(framesDiff(rb.frames.slice(sent.length), [after])).toBeUndefined()
    },
  },
]
