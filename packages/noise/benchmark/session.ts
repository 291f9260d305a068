/**
 * Noise session manager benchmark: what the manager (rate limits, peer table, replay-aware
 * dispatch, callbacks) costs on top of the bare Noise objects. Run with
 * `node --import tsx benchmark/session.ts` in packages/noise (build the workspace deps first:
 * `pnpm turbo run build --filter=@bitmesh/noise...` from the repo root).
 *
 * Groups, per crypto provider (node = OpenSSL, noble = portable default), each against its
 * baseline measured in the same run:
 *  - one 256-byte typed payload from A to B, delivered: `sendPayload` → `send` callback →
 *    `receiveTransport` → `onMessage`, against bare `BitchatTransport.encrypt` + `tryDecrypt`;
 *  - a complete XX session set-up between two managers wired back to back (`ensureSession`, the
 *    three messages, establishment on both sides, then `closeSession` on both), against bare
 *    `HandshakeState` ×2 + `split` + two `BitchatTransport`s.
 * The clock advances between operations so the default rate limits (100 msg/s, 10 handshakes/min
 * per peer) are exercised but never hit.
 *
 * Env: BENCH_TIME_MS (default 1000) per task and round, BENCH_ROUNDS (default 3); each row reports
 * its median round.
 */
import os from 'node:os'
import { Bench } from 'tinybench'
import type { Clock, CryptoProvider, TimerHandle } from '@bitmesh/interface'
import { nobleCryptoProvider } from '@bitmesh/crypto'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { BitchatTransport, generateKeyPair, HandshakeState, NoiseSessionManager, peerIdFromStaticKey, peerIdToHex } from '../src/index.js'

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 1000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const PAYLOAD_BYTES = 256
/** Clock step per message: 11 ms keeps one peer at ~91 msg/s, under the 100/s limit. */
const MESSAGE_STEP_MS = 11
/** Clock step per handshake: 7 s keeps one peer at ~8.6 handshakes/min, under 10/min. */
const HANDSHAKE_STEP_MS = 7_000

/** Minimal manual clock; timers fire only when the benchmark advances time (it never needs to). */
class StepClock implements Clock {
  #now = 1_750_000_000_000
  #seq = 0
  readonly #timers = new Map<number, () => void>()
  now(): number {
    return this.#now
  }
  setTimeout(callback: () => void): TimerHandle {
    this.#timers.set(++this.#seq, callback)
    return this.#seq
  }
  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as number)
  }
  step(ms: number): void {
    this.#now += ms
  }
  get pending(): number {
    return this.#timers.size
  }
}

function typedPayload(): Uint8Array {
  const p = new Uint8Array(PAYLOAD_BYTES).fill(0x61)
  p[0] = 0x01
  return p
}

/** Two managers wired back to back: every `send` is delivered synchronously. */
function wiredPair(crypto: CryptoProvider, clock: StepClock) {
  const make = (onMessage: () => void) => {
    const keyPair = generateKeyPair(crypto)
    const id = peerIdToHex(peerIdFromStaticKey(crypto, keyPair.publicKey))
    return { keyPair, id, onMessage }
  }
  let delivered = 0
  const a = make(() => {})
  const b = make(() => delivered++)
  const managers = new Map<string, NoiseSessionManager>()
  for (const side of [a, b]) {
    managers.set(
      side.id,
      new NoiseSessionManager({
        crypto,
        clock,
        localStaticKeyPair: side.keyPair,
        localPeerId: side.id,
        send: (peer, kind, bytes) => {
          const to = managers.get(peer)!
          if (kind === 'handshake') to.receiveHandshake(side.id, bytes)
          else to.receiveTransport(side.id, bytes)
        },
        onMessage: side.onMessage,
      }),
    )
  }
  return { a: managers.get(a.id)!, b: managers.get(b.id)!, aId: a.id, bId: b.id, delivered: () => delivered }
}

function bareTransports(crypto: CryptoProvider) {
  const i = new HandshakeState({ crypto, pattern: 'XX', initiator: true, staticKeyPair: generateKeyPair(crypto) })
  const r = new HandshakeState({ crypto, pattern: 'XX', initiator: false, staticKeyPair: generateKeyPair(crypto) })
  r.readMessage(i.writeMessage())
  i.readMessage(r.writeMessage())
  r.readMessage(i.writeMessage())
  return { alice: new BitchatTransport(i.split()), bob: new BitchatTransport(r.split()) }
}

interface Row {
  name: string
  opsPerSec: number
  rmePercent: number
}

async function group(title: string, tasks: Record<string, () => unknown>): Promise<Row[]> {
  const names = Object.keys(tasks)
  const samples = new Map<string, Array<{ ops: number; rme: number }>>(names.map((n) => [n, []]))
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: TIME_MS, warmupTime: 200 })
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]!
      bench.add(name, tasks[name]!)
    }
    await bench.run()
    for (const task of bench.tasks) {
      const result = task.result
      if (result === undefined || result.error !== undefined) throw result?.error ?? new Error(`${task.name} did not run`)
      samples.get(task.name)!.push({ ops: 1000 / result.latency.mean, rme: result.latency.rme })
    }
  }
  const rows = names.map((name) => {
    const sorted = samples.get(name)!.sort((x, y) => x.ops - y.ops)
    const median = sorted[Math.floor(sorted.length / 2)]!
    return { name, opsPerSec: median.ops, rmePercent: median.rme }
  })
  console.log(`\n${title}`)
  const base = rows[0]!.opsPerSec
  for (const r of rows) {
    const ratio = r === rows[0] ? 'baseline' : `${(r.opsPerSec / base).toFixed(2)}× baseline`
    console.log(`  ${r.name.padEnd(52)} ${r.opsPerSec.toFixed(0).padStart(9)} ops/s  ±${r.rmePercent.toFixed(1)}%  ${ratio}`)
  }
  return rows
}

async function main(): Promise<void> {
  console.log(`Noise session manager benchmark — ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, Node ${process.version}`)
  for (const crypto of [nodeCryptoProvider, nobleCryptoProvider]) {
    const plaintext = typedPayload()

    const { alice, bob } = bareTransports(crypto)
    const clock = new StepClock()
    const pair = wiredPair(crypto, clock)
    pair.a.ensureSession(pair.bId)
    if (!pair.a.hasSession(pair.bId) || !pair.b.hasSession(pair.aId)) throw new Error('pair did not establish')
    await group(`[${crypto.name}] one ${PAYLOAD_BYTES}-byte payload A → B, delivered`, {
      'bare BitchatTransport encrypt + tryDecrypt': () => bob.tryDecrypt(alice.encrypt(plaintext)),
      'NoiseSessionManager sendPayload → receiveTransport': () => {
        clock.step(MESSAGE_STEP_MS)
        pair.a.sendPayload(pair.bId, plaintext)
      },
    })
    if (pair.delivered() === 0) throw new Error('nothing delivered')

    const hsClock = new StepClock()
    const hsPair = wiredPair(crypto, hsClock)
    const ka = generateKeyPair(crypto)
    const kb = generateKeyPair(crypto)
    await group(`[${crypto.name}] complete XX session set-up, both sides`, {
      'bare HandshakeState ×2 + split + BitchatTransport ×2': () => {
        const i = new HandshakeState({ crypto, pattern: 'XX', initiator: true, staticKeyPair: ka })
        const r = new HandshakeState({ crypto, pattern: 'XX', initiator: false, staticKeyPair: kb })
        r.readMessage(i.writeMessage())
        i.readMessage(r.writeMessage())
        r.readMessage(i.writeMessage())
        return [new BitchatTransport(i.split()), new BitchatTransport(r.split())]
      },
      'NoiseSessionManager ensureSession (wired pair) + close': () => {
        hsClock.step(HANDSHAKE_STEP_MS)
        hsPair.a.ensureSession(hsPair.bId)
        if (!hsPair.b.hasSession(hsPair.aId)) throw new Error('handshake did not complete')
        hsPair.a.closeSession(hsPair.bId)
        hsPair.b.closeSession(hsPair.aId)
      },
    })
    if (hsClock.pending !== 0) throw new Error(`${hsClock.pending} timers left`)
    const stats = hsPair.a.stats
    if (stats.rateLimitedSends + stats.rateLimitedHandshakes + stats.handshakesFailed !== 0) throw new Error('limits were hit')
  }
}

await main()
