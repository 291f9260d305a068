/**
 * @bitmesh/wire-format packet benchmarks (run: `pnpm bench` in this package, after
 * `pnpm turbo run build --filter=@bitmesh/wire-format...` so @bitmesh/crypto's dist exists).
 *
 * 1. decode / encode of (a) a 96-byte signed public message, (b) a 256-byte padded Noise frame,
 *    (c) a 560-byte compressible signed message — against a naive codec measured in the same run.
 * 2. signature verification: noble provider, node provider, raw node:crypto with a pre-built
 *    KeyObject (baseline).
 * 3. decode + dedup (packet ID into a bounded map) against bitchat iOS's CI floor of 9 500 ops/s.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto'
import { defaultCryptoProvider } from '@bitmesh/crypto'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import {
  decodePacket,
  encodePacket,
  packetIdHex,
  signingBytes,
  signPacket,
  verifyPacketSignature,
  type BitchatPacket,
} from '../src/packet/index.js'
import { measure, report } from './harness.js'
import { naiveDecode, naiveEncode } from './naive-codec.js'

const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 1)
const publicKey = defaultCryptoProvider.ed25519.getPublicKey(seed)
const sender = Uint8Array.from([0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07, 0x18])
const text = (s: string): Uint8Array => new TextEncoder().encode(s)

function base(fields: Partial<BitchatPacket>): BitchatPacket {
  return {
    version: 1,
    type: 0x02,
    ttl: 7,
    timestamp: 1_763_900_000_000n,
    senderId: sender,
    recipientId: null,
    route: null,
    payload: new Uint8Array(0),
    signature: null,
    isRsr: false,
    wireCompression: undefined,
    ...fields,
  }
}

// (a) 14 header + 8 sender + 10 payload + 64 signature = 96 bytes
const message = signPacket(base({ payload: text('hello mesh') }), seed)
// (b) Noise transport frame: 14 + 8 + 8 recipient + 150 ciphertext = 180 → padded to 256
const ciphertext = Uint8Array.from({ length: 150 }, (_, i) => (i * 167 + 13) & 0xff)
const noise = base({ type: 0x11, recipientId: Uint8Array.from([9, 9, 9, 9, 9, 9, 9, 9]), payload: ciphertext })
// (c) 560 bytes of chat text, signed, compressed on the wire
const words = 'meet at the north gate after the show bring water and a charged phone the mesh relay works '.split(' ')
let chat = ''
for (let i = 0; chat.length < 560; i++) chat += words[(i * 7) % words.length] + (i % 9 === 8 ? '. ' : ' ')
const long = signPacket(base({ payload: text(chat.slice(0, 560)) }), seed)

const frames = {
  a: encodePacket(message),
  b: encodePacket(noise),
  c: encodePacket(long),
}
if (frames.a.length !== 96 || frames.b.length !== 256) throw new Error('unexpected benchmark frame sizes')

console.log(`@bitmesh/wire-format packet codec — node ${process.version}, ${process.arch}`)
console.log(`frames: (a) ${frames.a.length} B signed message, (b) ${frames.b.length} B padded Noise, (c) ${frames.c.length} B on the wire for a 560 B compressible signed message\n`)

console.log('decode')
const naiveA = measure('naive decode (a) [baseline]', () => naiveDecode(frames.a))
report(naiveA)
report(measure('decodePacket (a) 96 B signed public message', () => decodePacket(frames.a)), naiveA)
const naiveB = measure('naive decode (b) [baseline]', () => naiveDecode(frames.b))
report(naiveB)
report(measure('decodePacket (b) 256 B padded Noise frame', () => decodePacket(frames.b)), naiveB)
report(measure('decodePacket (c) 560 B compressible message (inflate)', () => decodePacket(frames.c)), naiveA)

console.log('\nencode')
const naiveEncA = measure('naive encode (a) [baseline]', () => naiveEncode(message))
report(naiveEncA)
report(measure('encodePacket (a) 96 B signed public message', () => encodePacket(message)), naiveEncA)
const naiveEncB = measure('naive encode (b) [baseline, unpadded]', () => naiveEncode(noise))
report(naiveEncB)
report(measure('encodePacket (b) 256 B padded Noise frame', () => encodePacket(noise)), naiveEncB)
const fresh = { ...long, wireCompression: undefined }
report(measure('encodePacket (c) 560 B message, deflate level 5', () => encodePacket(fresh)), naiveEncA)
const relayed = decodePacket(frames.c)
report(measure('encodePacket (c) relay: reuse received DEFLATE bytes', () => encodePacket(relayed)), naiveEncA)

console.log('\nsignature verification (decoded 96 B message; includes building the preimage)')
const decodedA = decodePacket(frames.a)
const preimage = signingBytes(decodedA)
const keyObject = createPublicKey({
  key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]),
  format: 'der',
  type: 'spki',
})
const signature = decodedA.signature!
if (!verifyPacketSignature(decodedA, publicKey, nodeCryptoProvider)) throw new Error('node provider failed to verify')
const raw = measure('raw node:crypto verify, pre-built KeyObject [baseline]', () => nodeVerify(null, preimage, keyObject, signature), { roundMs: 300 })
report(raw)
report(measure('verifyPacketSignature, nodeCryptoProvider', () => verifyPacketSignature(decodedA, publicKey, nodeCryptoProvider), { roundMs: 300 }), raw)
report(measure('verifyPacketSignature, noble (default) provider', () => verifyPacketSignature(decodedA, publicKey, defaultCryptoProvider), { roundMs: 300, rounds: 3 }), raw)

console.log('\ndecode + dedup (packet ID hex into a bounded 4 096-entry map; each packet seen 4×)')
const DISTINCT = 2048
const stream: Uint8Array[] = []
for (let i = 0; i < DISTINCT; i++) {
  const frame = encodePacket({ ...message, timestamp: message.timestamp + BigInt(i) }).slice()
  for (let copy = 0; copy < 4; copy++) stream.push(frame)
}
for (let i = stream.length - 1; i > 0; i--) {
  const j = (i * 7919) % (i + 1)
  const t = stream[i]!
  stream[i] = stream[j]!
  stream[j] = t
}
const DEDUP_CAPACITY = 4096
const seen = new Map<string, true>()
let cursor = 0
let delivered = 0
const iosFloor = { name: 'bitchat iOS CI floor (9 500 ops/s)', opsPerSecond: 9_500 }
report(
  measure('decodePacket + packetIdHex + bounded Map', () => {
    const frame = stream[cursor]!
    cursor = cursor + 1 === stream.length ? 0 : cursor + 1
    const packet = decodePacket(frame)
    const id = packetIdHex(packet)
    if (seen.has(id)) return null
    if (seen.size >= DEDUP_CAPACITY) seen.delete(seen.keys().next().value!)
    seen.set(id, true)
    delivered++
    return packet
  }),
  iosFloor,
)
if (delivered === 0) throw new Error('dedup delivered nothing')
