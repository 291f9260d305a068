/** The minimal abort controller and the host:port parser. */
import { describe, expect, it } from 'vitest'
import { createAbortController, onAbort, parseHostPort } from '../src/index.js'

describe('createAbortController / onAbort', () => {
  it('fires every listener once with the first reason, even when one throws', () => {
    const c = createAbortController()
    const calls: string[] = []
    onAbort(c.signal, () => calls.push('a'))
    c.signal.addEventListener('abort', () => {
      throw new Error('listener bug')
    })
    onAbort(c.signal, () => calls.push('b'))
    c.abort('first')
    c.abort('second')
    expect(calls).toEqual(['a', 'b'])
    expect(c.signal.aborted).toBe(true)
    expect(c.signal.reason).toBe('first')
  })

  it('runs at once on an aborted signal, never without a signal, and unsubscribes', () => {
    const c = createAbortController()
    let n = 0
    const off = onAbort(c.signal, () => n++)
    off()
    c.abort()
    expect(n).toBe(0)
    onAbort(c.signal, () => n++)
    expect(n).toBe(1)
    onAbort(undefined, () => n++)()
    expect(n).toBe(1)
  })
})

describe('parseHostPort', () => {
  it('splits IPv4, bracketed and bare IPv6 addresses', () => {
    expect(parseHostPort('192.168.49.1:8988')).toEqual({ host: '192.168.49.1', port: 8988 })
    expect(parseHostPort('[fe80::1]:443')).toEqual({ host: 'fe80::1', port: 443 })
    expect(parseHostPort('::1:7')).toEqual({ host: '::1', port: 7 })
  })

  it('returns undefined for a missing host or an out-of-range port', () => {
    for (const bad of ['', ':80', 'host', 'host:', 'host:0', 'host:65536', 'host:1.5', 'host:x']) expect(parseHostPort(bad)).toBeUndefined()
  })
})
