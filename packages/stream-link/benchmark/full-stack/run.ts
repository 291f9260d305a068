/**
 * The orchestrator of the full-stack benchmark: forks a receiver and a sender process
 * (`peer.ts`), connects them over one data plane and a raw TCP socket, then alternates raw and
 * full-stack transfers of the same file, timing each from the sender's go to the receiver's last
 * byte. Shared by `bench.ts` and the correctness test.
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FILE_BYTES, ROUNDS, WARMUP_ROUNDS } from './constants.js'
import type { PlaneName } from './planes.js'
import type { FromPeer, TapReport, ToPeer, TransferKind } from './protocol.js'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const PEER = fileURLToPath(new URL('./peer.ts', import.meta.url))
/** Longest wait for any one reply of a peer before the run is declared stuck. */
const REPLY_TIMEOUT_MS = 60_000

/** One timed transfer. */
export interface TransferResult {
  kind: TransferKind
  /** Wall milliseconds from `send` to the receiver's last byte. */
  ms: number
  /** CPU time (user + system) of the sending process during the transfer. */
  senderCpuMs: number
  /** CPU time of the receiving process, from `expect` to the last byte. */
  receiverCpuMs: number
  /** Full stack: the receiver's SHA-256 of the reassembled file equals the sender's. */
  intact: boolean
}

/** Options of {@link runFullStack}. */
export interface FullStackOptions {
  plane: PlaneName
  /** File size in bytes (default {@link FILE_BYTES}). */
  bytes?: number
  /** Measured rounds (default {@link ROUNDS}). */
  rounds?: number
  /** Unmeasured rounds first (default {@link WARMUP_ROUNDS}). */
  warmup?: number
  /** Route the sender's connections through tapping proxies (wifi-direct only). */
  tap?: boolean
  /** Also time the `full-lean` variant each round (default `true`). */
  lean?: boolean
  /** Also time two mesh nodes' `sendFile` each round (wifi-direct only; default `false`). */
  mesh?: boolean
  /** Extra Node flags for both peers, e.g. `['--cpu-prof', '--cpu-prof-dir=/tmp/prof']`. */
  nodeArgs?: string[]
}

/** Everything one run measured. */
export interface FullStackRun {
  plane: PlaneName
  /** MTU of the data-plane link. */
  mtu: number
  /** Measured rounds, each a raw, a full-stack and (unless `lean: false`) a lean full-stack transfer. */
  rounds: Array<{ raw: TransferResult; full: TransferResult; lean: TransferResult | null; mesh: TransferResult | null }>
  /** Input refused by each side's channel (should be empty). */
  drops: { sender: Record<string, number>; receiver: Record<string, number> }
  /** What the taps saw, with `tap: true`. */
  tap: TapReport | null
}

/** A forked peer with a per-type mailbox. */
class Peer {
  readonly #child: ChildProcess
  readonly #queues = new Map<string, FromPeer[]>()
  readonly #waiters = new Map<string, (m: FromPeer) => void>()
  #exit: Error | null = null

  constructor(role: 'sender' | 'receiver', plane: PlaneName, dir: string, nodeArgs: string[], variant: string) {
    this.#child = fork(PEER, [role, plane, dir, variant], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', ...nodeArgs],
      env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.check.json') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    this.#child.on('message', (m: FromPeer) => {
      const waiter = this.#waiters.get(m.t)
      if (waiter !== undefined) {
        this.#waiters.delete(m.t)
        waiter(m)
      } else {
        let q = this.#queues.get(m.t)
        if (q === undefined) this.#queues.set(m.t, (q = []))
        q.push(m)
      }
    })
    this.#child.on('exit', (code) => {
      this.#exit = new Error(`${role} exited (${code})`)
      for (const w of this.#waiters.values()) w({ t: 'stopped', drops: { exited: code ?? -1 }, tap: null })
    })
  }

  send(m: ToPeer): void {
    this.#child.send(m)
  }

  next<T extends FromPeer['t']>(t: T): Promise<Extract<FromPeer, { t: T }>> {
    const queued = this.#queues.get(t)?.shift()
    if (queued !== undefined) return Promise.resolve(queued as Extract<FromPeer, { t: T }>)
    if (this.#exit !== null) return Promise.reject(this.#exit)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${t}' from the peer within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS)
      this.#waiters.set(t, (m) => {
        clearTimeout(timer)
        if (m.t !== t) reject(this.#exit ?? new Error(`peer stopped while waiting for '${t}'`))
        else resolve(m as Extract<FromPeer, { t: T }>)
      })
    })
  }

  /** Ask the peer to stop and return its drops. */
  async stopReport(): Promise<Record<string, number>> {
    this.send({ t: 'stop' })
    return (await this.next('stopped')).drops
  }

  async exited(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return
    await new Promise((resolve) => this.#child.once('exit', resolve))
  }

  kill(): void {
    if (this.#child.exitCode === null) this.#child.kill()
  }
}

/**
 * Run the benchmark (or the test's smaller transfer) over one data plane.
 * @param options - See {@link FullStackOptions}.
 * @returns Per-round timings, CPU times, integrity and drops.
 */
export async function runFullStack(options: FullStackOptions): Promise<FullStackRun> {
  const bytes = options.bytes ?? FILE_BYTES
  const rounds = options.rounds ?? ROUNDS
  const warmup = options.warmup ?? WARMUP_ROUNDS
  const dir = mkdtempSync(join(tmpdir(), 'bitmesh-full-stack-'))
  if (options.mesh === true && options.plane !== 'wifi-direct') throw new RangeError('the mesh variant runs over wifi-direct only')
  const variant = options.mesh === true ? 'mesh' : 'channel'
  const receiver = new Peer('receiver', options.plane, dir, options.nodeArgs ?? [], variant)
  let sender: Peer | undefined
  try {
    const ready = await receiver.next('ready')
    sender = new Peer('sender', options.plane, dir, options.nodeArgs ?? [], variant)
    sender.send({ t: 'connect', peerId: ready.peerId, rawPort: ready.rawPort, fingerprint: ready.fingerprint, bytes, tap: options.tap === true, meshPeerId: ready.meshPeerId })
    if (ready.fingerprint !== null) {
      // Hotspot: relay the credential exchange (BLE in the apps).
      receiver.send(await sender.next('cred'))
      sender.send(await receiver.next('cred'))
    }
    const connected = await sender.next('connected')
    const transfer = async (kind: TransferKind): Promise<TransferResult> => {
      receiver.send({ t: 'expect', kind, bytes })
      await receiver.next('expecting')
      const start = performance.now()
      sender!.send({ t: 'send', kind })
      const received = await receiver.next('received')
      const ms = performance.now() - start
      sender!.send({ t: 'cpu' })
      const [cpu, verified] = await Promise.all([sender!.next('cpu'), receiver.next('verified')])
      return {
        kind,
        ms,
        senderCpuMs: cpu.cpuMicros / 1000,
        receiverCpuMs: received.cpuMicros / 1000,
        intact: kind === 'raw' || verified.sha256 === connected.sha256,
      }
    }
    const measured: FullStackRun['rounds'] = []
    for (let i = 0; i < warmup + rounds; i++) {
      const raw = await transfer('raw')
      const full = await transfer('full')
      const lean = options.lean === false ? null : await transfer('full-lean')
      const mesh = options.mesh === true ? await transfer('mesh') : null
      if (i >= warmup) measured.push({ raw, full, lean, mesh })
    }
    sender.send({ t: 'stop' })
    receiver.send({ t: 'stop' })
    const [s, r] = await Promise.all([sender.next('stopped'), receiver.next('stopped')])
    await Promise.all([sender.exited(), receiver.exited()])
    return { plane: options.plane, mtu: connected.mtu, rounds: measured, drops: { sender: s.drops, receiver: r.drops }, tap: s.tap }
  } catch (error) {
    // Stuck or failed: say what each side refused before giving up.
    const stopped = await Promise.race([
      Promise.all([sender?.stopReport(), receiver.stopReport()]),
      new Promise((resolve) => setTimeout(resolve, 2_000, 'no report')),
    ]).catch(() => 'no report')
    throw new Error(`${options.plane}: ${(error as Error).message}; peers' drops: ${JSON.stringify(stopped)}`)
  } finally {
    sender?.kill()
    receiver.kill()
    rmSync(dir, { recursive: true, force: true })
  }
}
