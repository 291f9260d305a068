/** Spawn the peer fixture (optionally inside a network namespace) and read its JSON lines. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface Peer {
  child: ChildProcessWithoutNullStreams
  lines: Array<Record<string, unknown>>
  /** Resolve with the first line matching `pred` (seen already or later). */
  waitFor(pred: (l: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>>
  stop(): Promise<void>
}

const FIXTURE = fileURLToPath(new URL('./fixtures/peer.ts', import.meta.url))

/** Start `fixtures/peer.ts` with `env`, under `ip netns exec <netns>` when given. */
export function spawnPeer(env: Record<string, string>, netns?: string): Peer {
  const node = [process.execPath, '--import', 'tsx', FIXTURE]
  const [cmd, ...args] = netns === undefined ? node : ['ip', 'netns', 'exec', netns, ...node]
  const child = spawn(cmd!, args, {
    env: { ...process.env, ...env, TSX_TSCONFIG_PATH: '/work/main/tsconfig.check.json' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const lines: Array<Record<string, unknown>> = []
  const waiters: Array<() => void> = []
  let buf = ''
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString()
    let nl: number
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl)
      buf = buf.slice(nl + 1)
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>)
      } catch {
        // not ours
      }
      for (const w of [...waiters]) w()
    }
  })
  let exited = false
  child.once('exit', () => {
    exited = true
    for (const w of [...waiters]) w()
  })
  return {
    child,
    lines,
    waitFor(pred, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const hit = lines.find(pred)
          if (hit !== undefined) return finish(() => resolve(hit))
          if (exited) finish(() => reject(new Error(`peer exited early; stderr:\n${stderr.slice(-2000)}`)))
        }
        const timer = setTimeout(() => finish(() => reject(new Error(`timed out; lines: ${JSON.stringify(lines.slice(-5))}; stderr:\n${stderr.slice(-2000)}`))), timeoutMs)
        const finish = (f: () => void): void => {
          clearTimeout(timer)
          const i = waiters.indexOf(check)
          if (i >= 0) waiters.splice(i, 1)
          f()
        }
        waiters.push(check)
        check()
      })
    },
    async stop() {
      if (exited) return
      child.stdin.end()
      await new Promise<void>((r) => {
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000)
        child.once('exit', () => {
          clearTimeout(t)
          r()
        })
        if (exited) r()
      })
    },
  }
}
