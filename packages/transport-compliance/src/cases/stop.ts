/**
 * Cases: stop() closes every link and is idempotent, and leaves no timers or listeners behind.
 * @module
 */
import { isBitMeshError } from '@bitmesh/interface'
import { expect } from 'vitest'
import { patternFrame } from '../bytes.js'
import { listenerCountOf } from '../context.js'
import type { ComplianceCase } from './case.js'
import { recordLink, recordTransport, rejection, sendAll } from './case.js'

/** Stop cases. */
export const stopCases: readonly ComplianceCase[] = [
  {
    id: 'stop-closes-links',
    title: 'stop() closes every link (transport-stopped here, remote there), is idempotent, and dial afterwards rejects',
    async run(ctx) {
      const [la, lb] = await ctx.connect()
      const address = la.remoteAddress
      const ra = recordLink(ctx, la)
      const rb = recordLink(ctx, lb)
      const ta = recordTransport(ctx, ctx.a)
      await ctx.settle(ctx.a.stop(), 'stop() to resolve')
      expect(la.status).toBe('closed')
      expect(ra.closes).toEqual(['transport-stopped'])
      await ctx.until(() => ta.closed.length >= 1 && ctx.a.links.length === 0, 'link:close on the stopped transport')
      expect(ta.closed).toEqual([{ link: la, reason: 'transport-stopped' }])
      await ctx.until(() => rb.closes.length >= 1, 'the remote end to see close')
      expect(rb.closes).toEqual(['remote'])
      expect(ctx.b.links).not.toContain(lb)
      await ctx.settle(ctx.a.stop(), 'a second stop() to resolve')
      await ctx.quiesce()
      expect(ra.closes).toHaveLength(1)
      expect(ta.closed).toHaveLength(1)
      const error = await ctx.settle(rejection(ctx.a.dial(address)), 'dial after stop to settle')
      expect(isBitMeshError(error), `dial after stop must reject with a BitMeshError, got ${String(error)}`).toBe(true)
    },
  },
  {
    id: 'stop-leaks-nothing',
    title: 'after stop() no timers are pending and no listeners are left on transports or links',
    async run(ctx) {
      const [la, lb] = await ctx.connect()
      const ra = recordLink(ctx, la)
      const rb = recordLink(ctx, lb)
      recordTransport(ctx, ctx.a)
      recordTransport(ctx, ctx.b)
      // Leave traffic in flight both ways so stop has queues and timers to release.
      await sendAll(ctx, la, ra, [patternFrame(la.mtu, 1), patternFrame(la.mtu, 2)])
      await sendAll(ctx, lb, rb, [patternFrame(lb.mtu, 3)])
      await ctx.settle(ctx.a.stop(), 'a.stop() to resolve')
      await ctx.settle(ctx.b.stop(), 'b.stop() to resolve')
      await ctx.until(() => la.status === 'closed' && lb.status === 'closed', 'both ends to close')
      await ctx.quiesce()
      ctx.unsubscribeAll()
      const timers = ctx.pendingTimers()
      if (timers !== undefined) expect(timers, 'timers pending after stop').toBe(0)
      for (const [name, transport, baseline] of [
        ['a', ctx.a, ctx.baselineListeners.a],
        ['b', ctx.b, ctx.baselineListeners.b],
      ] as const) {
        const count = listenerCountOf(transport)
        if (count !== undefined && baseline !== undefined) {
          expect(count, `listeners left on transport ${name}`).toBeLessThanOrEqual(baseline)
        }
      }
      for (const link of [la, lb]) {
        const count = listenerCountOf(link)
        if (count !== undefined) expect(count, `listeners left on link ${link.id}`).toBe(0)
      }
    },
  },
]
