/**
 * One probe per package entry: call one real function of the loaded module and check its result
 * against a known value. A probe receives the module (ESM namespace or CJS exports) and `load`,
 * which loads another entry in the same module system (ESM probes import, CJS probes require).
 * It returns a short description of what it checked and throws when the value is wrong.
 *
 * Known values: SHA-256("abc") is FIPS 180-2's example; the PBKDF2-HMAC-SHA256 value is the first
 * 32 bytes of RFC 7914 §11's ("passwd", "salt", c = 1) vector; "u4pruydqqvj" is the geohash of 57.64911, 10.40744 from
 * Niemeyer's geohash.org announcement; the packet hex (a public MESSAGE, TTL 7) is
 * docs/conformance-adapter.md's example.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
const PBKDF2_PASSWD_SALT_1 = '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc'
const SAMPLE_FRAME_HEX = '01020700000000000000000000031011121314151617aabbcc'

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const fromHex = (text) => new Uint8Array(Buffer.from(text, 'hex'))
const utf8 = (text) => new TextEncoder().encode(text)

/** A deterministic Rng (for probes only). */
function countingRng() {
  let state = 1
  const next = () => {
    state = (state * 48271) % 2147483647
    return state / 2147483647
  }
  return {
    next,
    randomBytes: (n) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)),
  }
}

/** Full bitchat XX handshake plus one transport message with the given provider. */
function noiseRoundTrip(noise, crypto) {
  const a = noise.createBitchatHandshake({ crypto, initiator: true, staticKeyPair: noise.generateKeyPair(crypto) })
  const b = noise.createBitchatHandshake({ crypto, initiator: false, staticKeyPair: noise.generateKeyPair(crypto) })
  b.readMessage(a.writeMessage())
  a.readMessage(b.writeMessage())
  b.readMessage(a.writeMessage())
  assert.equal(a.status, 'complete')
  assert.equal(b.status, 'complete')
  const frame = new noise.BitchatTransport(a.split()).encrypt(utf8('hi'))
  assert.equal(new TextDecoder().decode(new noise.BitchatTransport(b.split()).decrypt(frame)), 'hi')
  return `XX handshake + transport message (${crypto.name})`
}

/** @type {Record<string, (mod: any, load: (id: string) => Promise<any>) => Promise<string> | string>} */
export const PROBES = {
  '@bitmesh/interface': (m) => {
    const reason = Object.values(m.DecodeReason)[0]
    const err = new m.DecodeError(reason, 'probe')
    assert.equal(m.isBitMeshError(err), true)
    assert.equal(err.reason, reason)
    return `DecodeError(${reason}) is a BitMeshError`
  },
  '@bitmesh/crypto': (m) => {
    assert.equal(hex(m.nobleCryptoProvider.sha256(utf8('abc'))), SHA256_ABC)
    return 'noble sha256("abc")'
  },
  '@bitmesh/crypto/node': (m) => {
    assert.equal(hex(m.nodeCryptoProvider.sha256(utf8('abc'))), SHA256_ABC)
    return 'node sha256("abc")'
  },
  '@bitmesh/wire-format': (m) => {
    const frame = fromHex(SAMPLE_FRAME_HEX)
    const packet = m.decodePacket(frame)
    assert.equal(packet.type, m.MessageType.MESSAGE)
    assert.equal(packet.ttl, 7)
    assert.equal(hex(m.encodePacket(packet)), SAMPLE_FRAME_HEX)
    return 'decodePacket/encodePacket round trip'
  },
  '@bitmesh/noise': async (m, load) => noiseRoundTrip(m, (await load('@bitmesh/crypto')).nobleCryptoProvider),
  '@bitmesh/gossip-router': async (m, load) => {
    const wire = await load('@bitmesh/wire-format')
    const key = m.dedupKeyOf(wire.decodePacket(fromHex(SAMPLE_FRAME_HEX)))
    assert.equal(key.length, m.DEDUP_KEY_BYTES)
    assert.match(m.dedupKeyHex(key), /^[0-9a-f]+$/)
    return 'dedupKeyOf(packet)'
  },
  '@bitmesh/cluster-election': (m) => {
    const beacon = {
      id: fromHex('0011223344556677'),
      os: 'android',
      role: 'head',
      hotspotSupport: true,
      charging: false,
      batteryLevel: 80,
      estBatteryLifeMin: 120,
      wake: false,
      neighborhoodRssiDbm: -60,
    }
    const bytes = m.encodeBeacon(beacon)
    assert.equal(bytes.length, m.BEACON_BYTES)
    assert.deepEqual({ ...m.decodeBeacon(bytes), id: hex(m.decodeBeacon(bytes).id) }, { ...beacon, id: '0011223344556677' })
    return 'encodeBeacon/decodeBeacon round trip'
  },
  '@bitmesh/store-forward': async (m, load) => {
    const wire = await load('@bitmesh/wire-format')
    const cls = m.classifyPacket(wire.decodePacket(fromHex(SAMPLE_FRAME_HEX)))
    assert.ok(m.MESSAGE_CLASSES.includes(cls), `class ${cls}`)
    return `classifyPacket(public message) = ${cls}`
  },
  '@bitmesh/store-forward/sqlite': async (m) => {
    const db = m.SqliteStore.open(':memory:')
    try {
      const kv = db.keyValueStore('probe')
      await kv.set('k', utf8('v'))
      assert.equal(hex((await kv.get('k')) ?? new Uint8Array()), hex(utf8('v')))
    } finally {
      db.close()
    }
    return 'SqliteStore key-value set/get'
  },
  '@bitmesh/geohash-discovery': (m) => {
    assert.equal(m.encodeGeohash(57.64911, 10.40744, 11), 'u4pruydqqvj')
    return 'encodeGeohash'
  },
  '@bitmesh/mesh': async (m, load) => {
    const crypto = (await load('@bitmesh/crypto')).nobleCryptoProvider
    const store = m.memoryKeyValueStore()
    const first = await m.loadOrCreateIdentity(store, crypto, countingRng(), 'probe/')
    const again = await m.loadOrCreateIdentity(store, crypto, countingRng(), 'probe/')
    assert.equal(first.signingSeed.length, 32)
    assert.equal(hex(again.signingSeed), hex(first.signingSeed))
    return 'loadOrCreateIdentity persists through a memory store'
  },
  '@bitmesh/panic-wipe': async (m, load) => {
    const crypto = (await load('@bitmesh/crypto')).nobleCryptoProvider
    assert.equal(hex(m.pbkdf2Sha256(crypto, utf8('passwd'), utf8('salt'), 1)), PBKDF2_PASSWD_SALT_1)
    return 'pbkdf2Sha256 (RFC 7914 vector)'
  },
  '@bitmesh/panic-wipe/node': async (m) => {
    const dir = mkdtempSync(join(tmpdir(), 'bitmesh-probe-'))
    try {
      const file = join(dir, 'f')
      await m.atomicWriteFile(file, utf8('data'))
      assert.equal(hex((await m.readFileIfExists(file)) ?? new Uint8Array()), hex(utf8('data')))
      assert.equal(await m.readFileIfExists(join(dir, 'missing')), undefined)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    return 'atomicWriteFile/readFileIfExists'
  },
  '@bitmesh/simulator': (m) => {
    const a = new m.SeededRng(42)
    const b = new m.SeededRng(42)
    assert.equal(a.next(), b.next())
    assert.equal(m.percentile([1, 2, 3, 4, 5], 0.5), 3)
    return 'SeededRng determinism, percentile'
  },
  '@bitmesh/transport-ble': (m) => {
    const le = m.uuidToLittleEndian(m.BITCHAT_SERVICE_UUID)
    assert.equal(le.length, 16)
    return 'uuidToLittleEndian(service UUID)'
  },
  '@bitmesh/transport-ble/react-native': (m) => {
    assert.equal(m.bytesToBase64(utf8('hello')), 'aGVsbG8=')
    assert.throws(() => m.blePlxAdapter({}), TypeError)
    return 'bytesToBase64, blePlxAdapter needs a BleManager'
  },
  '@bitmesh/transport-ble/web-bluetooth': async (m) => {
    // No navigator.bluetooth outside browsers: detection says so, the adapter throws UNSUPPORTED.
    assert.deepEqual(await m.detectWebBluetooth(), { api: false, available: false, leScan: false, grantedDevices: false })
    assert.throws(() => m.webBluetoothAdapter(), (e) => e.code === 'UNSUPPORTED')
    return 'detectWebBluetooth() without the API, typed UNSUPPORTED error'
  },
  '@bitmesh/transport-compliance': (m) => {
    assert.ok(Array.isArray(m.complianceCases) || typeof m.complianceCases === 'function', 'complianceCases')
    return manualClockProbe(m)
  },
  '@bitmesh/transport-compliance/memory': (m) => manualClockProbe(m),
  '@bitmesh/transport-hotspot': (m) => {
    const request = { requestId: fromHex('00'.repeat(m.CREDENTIAL_REQUEST_ID_BYTES)), memberEphemeralPublicKey: fromHex('11'.repeat(32)), timestampMs: 1_700_000_000_000 }
    const decoded = m.decodeCredentialRequest(m.encodeCredentialRequest(request))
    assert.equal(hex(decoded.memberEphemeralPublicKey), '11'.repeat(32))
    assert.equal(decoded.timestampMs, request.timestampMs)
    return 'encodeCredentialRequest/decodeCredentialRequest round trip'
  },
  '@bitmesh/transport-hotspot/node': (m) => directoryProbe(m),
  '@bitmesh/transport-hotspot/react-native': (m) => {
    assert.equal(typeof m.reactNativeHotspotAdapter, 'function')
    return rnSocketProbe(m)
  },
  '@bitmesh/transport-multipeer': (m) => {
    assert.equal(typeof m.multipeerTransport, 'function')
    assert.ok(m.MULTIPEER_MTU_BYTES > 0)
    return 'multipeerTransport is exported, MTU constant'
  },
  '@bitmesh/transport-multipeer/node': (m) => directoryProbe(m),
  '@bitmesh/transport-multipeer/react-native': (m) => {
    assert.equal(m.toBase64(utf8('hello')), 'aGVsbG8=')
    assert.equal(hex(m.fromBase64('aGVsbG8=') ?? new Uint8Array()), hex(utf8('hello')))
    return 'toBase64/fromBase64'
  },
  '@bitmesh/transport-wifi-direct': async (m, load) => {
    assert.equal(typeof m.wifiDirectTransport, 'function')
    const clock = new (await load('@bitmesh/transport-compliance/memory')).ManualClock(0)
    const [a, b] = m.createSimulatedPipe('a', 'b', { clock, latencyMs: 2 })
    const received = []
    const ignore = () => {}
    a.setHandlers({ data: ignore, drain: ignore, close: ignore })
    b.setHandlers({ data: (chunk) => received.push(...chunk), drain: ignore, close: ignore })
    a.write(new Uint8Array([1, 2, 3]))
    await clock.advance(10)
    assert.deepEqual(received, [1, 2, 3])
    return 'createSimulatedPipe carries bytes after its latency'
  },
  '@bitmesh/transport-wifi-direct/node': (m) => directoryProbe(m),
  '@bitmesh/transport-wifi-direct/react-native': (m) => {
    assert.equal(typeof m.reactNativeWifiP2pAdapter, 'function')
    return rnSocketProbe(m)
  },
  '@bitmesh/transport-lan': (m) => {
    const self = { id: '0123456789abcdef', host: '192.168.1.2', port: 7878 }
    const records = m.serviceRecords(self, m.LAN_SERVICE_TYPE, 120)
    assert.deepEqual(m.parseServiceResponse({ type: 'response', answers: records }, m.LAN_SERVICE_TYPE, '0.0.0.0'), [{ ...self, version: 1, ttlS: 120 }])
    return 'serviceRecords → parseServiceResponse round trip'
  },
  '@bitmesh/transport-lan/node': async (m) => {
    const clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (t) => clearTimeout(t) }
    const lan = m.lanTransport({ clock, nodeId: 'abcd0001', host: '127.0.0.1', port: 0, discovery: { mdns: false } })
    await lan.start()
    assert.match(lan.localAddress, /^abcd0001@127\.0\.0\.1:\d+$/)
    await lan.stop()
    return 'lanTransport listens on loopback and stops'
  },
  '@bitmesh/stream-link': (m) => {
    assert.deepEqual(m.parseHostPort('[fe80::1]:7433'), { host: 'fe80::1', port: 7433 })
    assert.equal(m.parseHostPort('host:70000'), undefined)
    return 'parseHostPort'
  },
  '@bitmesh/stream-link/node': (m) => directoryProbe(m),
  '@bitmesh/stream-link/react-native': (m) => rnSocketProbe(m),
  '@bitmesh/transport-manager': async (m, load) => {
    assert.throws(() => m.createTransportManager({ transports: [], clock: {}, rng: {} }), TypeError)
    const mem = await load('@bitmesh/transport-compliance/memory')
    const clock = new mem.ManualClock(0)
    const network = new mem.MemoryNetwork({ clock, latencyMs: 1 })
    const manager = m.createTransportManager({ transports: [mem.memoryTransport({ network, address: 'a' })], clock, rng: countingRng() })
    assert.ok(manager instanceof m.TransportManager)
    assert.equal(m.ENVELOPE_MAGIC, 0xb7)
    return 'createTransportManager over a memory transport; no transports → TypeError'
  },
  '@bitmesh/conformance': (m) => {
    const value = m.parseJson('{"t":18446744073709551615}')
    assert.equal(m.stringifyJson(value), '{"t":18446744073709551615}')
    return 'exact-integer parseJson/stringifyJson'
  },
  // Importing this entry starts the adapter on stdin: node-check runs it as a program instead.
  '@bitmesh/conformance/adapter': 'stdio',
  '@bitmesh/cli': (m) => {
    const report = m.inspectFrame(fromHex(SAMPLE_FRAME_HEX))
    assert.equal(report.type, 2)
    assert.match(report.typeLabel, /message/)
    return `inspectFrame: ${report.typeLabel}`
  },
}

/** ManualClock fires a due timer on advance. */
async function manualClockProbe(m) {
  const clock = new m.ManualClock(1_000)
  let fired = 0
  clock.setTimeout(() => fired++, 10)
  await clock.advance(10)
  assert.equal(fired, 1)
  assert.equal(clock.now(), 1_010)
  return 'ManualClock timer fires on advance'
}

/** A memory rendezvous directory can be created. */
function directoryProbe(m) {
  const dir = m.memoryDirectory()
  assert.equal(typeof dir, 'object')
  assert.ok(dir !== null)
  return 'memoryDirectory()'
}

/** rnSocketStream wraps a react-native-tcp-socket-like object. */
function rnSocketProbe(m) {
  const handlers = {}
  const socket = {
    on: (event, fn) => ((handlers[event] ??= []).push(fn), socket),
    once: (event, fn) => ((handlers[event] ??= []).push(fn), socket),
    off: () => socket,
    removeListener: () => socket,
    write: () => true,
    end: () => {},
    destroy: () => {},
  }
  const stream = m.rnSocketStream(socket)
  assert.equal(typeof stream, 'object')
  return 'rnSocketStream(socket)'
}
