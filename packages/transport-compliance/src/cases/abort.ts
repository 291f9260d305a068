/**
 * Cases: dialling honours its AbortSignal.
 * @module
 */
import { expect } from 'vitest'
import type { ComplianceCase } from './case.js'
import { recordLink, rejection } from './case.js'

function errorName(error: unknown): unknown {
  return (error as { name?: unknown } | null)?.name
}

/** Abort cases. */
export const abortCases: readonly ComplianceCase[] = [
  {
    id: 'dial-aborted-signal',
    title: 'dial with an already aborted signal rejects with an AbortError and opens nothing',
    async run(ctx) {
      const [la, lb] = await ctx.connect()
      const address = la.remoteAddress
      const linksA = ctx.a.links.length
      const controller = new AbortController()
      controller.abort()
      const error = await ctx.settle(rejection(ctx.a.dial(address, { signal: controller.signal })), 'the aborted dial to settle')
      expect(errorName(error)).toBe('AbortError')
      await ctx.quiesce()
      expect(ctx.a.links).toHaveLength(linksA)
      expect(la.status).toBe('open')
      expect(lb.status).toBe('open')
    },
  },
  {
    id: 'dial-abort-in-flight',
    title: 'aborting a dial in flight rejects with an AbortError and leaves no link on either side',
    async run(ctx) {
      // Learn a dialable address, then free it so the dial below has real work to do.
      const [la, lb] = await ctx.connect()
      const address = la.remoteAddress
      const rb = recordLink(ctx, lb)
      await ctx.settle(la.close(), 'close() to resolve')
      await ctx.until(() => rb.closes.length >= 1, 'the first link to close on both ends')
      const linksA = ctx.a.links.length
      const linksB = ctx.b.links.length
      const controller = new AbortController()
      const dialling = rejection(ctx.a.dial(address, { signal: controller.signal }))
      controller.abort()
      const error = await ctx.settle(dialling, 'the aborted dial to settle')
      expect(errorName(error)).toBe('AbortError')
      await ctx.until(() => ctx.a.links.length === linksA && ctx.b.links.length === linksB, 'no link to remain from the aborted dial')
    },
  },
]
