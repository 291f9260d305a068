/**
 * Cases: frames up to the MTU arrive intact and in order, in both directions; oversize frames are
 * refused; delivered frames belong to the listener.
 * @module
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import { bytesDiff, framesDiff, patternFrame, stampSequence } from '../bytes.js'
import type { ComplianceCase } from './case.js'
import { recordLink, sendAll, thrownCode } from './case.js'

/** Frames in the many-frames case. */
const MANY_FRAMES = 200
/** fast-check runs in the random-frames case (each run is a round trip; keep it cheap). */
const RANDOM_RUNS = 25
/** Upper bound on frames per fast-check run. */
const RANDOM_MAX_FRAMES = 8

/** Boundary sizes 1, MTU − 1 and MTU (deduplicated, all ≥ 1). */
function boundarySizes(mtu: number): number[] {
  return [...new Set([1, mtu - 1, mtu])].filter((n) => n >= 1)
}

/** Frame cases. */
export const frameCases: readonly ComplianceCase[] = [
  {
    id: 'frames-mtu-boundaries',
    title: 'frames of 1, MTU−1 and MTU bytes arrive intact and in order, both ways',
    async run(ctx) {
      const [la, lb] = await ctx.connect()
      const ra = recordLink(ctx, la)
      const rb = recordLink(ctx, lb)
      const toB = boundarySizes(la.mtu).map((n, i) => stampSequence(patternFrame(n, 100 + i), i))
      const toA = boundarySizes(lb.mtu).map((n, i) => stampSequence(patternFrame(n, 200 + i), i))
      await sendAll(ctx, la, ra, toB)
      await sendAll(ctx, lb, rb, toA)
      await ctx.until(() => rb.frames.length >= toB.length && ra.frames.length >= toA.length, 'boundary frames to arrive')
      expect(framesDiff(rb.frames, toB)).toBeUndefined()
      expect(framesDiff(ra.frames, toA)).toBeUndefined()
    },
  },
  {
    id: 'frames-many-in-order',
    title: `${MANY_FRAMES} frames of varied sizes arrive in order, interleaved in both directions`,
    async run(ctx) {
      const [la, lb] = await ctx.connect()
      const ra = recordLink(ctx, la)
      const rb = recordLink(ctx, lb)
      const make = (mtu: number, salt: number): Uint8Array[] =>
        Array.from({ length: MANY_FRAMES }, (_, i) => stampSequence(patternFrame(1 + ((i * 37) % mtu), salt + i), i))
      const toB = make(la.mtu, 1_000)
      const toA = make(lb.mtu, 5_000)
      await Promise.all([sendAll(ctx, la, ra, toB), sendAll(ctx, lb, rb, toA)])
      await ctx.until(() => rb.frames.length >= toB.length && ra.frames.length >= toA.length, `${MANY_FRAMES} frames each way`)
      expect(framesDiff(rb.frames, toB)).toBeUndefined()
      expect(framesDiff(ra.frames, toA)).toBeUndefined()
    },
  },
  {
    id: 'frames-random',
    title: 'random frames up to the MTU arrive intact (fast-check)',
    async run(ctx) {
      const [la, lb] = await ctx.connect()
      const ra = recordLink(ctx, la)
      const rb = recordLink(ctx, lb)
      // Half the frames sit at the top of the size range, where off-by-one bugs live.
      const nearMtu = Math.max(1, la.mtu - 3)
      const frame = fc.oneof(fc.uint8Array({ minLength: 1, maxLength: la.mtu }), fc.uint8Array({ minLength: nearMtu, maxLength: la.mtu }))
      await fc.assert(
        fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: RANDOM_MAX_FRAMES }), async (frames) => {
          const start = rb.frames.length
          await sendAll(ctx, la, ra, frames)
          await ctx.until(() => rb.frames.length >= start + frames.length, `${frames.length} random frames`)
          expect(framesDiff(rb.frames.slice(start), frames)).toBeUndefined()
        }),
        { numRuns: RANDOM_RUNS },
      )
    },
  },
  {
    id: 'oversize-refused',
    title: 'a frame of MTU+1 bytes is refused with FRAME_TOO_LARGE, nothing is delivered and the link stays usable',
    async run(ctx) {
      const [la, lb] = await ctx.connect()
      const rb = recordLink(ctx, lb)
      const buffered = la.bufferedBytes
      expect(thrownCode(() => la.send(patternFrame(la.mtu + 1, 1)))).toBe('FRAME_TOO_LARGE')
      expect(thrownCode(() => la.send(patternFrame(la.mtu * 2 + 7, 2)))).toBe('FRAME_TOO_LARGE')
      expect(la.bufferedBytes).toBe(buffered)
      expect(la.status).toBe('open')
      // Links are FIFO: had an oversize frame been queued, it would arrive before this marker.
      const marker = patternFrame(Math.min(8, la.mtu), 3)
      la.send(marker)
      await ctx.until(() => rb.frames.length >= 1, 'the marker frame')
      await ctx.quiesce()
      expect(framesDiff(rb.frames, [marker])).toBeUndefined()
    },
  },
  {
    id: 'frames-not-mutated',
    title: 'delivered frames are owned by the listener: never reused or changed by the transport',
    async run(ctx) {
      const [la, lb] = await ctx.connect()
      const ra = recordLink(ctx, la)
      const rb = recordLink(ctx, lb)
      const size = Math.max(1, Math.min(la.mtu, 64))
      const first = patternFrame(size, 11)
      await sendAll(ctx, la, ra, [first])
      await ctx.until(() => rb.frames.length >= 1, 'the first frame')
      const kept = rb.frames[0] as Uint8Array
      const later = Array.from({ length: 16 }, (_, i) => patternFrame(size, 12 + i))
      await sendAll(ctx, la, ra, later)
      await ctx.until(() => rb.frames.length >= 17, 'sixteen later frames')
      expect(bytesDiff(kept, first, 'first frame after later deliveries')).toBeUndefined()
      // The listener may scribble on what it owns without touching other deliveries.
      kept.fill(0xa5)
      const last = patternFrame(size, 99)
      await sendAll(ctx, la, ra, [last])
      await ctx.until(() => rb.frames.length >= 18, 'the last frame')
      expect(framesDiff(rb.frames.slice(1), [...later, last])).toBeUndefined()
      expect(new Set(rb.frames).size).toBe(rb.frames.length)
    },
  },
]
