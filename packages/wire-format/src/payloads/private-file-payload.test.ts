import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hex, toHex } from '@bitmesh-internal/test-vectors'
import { decodeFilePacket, encodeFilePacket, encodePrivateFilePayload } from './file.js'
import { decodeNoisePayload, encodeNoisePayload, NoisePayloadType } from './noise-payload.js'

describe('encodePrivateFilePayload (§2.5.5)', () => {
  it('is 0x20 then the BitchatFilePacket TLV (Android golden file vector)', () => {
    const typed = encodePrivateFilePayload({ fileName: 'a', fileSize: 2, mimeType: 'm', content: hex('dead') })
    expect(toHex(typed)).toBe('20' + '010001610200040000000203' + '00016d0400000002dead')
  })

  it('equals encodeNoisePayload(0x20, encodeFilePacket(file)) and decodes back, for any file', () => {
    fc.assert(
      fc.property(
        fc.record({
          fileName: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
          mimeType: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
          content: fc.uint8Array({ minLength: 1, maxLength: 300 }),
        }),
        fc.boolean(),
        (file, omitAbsentFields) => {
          const options = { omitAbsentFields }
          let expected: Uint8Array
          try {
            expected = encodeNoisePayload(NoisePayloadType.PRIVATE_FILE, encodeFilePacket(file, options))
          } catch (error) {
            expect(() => encodePrivateFilePayload(file, options)).toThrow((error as Error).message)
            return
          }
          const typed = encodePrivateFilePayload(file, options)
          expect(toHex(typed)).toBe(toHex(expected))
          const payload = decodeNoisePayload(typed)
          expect(payload?.type).toBe(NoisePayloadType.PRIVATE_FILE)
          expect(toHex(decodeFilePacket(payload!.data).content)).toBe(toHex(file.content))
        },
      ),
    )
  })

  it('refuses what encodeFilePacket refuses', () => {
    expect(() => encodePrivateFilePayload({ fileName: 'a', content: new Uint8Array(0) })).toThrow(/empty/)
    expect(() => encodePrivateFilePayload({ content: hex('01') })).toThrow(/fileName/)
  })
})
