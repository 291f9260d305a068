import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EXPECTED as X } from '@bitmesh/conformance'
import { inspectFrame } from '../src/inspect/inspect-frame.js'
import { parseCaptureText } from '../src/inspect/input.js'
import { renderFrameText } from '../src/inspect/render-text.js'

const seeds = [X.MSG_SIGNED, X.COMPRESSIBLE_AUTO, X.ROUTED_FRAME, X.NOISE_SIGNED_PADDED, ...X.MSG_SIGNED_FRAGMENTS_25].map(
  (h) => new Uint8Array(Buffer.from(h, 'hex')),
)

describe('inspectFrame', () => {
  it('never throws on random bytes or mutated frames, and always renders', () => {
    const mutated = fc
      .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat())
      .map(([base, flips, cut]) => {
        const f = base.slice(0, Math.max(0, base.length - (cut % 12)))
        for (const [at, v] of flips) if (f.length > 0) f[at % f.length] = v
        return f
      })
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), mutated), (frame) => {
        const r = inspectFrame(frame)
        expect(['ok', 'legacy', 'invalid']).toContain(r.status)
        expect(renderFrameText(r, 'x').length).toBeGreaterThan(3)
      }),
      { numRuns: 3000 },
    )
  })

  it('reports a reserved flag bit by name and still decodes', () => {
    const f = new Uint8Array(Buffer.from(X.MSG_UNSIGNED, 'hex'))
    f[11] = 0x80
    const r = inspectFrame(f)
    expect(r.status).toBe('ok')
    expect(r.flags).toEqual(['reserved 0x80 (ignored)'])
  })

  it('explains trailing bytes that are not padding', () => {
    const r = inspectFrame(new Uint8Array(Buffer.from(X.MSG_UNSIGNED + '0102', 'hex')))
    expect(r.padding).toEqual({ bytes: 2, kind: 'trailing' })
  })
})

describe('parseCaptureText', () => {
  it('labels frames with the comment above them and handles inline comments and blank lines', () => {
    const frames = parseCaptureText('# header\n\n# first\n0102 03\nzz\n0a0b # inline\n# dangling\n\n0c\n')
    expect(frames.map((f) => [f.line, f.label ?? null, f.bytes === null ? null : Buffer.from(f.bytes).toString('hex'), f.error ?? null])).toEqual([
      [4, 'first', '010203', null],
      [5, null, null, 'line 5 is not hex'],
      [6, 'inline', '0a0b', null],
      [9, null, '0c', null],
    ])
  })
})
