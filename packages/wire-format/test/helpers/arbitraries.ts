/** fast-check arbitraries for packets and encoder options. */
import fc from 'fast-check'
import { isLegacyOnlyType, type BitchatPacket, type EncodeOptions } from '../../src/packet/index.js'
import { chatBytes } from './chat-text.js'

const id = fc.uint8Array({ minLength: 8, maxLength: 8 })

/** Payloads: random bytes (rarely compressible), chat text (compressible), and long runs. */
export const payloadArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc.tuple(fc.nat(1_000_000), fc.integer({ min: 0, max: 2500 })).map(([seed, len]) => chatBytes(seed, len)),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 4000 })).map(([b, len]) => new Uint8Array(len).fill(b)),
)

/** Any encodable packet (v1 types avoid the legacy-only numbers the decoder rejects). */
export const packetArb: fc.Arbitrary<BitchatPacket> = fc
  .record({
    version: fc.constantFrom<1 | 2>(1, 2),
    type: fc.integer({ min: 0, max: 255 }),
    ttl: fc.integer({ min: 0, max: 255 }),
    timestamp: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    senderId: id,
    recipientId: fc.option(id, { nil: null }),
    route: fc.option(fc.array(id, { minLength: 1, maxLength: 6 }), { nil: null }),
    payload: payloadArb,
    signature: fc.option(fc.uint8Array({ minLength: 64, maxLength: 64 }), { nil: null }),
    isRsr: fc.boolean(),
  })
  .filter((p) => !(p.version === 1 && isLegacyOnlyType(p.type)))
  .map((p) => ({ ...p, route: p.version === 2 ? p.route : null, wireCompression: undefined }))

/** Encoder options, including the default (undefined). */
export const optionsArb: fc.Arbitrary<EncodeOptions | undefined> = fc.option(
  fc.record(
    { padding: fc.constantFrom<boolean | 'ble'>(true, false, 'ble'), compression: fc.constantFrom<'auto' | 'none'>('auto', 'none') },
    { requiredKeys: [] },
  ),
  { nil: undefined },
)
