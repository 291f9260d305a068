/**
 * Cases: the transport is a v1 transport, links open on both sides, start() is idempotent.
 * @module
 */
import { isTransport } from '@bitmesh/interface'
import { expect } from 'vitest'
import type { ComplianceCase } from './case.js'
import { recordTransport } from './case.js'

/** Lifecycle cases. */
export const lifecycleCases: readonly ComplianceCase[] = [
  {
    id: 'brand',
    title: 'carries the transport brand and declares specificationVersion v1',
    async run({ a, b }) {
      for (const t of [a, b]) {
        expect(isTransport(t)).toBe(true)
        expect(t.specificationVersion).toBe('v1')
        expect(typeof t.kind).toBe('string')
        expect(Array.isArray(t.links)).toBe(true)
      }
    },
  },
  {
    id: 'open-both-sides',
    title: 'connect opens a link on both sides with link:open events, status open and sane fields',
    async run(ctx) {
      const ra = recordTransport(ctx, ctx.a)
      const rb = recordTransport(ctx, ctx.b)
      const [la, lb] = await ctx.connect()
      await ctx.until(() => ra.opened.includes(la) && rb.opened.includes(lb), 'link:open on both transports')
      expect(ra.opened.filter((l) => l === la)).toHaveLength(1)
      expect(rb.opened.filter((l) => l === lb)).toHaveLength(1)
      for (const [link, transport, direction] of [
        [la, ctx.a, 'outbound'],
        [lb, ctx.b, 'inbound'],
      ] as const) {
        expect(link.status).toBe('open')
        expect(link.direction).toBe(direction)
        expect(link.kind).toBe(transport.kind)
        expect(transport.links).toContain(link)
        expect(new Set(transport.links.map((l) => l.id)).size).toBe(transport.links.length)
        expect(typeof link.id).toBe('string')
        expect(typeof link.remoteAddress).toBe('string')
        expect(link.remoteAddress.length).toBeGreaterThan(0)
        expect(Number.isSafeInteger(link.mtu) && link.mtu >= 1).toBe(true)
        expect(link.bufferedBytes).toBe(0)
        expect(typeof link.quality).toBe('object')
      }
      expect(ra.closed).toHaveLength(0)
      expect(rb.closed).toHaveLength(0)
    },
  },
  {
    id: 'start-idempotent',
    title: 'start() is idempotent: a second start keeps links open and opens nothing new',
    async run(ctx) {
      const [la, lb] = await ctx.connect()
      const ra = recordTransport(ctx, ctx.a)
      const rb = recordTransport(ctx, ctx.b)
      const countA = ctx.a.links.length
      const countB = ctx.b.links.length
      await ctx.settle(ctx.a.start(), 'a.start() again')
      await ctx.settle(ctx.b.start(), 'b.start() again')
      await ctx.quiesce()
      expect(la.status).toBe('open')
      expect(lb.status).toBe('open')
      expect(ctx.a.links).toHaveLength(countA)
      expect(ctx.b.links).toHaveLength(countB)
      expect(ra.opened).toHaveLength(0)
      expect(rb.opened).toHaveLength(0)
      expect(ra.closed).toHaveLength(0)
      expect(rb.closed).toHaveLength(0)
    },
  },
]
