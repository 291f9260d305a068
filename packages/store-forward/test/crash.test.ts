/**
 * Crash safety of the SQLite queue: a writer child process enqueues and acks in a loop and
 * reports each operation after it resolved; the parent SIGKILLs it at seeded random moments,
 * then checks the file: every reported enqueue is present exactly once (unless reported acked)
 * and nothing reported acked ever comes back. 20 kills normally, 200 with BITMESH_SLOW=1.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteStore } from '../src/sqlite/index.js'
import { seededRandom } from './helpers.js'

const KILLS = process.env.BITMESH_SLOW === '1' ? 200 : 20
const packageDir = fileURLToPath(new URL('..', import.meta.url))
const repoRoot = join(packageDir, '../..')
const writer = join(packageDir, 'test/fixtures/crash-writer.ts')
const dir = mkdtempSync(join(tmpdir(), 'sf-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface RunLog {
  enqueued: string[]
  acked: string[]
  /** An ack announced but not confirmed when the kill landed (it may or may not have committed). */
  inFlightAck: string | undefined
}

/** Run the writer until `killAfterMs` after it is ready, SIGKILL it, return its complete lines. */
function runWriter(path: string, runId: number, seed: number, killAfterMs: number): Promise<RunLog> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path, String(runId), String(seed)], {
      cwd: packageDir,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.check.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let timer: NodeJS.Timeout | undefined
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk
      if (timer === undefined && stdout.includes('READY\n')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer)
      if (signal !== 'SIGKILL') {
        reject(new Error(`writer exited with ${code ?? signal} before the kill: ${stderr}`))
        return
      }
      // A line cut by the kill has no trailing newline: only complete lines were reported.
      const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1).split('\n')
      const log: RunLog = { enqueued: [], acked: [], inFlightAck: undefined }
      for (const line of complete) {
        if (line.startsWith('E ')) log.enqueued.push(line.slice(2))
        else if (line.startsWith('a ')) log.inFlightAck = line.slice(2)
        else if (line.startsWith('A ')) {
          log.acked.push(line.slice(2))
          log.inFlightAck = undefined
        }
      }
      resolve(log)
    })
  })
}

async function readQueue(path: string): Promise<Map<string, number>> {
  const store = SqliteStore.open(path)
  try {
    const backend = store.queueBackend('outbound')
    const counts = new Map<string, number>()
    for (const item of await backend.load()) {
      counts.set(item.messageId, (counts.get(item.messageId) ?? 0) + 1)
      const packet = await backend.readPacket(item.id)
      // The packet stored with each ID is the one written for it.
      expect(new TextDecoder().decode(packet!.subarray(0, item.messageId.length + 5))).toBe(`pkt:${item.messageId}:`)
    }
    return counts
  } finally {
    store.close()
  }
}

describe(`SQLite queue survives ${KILLS} SIGKILLs`, () => {
  it('keeps every acknowledged enqueue exactly once and never resurrects an acked item', async () => {
    const path = join(dir, 'queue.db')
    const random = seededRandom(0x5eed)
    const live = new Set<string>()
    const acked = new Set<string>()
    let totalOps = 0
    for (let run = 0; run < KILLS; run++) {
      const killAfterMs = 5 + Math.floor(random() * 120)
      const log = await runWriter(path, run, Math.floor(random() * 2 ** 31), killAfterMs)
      totalOps += log.enqueued.length + log.acked.length
      for (const id of log.enqueued) live.add(id)
      for (const id of log.acked) {
        live.delete(id)
        acked.add(id)
      }
      const counts = await readQueue(path)
      // The one ack cut by the kill may have committed: then it counts as acked from now on.
      if (log.inFlightAck !== undefined && !counts.has(log.inFlightAck)) {
        live.delete(log.inFlightAck)
        acked.add(log.inFlightAck)
      }
      for (const id of live) expect(counts.get(id), `enqueued ${id} after kill ${run}`).toBe(1)
      for (const id of acked) expect(counts.has(id), `acked ${id} came back after kill ${run}`).toBe(false)
      for (const [id, n] of counts) expect(n, `${id} stored once`).toBe(1)
    }
    // The kills landed mid-stream: the writers really did work between them.
    expect(totalOps).toBeGreaterThan(KILLS * 5)
    expect(acked.size).toBeGreaterThan(0)
  }, Math.max(120_000, KILLS * 4_000)) // each restart pays a tsx start-up (~0.5–1 s)
})
