import { describe, expect, it } from 'vitest'
import { decodePacket, encodePacket, MessageType, packetIdHex, type BitchatPacket } from '@bitmesh/wire-format'
import { classifyPacket, relayInputFromPacket } from './classify.js'

function packet(type: number, extra: Partial<BitchatPacket> = {}): BitchatPacket {
  return {
    version: 1,
    type,
    ttl: 7,
    timestamp: 1_700_000_000_000n,
    senderId: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8),
    recipientId: null,
    route: null,
    payload: Uint8Array.of(0xaa, 0xbb),
    signature: null,
    isRsr: false,
    ...extra,
  }
}

function fragmentOf(originalType: number, extra: Partial<BitchatPacket> = {}): BitchatPacket {
  const payload = new Uint8Array(15)
  payload.set([0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 2, originalType, 0xaa, 0xbb])
  return packet(MessageType.FRAGMENT, { payload, ...extra })
}

describe('classifyPacket (bitchat-wire §2.1)', () => {
  it.each([
    [MessageType.MESSAGE, 'public'],
    [MessageType.BOARD_POST, 'public'],
    [MessageType.GROUP_MESSAGE, 'group'],
    [MessageType.NOISE_ENCRYPTED, 'dm'],
    [MessageType.COURIER_ENVELOPE, 'dm'],
    [MessageType.FILE_TRANSFER, 'media'],
    [MessageType.VOICE_FRAME, 'media'],
    [MessageType.ANNOUNCE, 'control'],
    [MessageType.LEAVE, 'control'],
    [MessageType.NOISE_HANDSHAKE, 'control'],
    [MessageType.REQUEST_SYNC, 'control'],
    [MessageType.PING, 'control'],
    [0x7e, 'control'],
  ] as const)('type %i → %s', (type, cls) => {
    expect(classifyPacket(packet(type))).toBe(cls)
  })

  it('private media (v2 noiseEncrypted without a route) is media; a routed v2 DM is a DM', () => {
    expect(classifyPacket(packet(MessageType.NOISE_ENCRYPTED, { version: 2 }))).toBe('media')
    expect(classifyPacket(packet(MessageType.NOISE_ENCRYPTED, { version: 2, route: [new Uint8Array(8)] }))).toBe('dm')
  })

  it('fragments take the class of their original type (§2.6)', () => {
    expect(classifyPacket(fragmentOf(MessageType.FILE_TRANSFER))).toBe('media')
    expect(classifyPacket(fragmentOf(MessageType.MESSAGE))).toBe('public')
    expect(classifyPacket(fragmentOf(MessageType.NOISE_ENCRYPTED))).toBe('media')
    expect(classifyPacket(fragmentOf(MessageType.NOISE_ENCRYPTED, { version: 2, route: [new Uint8Array(8)] }))).toBe('dm')
    expect(classifyPacket(packet(MessageType.FRAGMENT, { payload: new Uint8Array(5) }))).toBe('control')
  })

  it('an SOS predicate wins', () => {
    expect(classifyPacket(packet(MessageType.MESSAGE), { isSos: (p) => p.payload[0] === 0xaa })).toBe('sos')
  })

  it('relayInputFromPacket: packet ID, hex IDs, broadcast as null', () => {
    const recipient = Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9)
    const frame = encodePacket(packet(MessageType.NOISE_ENCRYPTED, { recipientId: recipient }))
    const decoded = decodePacket(frame)
    const input = relayInputFromPacket(frame, decoded)
    expect(input).toMatchObject({ sender: '0102030405060708', recipient: '0909090909090909', cls: 'dm' })
    expect(input.packetId).toBe(packetIdHex(decoded))
    const bcast = encodePacket(packet(MessageType.MESSAGE, { recipientId: new Uint8Array(8).fill(0xff) }))
    expect(relayInputFromPacket(bcast, decodePacket(bcast)).recipient).toBeNull()
  })
})
