/** An in-memory multicast group standing in for mDNS (test-only). */
import type { MdnsPacket, MdnsSocket } from '../../src/index.js'

/** Every joined socket receives every packet, its own included (like multicast loopback). */
export class MdnsBus {
  readonly #members = new Set<{ host: string; handler?: (p: MdnsPacket, from: { address: string; port: number }) => void }>()
  /** Every packet sent, in order. */
  readonly sent: MdnsPacket[] = []
  readonly #bySocket = new WeakMap<MdnsSocket, object>()

  /** Cut a member off silently (a crash or a pulled cable: nothing it sends arrives any more). */
  cut(socket: MdnsSocket): void {
    const member = this.#bySocket.get(socket)
    if (member !== undefined) this.#members.delete(member as never)
  }

  /** A socket for a member whose packets appear to come from `host`. */
  socket(host = '127.0.0.1'): MdnsSocket {
    const member: { host: string; handler?: (p: MdnsPacket, from: { address: string; port: number }) => void } = { host }
    this.#members.add(member)
    const socket: MdnsSocket = {
      send: (packet) => {
        if (!this.#members.has(member)) return
        // Deep copy through JSON, like a trip through the wire.
        const copy = JSON.parse(JSON.stringify(packet)) as MdnsPacket
        this.sent.push(copy)
        for (const m of [...this.#members]) queueMicrotask(() => m.handler?.(copy, { address: member.host, port: 5353 }))
      },
      onPacket: (handler) => {
        member.handler = handler
      },
      close: async () => {
        this.#members.delete(member)
      },
    }
    this.#bySocket.set(socket, member)
    return socket
  }

  /** Deliver a raw packet to every member (from a foreign sender). */
  inject(packet: MdnsPacket, from = '10.9.9.9'): void {
    for (const m of [...this.#members]) m.handler?.(packet, { address: from, port: 5353 })
  }

  get members(): number {
    return this.#members.size
  }
}
