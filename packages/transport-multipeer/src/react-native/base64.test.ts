import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromBase64, toBase64 } from './base64.js'

describe('bridge base64', () => {
  it('matches Node’s base64 and round-trips (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64(bytes)
        expect(text).toBe(Buffer.from(bytes).toString('base64'))
        expect(fromBase64(text)).toEqual(bytes)
      }),
    )
  })
  it('refuses malformed input', () => {
    expect(fromBase64('a')).toBeNull()
    expect(fromBase64('ab$=')).toBeNull()
  })
})
