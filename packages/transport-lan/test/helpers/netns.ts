/**
 * A throw-away network namespace whose loopback carries multicast, so mDNS tests never touch the
 * host's interfaces (test-only; the CLI's chat test imports it by relative path).
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** A namespace, or why one could not be made. */
export type Netns = { ok: true; name: string; exec: string[]; remove(): void } | { ok: false; reason: string }

const IP = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find((p) => existsSync(p))

/**
 * Create `bm-<tag>-<pid>` with `lo` up, multicast on and 224.0.0.0/4 routed to it.
 * @returns the namespace with the command prefix to run a process inside it, or the reason for skipping
 */
export function createNetns(tag: string): Netns {
  if (IP === undefined) return { ok: false, reason: 'iproute2 (`ip`) is not installed' }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { ok: false, reason: 'network namespaces need root' }
  const name = `bm-${tag}-${process.pid}`
  const run = (...args: string[]): void => {
    execFileSync(IP, args, { stdio: 'pipe' })
  }
  try {
    run('netns', 'add', name)
  } catch (error) {
    return { ok: false, reason: `cannot create a network namespace here: ${String((error as { stderr?: unknown }).stderr ?? error).trim()}` }
  }
  try {
    run('-n', name, 'link', 'set', 'lo', 'up', 'multicast', 'on')
    run('-n', name, 'route', 'add', '224.0.0.0/4', 'dev', 'lo')
  } catch (error) {
    try {
      run('netns', 'del', name)
    } catch {}
    return { ok: false, reason: `cannot enable multicast on the namespace's loopback: ${String(error)}` }
  }
  return {
    ok: true,
    name,
    exec: [IP, 'netns', 'exec', name],
    remove: () => {
      try {
        run('netns', 'del', name)
      } catch {}
    },
  }
}
