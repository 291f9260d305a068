/**
 * Compliance harnesses for the reference memory transport, in the three timing modes it supports.
 */
import type { Clock, TimerHandle } from '@bitmesh/interface'
import type { TransportComplianceHarness } from '../src/index.js'
import { connectTransports, ManualClock, MemoryNetwork, memoryTransport, type MemoryTransportOptions } from '../src/index.js'

type Limits = Omit<MemoryTransportOptions, 'network' | 'address'>

/** Virtual time: 5 ms latency, BLE-ish bandwidth and MTU, small queues. */
export function virtualHarness(name = 'memory (virtual time, 5 ms, 20 kB/s, MTU 185)', limits: Limits = { mtu: 185, highWaterMarkBytes: 4096 }): TransportComplianceHarness {
  return {
    name,
    async setup() {
      const clock = new ManualClock(1_700_000_000_000)
      const network = new MemoryNetwork({ clock, latencyMs: 5, bandwidthBytesPerSecond: 20_000 })
      const a = memoryTransport({ ...limits, network, address: 'a' })
      const b = memoryTransport({ ...limits, network, address: 'b' })
      await a.start()
      await b.start()
      return {
        a,
        b,
        connect: () => connectTransports(a, b, 'b'),
        advance: (ms) => clock.advance(ms),
        pendingTimers: () => clock.pendingTimers(),
        async teardown() {
          await a.stop()
          await b.stop()
        },
      }
    },
  }
}

/** Zero latency, no clock at all: everything moves on microtasks; the suite waits in real time. */
export function microtaskHarness(): TransportComplianceHarness {
  return {
    name: 'memory (zero latency, no clock)',
    async setup() {
      const network = new MemoryNetwork()
      const a = memoryTransport({ network, address: 'a', mtu: 4096 })
      const b = memoryTransport({ network, address: 'b', mtu: 4096 })
      await a.start()
      await b.start()
      return {
        a,
        b,
        connect: () => connectTransports(a, b, 'b'),
        async teardown() {
          await a.stop()
          await b.stop()
        },
      }
    },
  }
}

/** The real event loop's timers, counted so the suite can check for leaks. */
function countingSystemClock(): Clock & { pending(): number } {
  const live = new Set<ReturnType<typeof setTimeout>>()
  return {
    now: () => Date.now(),
    setTimeout(callback, delayMs): TimerHandle {
      const handle = setTimeout(() => {
        live.delete(handle)
        callback()
      }, delayMs)
      live.add(handle)
      return handle
    },
    clearTimeout(handle) {
      live.delete(handle as ReturnType<typeof setTimeout>)
      clearTimeout(handle as ReturnType<typeof setTimeout>)
    },
    pending: () => live.size,
  }
}

/** Real timers, 1 ms latency: the suite waits in real time and still counts timers. */
export function realTimeHarness(): TransportComplianceHarness {
  return {
    name: 'memory (real timers, 1 ms)',
    async setup() {
      const clock = countingSystemClock()
      const network = new MemoryNetwork({ clock, latencyMs: 1 })
      const a = memoryTransport({ network, address: 'a' })
      const b = memoryTransport({ network, address: 'b' })
      await a.start()
      await b.start()
      return {
        a,
        b,
        connect: () => connectTransports(a, b, 'b'),
        pendingTimers: () => clock.pending(),
        async teardown() {
          await a.stop()
          await b.stop()
        },
      }
    },
  }
}
