import { describe, expect, it } from 'vitest'
import { BITCHAT_CHARACTERISTIC_UUID, BITCHAT_SERVICE_UUID, BITCHAT_SERVICE_UUID_DEBUG, buildAdvertisingData, normalizeUuid, uuidToLittleEndian } from '../src/index.js'

describe('advertising payloads (spec §6.1)', () => {
  it('lays 128-bit UUIDs out little-endian, as on the air', () => {
    expect(Buffer.from(uuidToLittleEndian(BITCHAT_SERVICE_UUID)).toString('hex')).toBe('5c4b3a2c1d8e3f9b5a4c9e4a2d5e7bf4')
    expect(Buffer.from(uuidToLittleEndian(BITCHAT_SERVICE_UUID_DEBUG)).toString('hex')).toBe('5a4b3a2c1d8e3f9b5a4c9e4a2d5e7bf4')
    expect(normalizeUuid(BITCHAT_CHARACTERISTIC_UUID)).toBe('a1b2c3d4e5f64a5b8c9d0e1f2a3b4c5d')
    expect(() => uuidToLittleEndian('180d')).toThrow(RangeError)
  })

  it('fits flags + UUID in the advertisement and UUID + 8-byte peer ID in the scan response (≤ 31 bytes)', () => {
    const { advertisement, scanResponse } = buildAdvertisingData(BITCHAT_SERVICE_UUID, new Uint8Array(8).fill(0xab))
    expect(advertisement).toHaveLength(21)
    expect(scanResponse).toHaveLength(26)
    expect([...scanResponse.subarray(0, 2)]).toEqual([25, 0x21])
    expect([...scanResponse.subarray(18)]).toEqual(new Array(8).fill(0xab))
    expect(() => buildAdvertisingData(BITCHAT_SERVICE_UUID, new Uint8Array(14))).toThrow(RangeError)
    expect(buildAdvertisingData(BITCHAT_SERVICE_UUID, new Uint8Array(13)).scanResponse).toHaveLength(31)
  })
})
