/**
 * A spawned adapter process seen as a line-oriented peer: write a request line, wait (with a
 * deadline) for the next response line. The process runs in its own process group so killing
 * it also kills whatever the shell command started.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process'
import type { Clock } from '@bitmesh/interface'
import { readLines, type LineItem } from './line-reader.js'

/** Longest response line kept (characters); longer ones are reported as `overlong`. */
export const MAX_RESPONSE_LINE_CHARS = 64 * 1024 * 1024
/** How much of the adapter's stderr is kept for the report (characters, most recent). */
export const STDERR_TAIL_CHARS = 8 * 1024

/** What waiting for the next line produced. */
export type ReadOutcome =
  | LineItem
  | { readonly kind: 'timeout' }
  | { readonly kind: 'exit'; readonly code: number | null; readonly signal: string | null }

/** Options of {@link AdapterProcess.start}. */
export interface AdapterProcessOptions {
  /** Shell command line that starts the adapter. */
  command: string
  /** Clock for deadlines. */
  clock: Clock
  /** Working directory; default the current one. */
  cwd?: string | undefined
  /** Environment; default the current one. */
  env?: NodeJS.ProcessEnv | undefined
}

/** One running adapter. */
export class AdapterProcess {
  private readonly child: ChildProcess
  private readonly clock: Clock
  private readonly queue: ReadOutcome[] = []
  private waiter: ((outcome: ReadOutcome) => void) | null = null
  private stdoutEnded = false
  private exitInfo: { code: number | null; signal: string | null } | null = null
  private stderr = ''
  private readonly closed: Promise<void>

  private constructor(options: AdapterProcessOptions) {
    this.clock = options.clock
    this.child = spawn(options.command, {
      shell: true,
      // Own process group on POSIX, so kill() reaches the whole command, not just the shell.
      detached: process.platform !== 'win32',
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: options.cwd,
      env: options.env,
      windowsHide: true,
    })
    // A dead adapter makes writes fail with EPIPE; the read side reports the exit instead.
    this.child.stdin?.on('error', () => {})
    this.child.stderr?.setEncoding('utf8')
    this.child.stderr?.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-STDERR_TAIL_CHARS)
    })
    this.closed = new Promise<void>((resolve) => {
      this.child.on('error', (err) => {
        this.stderr = (this.stderr + `\n[runner] cannot start adapter: ${err.message}`).slice(-STDERR_TAIL_CHARS)
        this.exitInfo ??= { code: null, signal: null }
        resolve()
      })
      this.child.on('close', (code, signal) => {
        this.exitInfo ??= { code, signal }
        resolve()
      })
    })
    void this.pump()
  }

  /**
   * Spawn an adapter.
   * @param options - Command, clock, working directory and environment.
   * @returns The running adapter.
   */
  static start(options: AdapterProcessOptions): AdapterProcess {
    return new AdapterProcess(options)
  }

  private deliver(outcome: ReadOutcome): void {
    const waiter = this.waiter
    if (waiter !== null) {
      this.waiter = null
      waiter(outcome)
    } else this.queue.push(outcome)
  }

  private async pump(): Promise<void> {
    const stdout = this.child.stdout
    if (stdout !== null) {
      try {
        for await (const item of readLines(stdout, MAX_RESPONSE_LINE_CHARS)) this.deliver(item)
      } catch {
        // stream error: treated like the end of output
      }
    }
    this.stdoutEnded = true
    await this.closed
    this.deliver({ kind: 'exit', code: this.exitInfo?.code ?? null, signal: this.exitInfo?.signal ?? null })
  }

  /** True once the process has exited (or failed to start). */
  get exited(): boolean {
    return this.exitInfo !== null
  }

  /** Exit status, once exited. */
  get exitStatus(): { code: number | null; signal: string | null } | null {
    return this.exitInfo
  }

  /** The most recent part of the adapter's standard error. */
  stderrTail(): string {
    return this.stderr
  }

  /**
   * Write one request line (a newline is appended).
   * @param line - The request, without newline.
   */
  send(line: string): void {
    const stdin = this.child.stdin
    if (stdin !== null && !stdin.destroyed && stdin.writable) stdin.write(line + '\n')
  }

  /**
   * Wait for the next line of standard output.
   * @param timeoutMs - Deadline.
   * @returns The line, `timeout`, or `exit` when the process ended without more output.
   */
  next(timeoutMs: number): Promise<ReadOutcome> {
    const queued = this.queue.shift()
    if (queued !== undefined) {
      // Keep reporting the exit to every later caller.
      if (queued.kind === 'exit') this.queue.unshift(queued)
      return Promise.resolve(queued)
    }
    if (this.waiter !== null) throw new Error('AdapterProcess.next: already waiting')
    return new Promise<ReadOutcome>((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.waiter = null
        resolve({ kind: 'timeout' })
      }, timeoutMs)
      this.waiter = (outcome) => {
        this.clock.clearTimeout(timer)
        if (outcome.kind === 'exit') this.queue.push(outcome)
        resolve(outcome)
      }
    })
  }

  /** Kill the adapter and everything in its process group. Safe to call more than once. */
  kill(): void {
    if (this.exitInfo !== null) return
    const pid = this.child.pid
    try {
      if (pid !== undefined && process.platform !== 'win32') process.kill(-pid, 'SIGKILL')
      else this.child.kill('SIGKILL')
    } catch {
      this.child.kill('SIGKILL')
    }
  }

  /**
   * Close standard input and wait for the adapter to exit; kill it if it has not exited within
   * `graceMs`.
   * @param graceMs - How long to wait for a voluntary exit.
   * @returns The exit status and whether the runner had to kill it.
   */
  async close(graceMs: number): Promise<{ code: number | null; signal: string | null; killed: boolean }> {
    this.child.stdin?.end()
    let killed = false
    if (this.exitInfo === null) {
      let timer: unknown
      const timedOut = await Promise.race([
        this.closed.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = this.clock.setTimeout(() => resolve(true), graceMs)
        }),
      ])
      this.clock.clearTimeout(timer)
      if (timedOut) {
        killed = true
        this.kill()
        await this.closed
      }
    }
    return { code: this.exitInfo?.code ?? null, signal: this.exitInfo?.signal ?? null, killed }
  }

  /** Resolves once the process has exited and its output streams have closed. */
  whenClosed(): Promise<void> {
    return this.closed
  }

  /** True when standard output has ended. */
  get outputEnded(): boolean {
    return this.stdoutEnded
  }
}
