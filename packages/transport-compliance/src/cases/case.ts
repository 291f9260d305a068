/**
 * The shape of one compliance case and the recording helpers the cases share.
 * @module
 */
import type { Link, LinkCloseReason, Transport } from '@bitmesh/interface'
import type { CaseContext } from '../context.js'

/** One check of the contract, run in a fresh harness world. */
export interface ComplianceCase {
  /** Stable kebab-case id (use it in `harness.skip`). */
  readonly id: string
  /** Test title. */
  readonly title: string
  /** Throws (an assertion error) when the transport breaks the contract. */
  run(ctx: CaseContext): Promise<void>
}

/** Everything one link end reported to the case. */
export interface LinkRecord {
  readonly frames: Uint8Array[]
  readonly closes: LinkCloseReason[]
  drains: number
}

/** Record a link's `frame`, `close` and `drain` events. */
export function recordLink(ctx: CaseContext, link: Link): LinkRecord {
  const record: LinkRecord = { frames: [], closes: [], drains: 0 }
  ctx.track(link.on('frame', (frame) => record.frames.push(frame)))
  ctx.track(link.on('close', ({ reason }) => record.closes.push(reason)))
  ctx.track(link.on('drain', () => {
    record.drains++
  }))
  return record
}

/** Everything one transport reported to the case. */
export interface TransportRecord {
  readonly opened: Link[]
  readonly closed: Array<{ link: Link; reason: LinkCloseReason }>
}

/** Record a transport's `link:open` and `link:close` events. */
export function recordTransport(ctx: CaseContext, transport: Transport): TransportRecord {
  const record: TransportRecord = { opened: [], closed: [] }
  ctx.track(transport.on('link:open', (link) => record.opened.push(link)))
  ctx.track(transport.on('link:close', (event) => record.closed.push({ link: event.link, reason: event.reason })))
  return record
}

/** The `code` of what `fn` throws, or `'(nothing thrown)'`; never uses `instanceof`. */
export function thrownCode(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return (error as { code?: unknown } | null)?.code ?? `(thrown without code: ${String(error)})`
  }
  return '(nothing thrown)'
}

/** What a promise rejects with, or a marker string when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  return '(resolved)'
}

/**
 * Send every frame on `link`, waiting for `drain` whenever `send` returns `false` (the contract's
 * backpressure protocol), so no bounded queue ever overflows.
 */
export async function sendAll(ctx: CaseContext, link: Link, record: LinkRecord, frames: readonly Uint8Array[]): Promise<void> {
  for (const frame of frames) {
    const drainsBefore = record.drains
    if (!link.send(frame)) await ctx.until(() => record.drains > drainsBefore, `drain on ${link.id}`)
  }
}
