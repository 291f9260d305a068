import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { REPLAY_WINDOW_NONCES, ReplayWindow } from '../src/index.js'

/** The rule from bitchat-wire.md §5.4, written the obvious way. */
class ModelWindow {
  highest = 0
  seen = new Set<number>()
  check(n: number): boolean {
    if (n + REPLAY_WINDOW_NONCES <= this.highest) return false
    if (n > this.highest) return true
    return !this.seen.has(n)
  }
  accept(n: number): void {
    if (n > this.highest) this.highest = n
    this.seen.add(n)
  }
}

describe('ReplayWindow', () => {
  it('accepts in-order nonces once each', () => {
    const w = new ReplayWindow()
    for (let n = 0; n < 3000; n++) {
      expect(w.check(n)).toBe(true)
      w.accept(n)
      expect(w.check(n)).toBe(false)
    }
    expect(w.highest).toBe(2999)
  })

  it('window edges: highest−1023 is inside, highest−1024 is too old', () => {
    const w = new ReplayWindow()
    w.accept(5000)
    expect(w.check(5000 - 1023)).toBe(true)
    expect(w.check(5000 - 1024)).toBe(false)
    expect(w.check(0)).toBe(false)
    expect(w.check(5001)).toBe(true)
    expect(w.check(0xffff_ffff)).toBe(true)
  })

  it('fresh window accepts nonce 0 once (same as bitchat: highest = 0, nothing seen)', () => {
    const w = new ReplayWindow()
    expect(w.check(0)).toBe(true)
    w.accept(0)
    expect(w.check(0)).toBe(false)
    expect(w.check(1)).toBe(true)
  })

  it('a jump clears the slots of skipped nonces so they are still acceptable', () => {
    const w = new ReplayWindow()
    for (let n = 0; n < 1024; n++) w.accept(n) // fill the whole ring
    w.accept(1024 + 700) // skip 1024..1723
    for (let n = 1724 - 1023; n < 1724; n++) {
      expect(w.check(n)).toBe(n >= 1024)
    }
    w.accept(1024 + 700 + 5000) // jump beyond the window: everything cleared
    expect(w.check(1024 + 700 + 5000 - 1)).toBe(true)
    expect(w.check(1024 + 700)).toBe(false)
  })

  it('matches the model on random nonce streams, including big jumps (fast-check)', () => {
    const nonce = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 3000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff_ffff }) },
    )
    fc.assert(
      fc.property(fc.array(nonce, { maxLength: 400 }), (stream) => {
        const w = new ReplayWindow()
        const m = new ModelWindow()
        for (const n of stream) {
          const ok = m.check(n)
          expect(w.check(n)).toBe(ok)
          if (ok) {
            w.accept(n)
            m.accept(n)
          }
          expect(w.highest).toBe(m.highest)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('matches the model on mostly-in-order streams with local reordering (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1100, max: 40 }), { maxLength: 600 }), (deltas) => {
        const w = new ReplayWindow()
        const m = new ModelWindow()
        let base = 0
        for (const d of deltas) {
          const n = Math.max(0, base + d)
          base += 3
          const ok = m.check(n)
          expect(w.check(n)).toBe(ok)
          if (ok) {
            w.accept(n)
            m.accept(n)
          }
        }
      }),
      { numRuns: 200 },
    )
  })
})
