/**
 * Cases: close propagates to the other end, is idempotent, and a closed link refuses frames.
 * @module
 */
import { expect } from 'vitest'
import { patternFrame } from '../bytes.js'
import type { ComplianceCase } from './case.js'
import { recordLink, recordTransport, thrownCode } from './case.js'

/** Close cases. */
export const closeCases: readonly ComplianceCase[] = [
  {
    id: 'close-propagates',
    title: 'close() closes both ends: local reason local, remote reason remote, link:close on both transports',
    async run(ctx) {
      const [la, lb] = await ctx.connect()
      const ra = recordLink(ctx, la)
      const rb = recordLink(ctx, lb)
      const ta = recordTransport(ctx, ctx.a)
      const tb = recordTransport(ctx, ctx.b)
      await ctx.settle(la.close(), 'close() to resolve')
      // "Resolves once close has been emitted."
      expect(ra.closes).toEqual(['local'])
      expect(la.status).toBe('closed')
      await ctx.until(() => rb.closes.length >= 1, 'the remote end to see close')
      expect(rb.closes).toEqual(['remote'])
      expect(lb.status).toBe('closed')
      await ctx.until(() => ta.closed.length >= 1 && tb.closed.length >= 1, 'link:close on both transports')
      expect(ta.closed).toEqual([{ link: la, reason: 'local' }])
      expect(tb.closed).toEqual([{ link: lb, reason: 'remote' }])
      expect(ctx.a.links).not.toContain(la)
      expect(ctx.b.links).not.toContain(lb)
      // Idempotent: closing again (either end) emits nothing more.
      await ctx.settle(la.close(), 'a second close() to resolve')
      await ctx.settle(lb.close(), 'close() of the already closed remote end to resolve')
      await ctx.quiesce()
      expect(ra.closes).toHaveLength(1)
      expect(rb.closes).toHaveLength(1)
      expect(ta.closed).toHaveLength(1)
      expect(tb.closed).toHaveLength(1)
    },
  },
  {
    id: 'close-from-inbound-side',
    title: 'the inbound end can close too, and the dialler sees reason remote',
    async run(ctx) {
      const [la, lb] = await ctx.connect()
      const ra = recordLink(ctx, la)
      const rb = recordLink(ctx, lb)
      await ctx.settle(lb.close(), 'close() to resolve')
      expect(rb.closes).toEqual(['local'])
      await ctx.until(() => ra.closes.length >= 1, 'the dialler to see close')
      expect(ra.closes).toEqual(['remote'])
      expect(la.status).toBe('closed')
    },
  },
  {
    id: 'send-after-close',
    title: 'send after close throws CLOSED on both ends',
    async run(ctx) {
      const [la, lb] = await ctx.connect()
      const rb = recordLink(ctx, lb)
      await ctx.settle(la.close(), 'close() to resolve')
      const frame = patternFrame(Math.min(4, la.mtu), 5)
      expect(thrownCode(() => la.send(frame))).toBe('CLOSED')
      await ctx.until(() => lb.status === 'closed', 'the remote end to close')
      expect(thrownCode(() => lb.send(frame))).toBe('CLOSED')
      await ctx.quiesce()
      expect(rb.frames).toHaveLength(0)
    },
  },
]
