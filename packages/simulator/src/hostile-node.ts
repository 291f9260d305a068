/**
 * A hostile device: it opens BLE links like everybody else (same transport, same radio) but never
 * runs the mesh. Instead it sprays every open link with abusive frames built with
 * `@bitmesh/wire-format`: malformed bytes, announce floods from throw-away identities, fragment
 * floods that never complete, replays of frames it heard, and messages with forged signatures.
 * It is never a sender or recipient of the simulator's honest traffic.
 * @module
 */
import type { Clock, CryptoProvider, Link, TimerHandle, Transport } from '@bitmesh/interface'
import {
  encodeAnnounce,
  encodeFragmentPayload,
  encodePacket,
  MessageType,
  peerIdFromNoiseKey,
  signPacket,
  tryDecodePacket,
  type BitchatPacket,
} from '@bitmesh/wire-format'
import type { SeededRng } from './rng.js'

/** Every behaviour, in a fixed order. */
export const HOSTILE_BEHAVIOURS = ['malformed', 'announce-flood', 'fragment-flood', 'replay', 'forged-signature'] as const

/** What a hostile node can do. */
export type HostileBehaviour = (typeof HOSTILE_BEHAVIOURS)[number]

/**
 * Default frames per second per behaviour (each frame goes to every open link). High enough to be
 * a real nuisance on a 250 kbit/s link, low enough that the hostile node does not simply jam the
 * air (a jammer is a radio problem, not a protocol one).
 */
export const DEFAULT_HOSTILE_RATES_PER_S: Readonly<Record<HostileBehaviour, number>> = Object.freeze({
  malformed: 10,
  'announce-flood': 5,
  'fragment-flood': 10,
  replay: 10,
  'forged-signature': 5,
})

/** Frames heard and kept for replay. */
export const HOSTILE_REPLAY_BUFFER_FRAMES = 64
/** `total` claimed by flood fragments (the largest bitchat interoperates with). */
export const HOSTILE_FRAGMENT_TOTAL = 256
/** Data bytes per flood fragment. */
export const HOSTILE_FRAGMENT_DATA_BYTES = 400

/** Counters of one hostile node. */
export interface HostileStats {
  /** Frames handed to links, by behaviour. */
  sent: Record<HostileBehaviour, number>
  /** Frames heard from honest neighbours. */
  heard: number
}

/** Options of {@link createHostileNode}. */
export interface HostileNodeOptions {
  /** Its transport (not started). */
  transport: Transport
  clock: Clock
  rng: SeededRng
  crypto: CryptoProvider
  /** Behaviours to run. */
  behaviours: readonly HostileBehaviour[]
  /** Frames per second per behaviour (defaults: {@link DEFAULT_HOSTILE_RATES_PER_S}). */
  ratesPerS?: Partial<Record<HostileBehaviour, number>>
  /** Delay after `start()` before the abuse begins, ms. */
  startDelayMs?: number
}

/** A running hostile device. */
export interface HostileNode {
  start(): Promise<void>
  stop(): Promise<void>
  readonly stats: HostileStats
}

/**
 * Build a hostile node.
 * @param options - Transport, clock, randomness, behaviours and rates.
 * @returns The node (call `start()`).
 * @throws {RangeError} When a rate is negative or not finite.
 */
export function createHostileNode(options: HostileNodeOptions): HostileNode {
  const { transport, clock, rng, crypto } = options
  const rates = { ...DEFAULT_HOSTILE_RATES_PER_S, ...options.ratesPerS }
  for (const [k, v] of Object.entries(rates)) {
    if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`hostile rate ${k} must be a finite number ≥ 0`)
  }
  const links = new Set<Link>()
  const heard: Uint8Array[] = []
  let heardNext = 0
  const timers = new Set<TimerHandle>()
  let running = false
  const stats: HostileStats = {
    sent: { malformed: 0, 'announce-flood': 0, 'fragment-flood': 0, replay: 0, 'forged-signature': 0 },
    heard: 0,
  }
  let sybil = 0

  const offTransport = transport.on('link:open', (link) => {
    links.add(link)
    link.on('frame', (frame) => {
      stats.heard++
      // Ring buffer: bounded whatever the neighbours send.
      if (heard.length < HOSTILE_REPLAY_BUFFER_FRAMES) heard.push(frame)
      else heard[heardNext] = frame
      heardNext = (heardNext + 1) % HOSTILE_REPLAY_BUFFER_FRAMES
    })
    link.on('close', () => {
      links.delete(link)
    })
  })

  const basePacket = (type: number, payload: Uint8Array, senderId: Uint8Array): BitchatPacket => ({
    version: 1,
    type,
    ttl: 7,
    timestamp: BigInt(clock.now()),
    senderId,
    recipientId: null,
    route: null,
    payload,
    signature: null,
    isRsr: false,
  })

  const build: Record<HostileBehaviour, () => Uint8Array | null> = {
    malformed() {
      // Half pure noise, half a real header with a lying payload length or a cut-off body.
      if (rng.int(2) === 0) return rng.randomBytes(1 + rng.int(200))
      const frame = encodePacket(basePacket(MessageType.MESSAGE, rng.randomBytes(64), rng.randomBytes(8)))
      const cut = frame.slice(0, 1 + rng.int(frame.length - 1))
      if (cut.length > 12) cut[12] = 0xff
      return cut
    },
    'announce-flood'() {
      // A fresh, validly signed identity every time: a Sybil flood aimed at the peer table.
      const noiseKey = rng.randomBytes(32)
      const seed = rng.randomBytes(32)
      const payload = encodeAnnounce({
        nickname: `sybil${sybil++}`,
        noisePublicKey: noiseKey,
        signingPublicKey: crypto.ed25519.getPublicKey(seed),
      })
      return encodePacket(signPacket(basePacket(MessageType.ANNOUNCE, payload, peerIdFromNoiseKey(noiseKey)), seed, crypto))
    },
    'fragment-flood'() {
      // First fragment of a packet whose other 255 fragments never come: aimed at reassembly memory.
      const payload = encodeFragmentPayload({
        fragmentId: rng.randomBytes(8),
        index: rng.int(HOSTILE_FRAGMENT_TOTAL),
        total: HOSTILE_FRAGMENT_TOTAL,
        originalType: MessageType.MESSAGE,
        data: rng.randomBytes(HOSTILE_FRAGMENT_DATA_BYTES),
      })
      return encodePacket(basePacket(MessageType.FRAGMENT, payload, rng.randomBytes(8)))
    },
    replay() {
      if (heard.length === 0) return null
      return heard[rng.int(heard.length)]!
    },
    'forged-signature'() {
      // Impersonate a sender we heard: its ID and a real signature of its, on our own text.
      const source = heard.length === 0 ? undefined : heard[rng.int(heard.length)]
      const decoded = source === undefined ? null : tryDecodePacket(source)
      const real = decoded !== null && decoded.ok ? decoded.packet : null
      const packet = basePacket(MessageType.MESSAGE, new TextEncoder().encode(`forged ${rng.int(1e9)}`), real?.senderId ?? rng.randomBytes(8))
      packet.signature = real?.signature ?? rng.randomBytes(64)
      return encodePacket(packet)
    },
  }

  const spray = (behaviour: HostileBehaviour): void => {
    if (links.size === 0) return
    let frame: Uint8Array | null
    try {
      frame = build[behaviour]()
    } catch {
      return
    }
    if (frame === null) return
    for (const link of links) {
      if (link.status !== 'open' || frame.length > link.mtu) continue
      try {
        link.send(frame)
        stats.sent[behaviour]++
      } catch {
        // Closed under us: the close event removes it.
      }
    }
  }

  const schedule = (behaviour: HostileBehaviour, delayMs: number): void => {
    const periodMs = 1000 / rates[behaviour]
    const handle = clock.setTimeout(() => {
      timers.delete(handle)
      if (!running) return
      spray(behaviour)
      schedule(behaviour, periodMs)
    }, delayMs)
    timers.add(handle)
  }

  return {
    stats,
    async start() {
      if (running) return
      running = true
      await transport.start()
      for (const behaviour of new Set(options.behaviours)) {
        if (rates[behaviour] > 0) schedule(behaviour, (options.startDelayMs ?? 0) + rng.uniform(0, 1000 / rates[behaviour]))
      }
    },
    async stop() {
      running = false
      for (const handle of timers) clock.clearTimeout(handle)
      timers.clear()
      offTransport()
      links.clear()
      await transport.stop()
    },
  }
}
