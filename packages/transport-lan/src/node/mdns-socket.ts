/**
 * The Node mDNS socket: a `node:dgram` UDP socket joined to the mDNS group on a chosen interface,
 * encoded and decoded by `multicast-dns`. The socket is bound here (not by `multicast-dns`), so
 * the library starts none of its own interval timers and only the interfaces asked for join.
 * @module
 */
import { createSocket, type Socket } from 'node:dgram'
import { networkInterfaces } from 'node:os'
import makeMdns from 'multicast-dns'
import type { MdnsPacket, MdnsSocket } from '../index.js'
import { MDNS_GROUP_V4, MDNS_PORT } from '../constants.js'

/** Options of {@link nodeMdnsSocket}. */
export interface NodeMdnsSocketOptions {
  /**
   * IPv4 address of the interface to join the group on and send from (for example `127.0.0.1`
   * inside a network namespace whose loopback has multicast on). Default: every IPv4 interface
   * joins, the OS picks the sending one.
   */
  interface?: string
  /** UDP port (default 5353; tests may use another to stay apart from a system responder). */
  port?: number
  /** Multicast group (default 224.0.0.251). */
  group?: string
}

/**
 * Open an mDNS socket.
 * @param options - interface, port and group
 * @returns the socket, joined and ready
 * @throws the bind or membership error (for example `EADDRINUSE`, or `ENODEV` when the interface
 *   cannot do multicast)
 */
export async function nodeMdnsSocket(options: NodeMdnsSocketOptions = {}): Promise<MdnsSocket> {
  const port = options.port ?? MDNS_PORT
  const group = options.group ?? MDNS_GROUP_V4
  const udp: Socket = createSocket({ type: 'udp4', reuseAddr: true })
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject)
    // Multicast datagrams are addressed to the group, so the socket binds the wildcard address.
    udp.bind(port, '0.0.0.0', () => {
      udp.off('error', reject)
      resolve()
    })
  })
  try {
    const joinOn = options.interface !== undefined ? [options.interface] : ipv4Interfaces()
    let joined = 0
    let lastError: unknown
    for (const address of joinOn) {
      try {
        udp.addMembership(group, address)
        joined++
      } catch (error) {
        lastError = error
      }
    }
    if (joined === 0) throw lastError ?? new Error('no IPv4 interface to join the mDNS group on')
    if (options.interface !== undefined) udp.setMulticastInterface(options.interface)
    udp.setMulticastTTL(255)
    // Other processes on this host are peers too.
    udp.setMulticastLoopback(true)
  } catch (error) {
    udp.close()
    throw error
  }
  const mdns = makeMdns({ socket: udp, bind: false, multicast: false, port, ip: group })
  // Malformed packets and send failures arrive as events; unhandled they would throw.
  mdns.on('warning', () => {})
  mdns.on('error', () => {})
  let closed = false
  return {
    send(packet: MdnsPacket) {
      if (closed) return
      const value = packet as Parameters<typeof mdns.respond>[0]
      if (packet.type === 'response') mdns.respond(value)
      else mdns.query(packet as Parameters<typeof mdns.query>[0])
    },
    onPacket(handler) {
      mdns.on('packet', (packet, rinfo) => handler(packet as MdnsPacket, { address: rinfo.address, port: rinfo.port }))
    },
    close() {
      if (closed) return Promise.resolve()
      closed = true
      return new Promise<void>((resolve) => mdns.destroy(() => resolve()))
    },
  }
}

/** One IPv4 address per interface (the group is joined once per interface). */
function ipv4Interfaces(): string[] {
  const out: string[] = []
  for (const list of Object.values(networkInterfaces())) {
    const v4 = list?.find((a) => a.family === 'IPv4')
    if (v4 !== undefined) out.push(v4.address)
  }
  return out
}

/**
 * The address to advertise when bound to a wildcard: the mDNS interface if one was named, else the
 * first external IPv4 address, else loopback.
 */
export function defaultAdvertiseHost(mdnsInterface: string | undefined): string {
  if (mdnsInterface !== undefined && mdnsInterface !== '0.0.0.0') return mdnsInterface
  for (const list of Object.values(networkInterfaces())) {
    const v4 = list?.find((a) => a.family === 'IPv4' && !a.internal)
    if (v4 !== undefined) return v4.address
  }
  return '127.0.0.1'
}
