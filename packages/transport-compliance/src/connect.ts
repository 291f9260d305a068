/**
 * A helper for compliance harnesses: dial from one transport and capture the matching inbound
 * link on the other, whichever order the two sides report it in.
 * @module
 */
import type { AbortOptions, Link, Transport } from '@bitmesh/interface'

/**
 * Dial `address` from `from` and wait for the inbound link that `to` opens for it.
 * Works for any transport whose `remoteAddress` on the inbound side is not needed to match: the
 * first inbound `link:open` on `to` after the dial starts is taken as the other end.
 * @param from the dialling transport.
 * @param to the transport listening at `address`.
 * @param address what `from` dials.
 * @param options forwarded to `dial`.
 * @returns `[outbound, inbound]`: the dialler's end, then the listener's end.
 * @throws whatever `dial` rejects with (the `link:open` listener is removed first).
 */
export async function connectTransports(from: Transport, to: Transport, address: string, options?: AbortOptions): Promise<[Link, Link]> {
  let off: (() => void) | undefined
  const inbound = new Promise<Link>((resolve) => {
    off = to.on('link:open', (link) => {
      if (link.direction !== 'inbound') return
      off?.()
      resolve(link)
    })
  })
  try {
    const outbound = await from.dial(address, options)
    return [outbound, await inbound]
  } catch (error) {
    off?.()
    throw error
  }
}
