/**
 * The browser page of runtime check 2: the portable packages, bundled by Vite, running in
 * Chromium — packet encode/sign/decode/verify, a Noise XX handshake and two mesh nodes talking
 * over the reference memory transport on a manual clock (the private message rides a Noise
 * session set up by the nodes themselves).
 */
import { DecodeError, DecodeReason, isBitMeshError } from '@bitmesh/interface'
import { defaultCryptoProvider as crypto } from '@bitmesh/crypto'
import { MessageType, decodePacket, encodePacket, peerIdFromNoiseKey, signPacket, tryDecodePacket, utf8DecodeStrict, verifyPacketSignature } from '@bitmesh/wire-format'
import { BitchatTransport, createBitchatHandshake, generateKeyPair } from '@bitmesh/noise'
import { dedupKeyHex, dedupKeyOf } from '@bitmesh/gossip-router'
import { classifyPacket } from '@bitmesh/store-forward'
import { decodeGeohash, encodeGeohash } from '@bitmesh/geohash-discovery'
import { createMeshNode, cryptoRng } from '@bitmesh/mesh'
import { ManualClock, MemoryNetwork, connectTransports, memoryTransport } from '@bitmesh/transport-compliance/memory'
import { check, hex, runChecks, utf8 } from './checks.js'

const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'

function signedMessage() {
  const signingSeed = crypto.randomBytes(32)
  const packet = {
    version: 1,
    type: MessageType.MESSAGE,
    ttl: 7,
    timestamp: 1_760_000_000_000n,
    senderId: peerIdFromNoiseKey(crypto.x25519.getPublicKey(crypto.randomBytes(32))),
    recipientId: null,
    route: null,
    payload: utf8('hello from the browser'),
    signature: null,
    isRsr: false,
  }
  return { packet: signPacket(packet, signingSeed), publicKey: crypto.ed25519.getPublicKey(signingSeed) }
}

/** Two mesh nodes on one memory network: join, a public message, a private one delivered. */
async function meshExchange() {
  const clock = new ManualClock(1_760_000_000_000)
  const network = new MemoryNetwork({ clock, latencyMs: 2 })
  const run = async (ms) => {
    for (let t = 0; t < ms; t += 10) await clock.advance(10)
  }
  const make = async (name) => {
    const transport = memoryTransport({ network, address: name })
    const node = createMeshNode({ transports: [transport], clock, rng: cryptoRng(), crypto, nickname: name, autoDial: false })
    const events = { message: [], 'private-message': [], delivery: [] }
    for (const e of Object.keys(events)) node.on(e, (d) => events[e].push(d))
    const started = node.start()
    await clock.advance(0)
    await started
    return { node, transport, events }
  }
  const alice = await make('alice')
  const bob = await make('bob')
  const linked = connectTransports(alice.transport, bob.transport, 'bob')
  await clock.advance(5)
  await linked
  await run(2_000)
  check(alice.node.peers().some((p) => p.nickname === 'bob'), `alice sees ${JSON.stringify(alice.node.peers().map((p) => p.nickname))}`)
  await alice.node.sendPublic('hi bob')
  await run(300)
  check(bob.events.message.some((m) => m.text === 'hi bob'), `bob got ${bob.events.message.length} public messages`)
  const id = await alice.node.sendPrivate(bob.node.peerId, 'psst')
  await run(1_000)
  check(bob.events['private-message'].some((m) => m.text === 'psst'), `bob got ${bob.events['private-message'].length} private messages`)
  const statuses = alice.events.delivery.filter((d) => d.messageId === id).map((d) => d.status)
  check(statuses.includes('delivered'), `delivery statuses ${statuses.join(',')}`)
  const stopping = Promise.all([alice.node.stop(), bob.node.stop()])
  await run(2_000)
  await stopping
  return `public + private (Noise) message between two nodes, receipts: ${statuses.join(' → ')}`
}

runChecks([
  ['interface', () => {
    const err = new DecodeError(DecodeReason.TRUNCATED, 'short')
    check(isBitMeshError(err) && err.reason === DecodeReason.TRUNCATED, 'DecodeError is not a BitMeshError')
    return 'DecodeError(TRUNCATED) is a BitMeshError'
  }],
  ['crypto', () => {
    check(crypto.name === 'noble', `default provider ${crypto.name}`)
    check(hex(crypto.sha256(utf8('abc'))) === SHA256_ABC, 'sha256("abc")')
    const seed = crypto.randomBytes(32)
    const sig = crypto.ed25519.sign(utf8('m'), seed)
    check(crypto.ed25519.verify(sig, utf8('m'), crypto.ed25519.getPublicKey(seed)), 'ed25519 verify')
    return 'noble provider: sha256, Ed25519 sign/verify, getRandomValues'
  }],
  ['wire-format', () => {
    const { packet, publicKey } = signedMessage()
    const frame = encodePacket(packet)
    const received = decodePacket(frame)
    check(utf8DecodeStrict(received.payload) === 'hello from the browser', 'payload')
    check(verifyPacketSignature(received, publicKey), 'signature does not verify')
    const bad = tryDecodePacket(frame.subarray(0, 20))
    check(!bad.ok && bad.reason === 'TRUNCATED', `truncated frame gave ${JSON.stringify(bad.ok ? 'ok' : bad.reason)}`)
    return `signed ${frame.length}-byte frame: encode, decode, verify; truncated → TRUNCATED`
  }],
  ['noise', () => {
    const a = createBitchatHandshake({ crypto, initiator: true, staticKeyPair: generateKeyPair(crypto) })
    const b = createBitchatHandshake({ crypto, initiator: false, staticKeyPair: generateKeyPair(crypto) })
    b.readMessage(a.writeMessage())
    a.readMessage(b.writeMessage())
    b.readMessage(a.writeMessage())
    check(a.status === 'complete' && b.status === 'complete', `status ${a.status}/${b.status}`)
    const send = new BitchatTransport(a.split())
    const receive = new BitchatTransport(b.split())
    const frame = send.encrypt(utf8('secret'))
    check(new TextDecoder().decode(receive.decrypt(frame)) === 'secret', 'decrypt')
    check(receive.tryDecrypt(frame) === 'REPLAY', 'replay accepted')
    return 'XX handshake, transport encrypt/decrypt, replay rejected'
  }],
  ['gossip-router', () => {
    const key = dedupKeyOf(signedMessage().packet)
    check(/^[0-9a-f]+$/.test(dedupKeyHex(key)), 'dedup key')
    return `dedupKeyOf → ${key.length} bytes`
  }],
  ['store-forward', () => {
    const cls = classifyPacket(signedMessage().packet)
    check(cls === 'public', `class ${cls}`)
    return 'classifyPacket(public message) = public'
  }],
  ['geohash-discovery', () => {
    check(encodeGeohash(57.64911, 10.40744, 11) === 'u4pruydqqvj', 'encodeGeohash')
    const p = decodeGeohash('u4pruydqqvj')
    check(Math.abs(p.latitude - 57.64911) < 1e-4, `decoded ${JSON.stringify(p)}`)
    return 'encodeGeohash / decodeGeohash'
  }],
  ['mesh', meshExchange],
])
