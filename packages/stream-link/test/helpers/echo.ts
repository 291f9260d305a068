/**
 * The two-process tests' exchange: send `count` frames of varied sizes (1 … MTU) over a link to a
 * child that echoes every frame, and return what was sent and what came back, in order.
 */
import type { Link } from '@bitmesh/interface'

/** Bytes allowed in flight: the echo side cannot push back (the Link contract has no receive window). */
const MAX_IN_FLIGHT_BYTES = 1024 * 1024

/**
 * @param link - An open link whose far end echoes frames.
 * @param count - Frames to send.
 * @returns `{ sent, got }`; `got` resolves once `count` frames came back.
 */
export async function echoRoundTrip(link: Link, count = 300): Promise<{ sent: Uint8Array[]; got: Uint8Array[] }> {
  const sent: Uint8Array[] = []
  for (let i = 0; i < count; i++) sent.push(Uint8Array.from({ length: 1 + ((i * 7919) % link.mtu) }, (_, j) => (i * 31 + j) & 0xff))
  const got: Uint8Array[] = []
  let echoedBytes = 0
  let wakeSender: (() => void) | undefined
  const done = new Promise<void>((resolve) =>
    link.on('frame', (f) => {
      echoedBytes += f.length
      wakeSender?.()
      if (got.push(f) === sent.length) resolve()
    }),
  )
  let sentBytes = 0
  for (const frame of sent) {
    while (sentBytes - echoedBytes > MAX_IN_FLIGHT_BYTES) await new Promise<void>((r) => (wakeSender = r))
    sentBytes += frame.length
    if (!link.send(frame)) {
      await new Promise<void>((r) => {
        const off = link.on('drain', () => {
          off()
          r()
        })
      })
    }
  }
  await done
  return { sent, got }
}

/**
 * Index of the first frame that came back different (−1: all equal). Buffer.equals, because
 * vitest's deep equality walks megabytes element by element.
 */
export function firstMismatch(sent: readonly Uint8Array[], got: readonly Uint8Array[]): number {
  if (got.length !== sent.length) return Math.min(got.length, sent.length)
  return sent.findIndex((f, i) => !Buffer.from(f).equals(got[i]!))
}
