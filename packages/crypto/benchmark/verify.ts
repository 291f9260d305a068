/**
 * Crypto provider benchmark. Run with `pnpm bench` in this package (builds first via turbo) or
 * `node --import tsx benchmark/verify.ts` after `pnpm exec tsup`.
 *
 * Groups, each with its baseline measured in the same run:
 * - Ed25519 verify of a 256-byte message (a padded bitchat packet): baseline is raw
 *   `node:crypto.verify` with a KeyObject built once up front; target node provider ≥ 0.90×.
 * - Ed25519 sign, X25519 shared secret: node provider vs noble provider, and the node provider
 *   with its private-key cache off (every call imports the key, as before the cache existed).
 * - ChaCha20-Poly1305 seal+open at 256 B and 64 KiB: node provider vs noble provider.
 *
 * `BENCH_TIME_MS` sets the sampling time per task and round (default 700), `BENCH_ROUNDS` the
 * number of rounds (default 3; each task reports its median round).
 */
import { createPublicKey, verify as rawVerify } from 'node:crypto'
import { cpus } from 'node:os'
import { Bench } from 'tinybench'
import { createNobleCryptoProvider, nobleCryptoProvider } from '@bitmesh/crypto'
import { createNodeCryptoProvider, nodeCryptoProvider } from '@bitmesh/crypto/node'

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 700)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const KIB = 1024

interface Row {
  name: string
  opsPerSec: number
  rmePercent: number
}

/**
 * Run one group of tasks and return ops/s per task (from the mean latency). The group runs
 * `ROUNDS` times, rotating the task order, and each task reports its median round, so a burst of
 * load from another process hits one round of one task instead of skewing a ratio.
 */
async function group(title: string, tasks: Record<string, () => unknown>): Promise<Row[]> {
  const names = Object.keys(tasks)
  const samples = new Map<string, Array<{ ops: number; rme: number }>>(names.map((n) => [n, []]))
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: TIME_MS, warmupTime: 200 })
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]!
      bench.add(name, tasks[name]!)
    }
    await bench.run()
    for (const task of bench.tasks) {
      const result = task.result
      if (result === undefined || result.error !== undefined) throw result?.error ?? new Error(`${task.name} did not run`)
      samples.get(task.name)!.push({ ops: 1000 / result.latency.mean, rme: result.latency.rme })
    }
  }
  const rows = names.map((name) => {
    const sorted = samples.get(name)!.sort((a, b) => a.ops - b.ops)
    const median = sorted[Math.floor(sorted.length / 2)]!
    return { name, opsPerSec: median.ops, rmePercent: median.rme }
  })
  console.log(`\n${title}`)
  for (const r of rows) {
    console.log(`  ${r.name.padEnd(44)} ${r.opsPerSec.toFixed(0).padStart(9)} ops/s  ±${r.rmePercent.toFixed(1)}%`)
  }
  return rows
}

function ratio(rows: Row[], numerator: string, denominator: string): string {
  const a = rows.find((r) => r.name === numerator)
  const b = rows.find((r) => r.name === denominator)
  if (a === undefined || b === undefined) throw new Error(`missing ${numerator} or ${denominator}`)
  return `${(a.opsPerSec / b.opsPerSec).toFixed(2)}×`
}

function bytes(length: number, fill: number): Uint8Array {
  return new Uint8Array(length).fill(fill)
}

console.log(`node ${process.version}, OpenSSL ${process.versions.openssl}, ${cpus()[0]?.model ?? 'unknown CPU'} ×${cpus().length}`)
console.log(`sampling ${TIME_MS} ms per task per round, ${ROUNDS} rounds, median round reported`)

// ---- Ed25519 verify ----
const seed = bytes(32, 7)
const publicKey = nodeCryptoProvider.ed25519.getPublicKey(seed)
const message = bytes(256, 0x9b)
const signature = nodeCryptoProvider.ed25519.sign(message, seed)
const keyObject = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' })
const nodeUncached = createNodeCryptoProvider({ publicKeyCacheEntries: 0 })
const nobleUncached = createNobleCryptoProvider({ publicKeyCacheEntries: 0 })
for (const p of [nodeCryptoProvider, nobleCryptoProvider, nodeUncached, nobleUncached]) {
  if (!p.ed25519.verify(signature, message, publicKey)) throw new Error(`${p.name} failed to verify`)
}

const verifyRows = await group('Ed25519 verify, 256-byte message', {
  'raw node:crypto.verify, prebuilt KeyObject': () => rawVerify(null, message, keyObject, signature),
  'node provider (key cached)': () => nodeCryptoProvider.ed25519.verify(signature, message, publicKey),
  'node provider (cache off)': () => nodeUncached.ed25519.verify(signature, message, publicKey),
  'noble provider (key cached)': () => nobleCryptoProvider.ed25519.verify(signature, message, publicKey),
  'noble provider (cache off)': () => nobleUncached.ed25519.verify(signature, message, publicKey),
})
console.log(`  ratio node provider / raw node:crypto:  ${ratio(verifyRows, 'node provider (key cached)', 'raw node:crypto.verify, prebuilt KeyObject')}  (target ≥ 0.90×)`)
console.log(`  ratio node (cache off) / raw:           ${ratio(verifyRows, 'node provider (cache off)', 'raw node:crypto.verify, prebuilt KeyObject')}`)
console.log(`  ratio noble provider / raw:             ${ratio(verifyRows, 'noble provider (key cached)', 'raw node:crypto.verify, prebuilt KeyObject')}`)

// ---- Ed25519 sign ----
const nodeNoPrivateCache = createNodeCryptoProvider({ privateKeyCacheEntries: 0 })
const signRows = await group('Ed25519 sign, 256-byte message', {
  'noble provider': () => nobleCryptoProvider.ed25519.sign(message, seed),
  'node provider (seed cached)': () => nodeCryptoProvider.ed25519.sign(message, seed),
  'node provider (private-key cache off)': () => nodeNoPrivateCache.ed25519.sign(message, seed),
})
console.log(`  ratio node / noble:                 ${ratio(signRows, 'node provider (seed cached)', 'noble provider')}`)
console.log(`  ratio node cached / cache off:      ${ratio(signRows, 'node provider (seed cached)', 'node provider (private-key cache off)')}`)

// ---- X25519 ----
const ourPrivate = bytes(32, 3)
const theirPublic = nobleCryptoProvider.x25519.getPublicKey(bytes(32, 5))
const dhRows = await group('X25519 shared secret', {
  'noble provider': () => nobleCryptoProvider.x25519.sharedSecret(ourPrivate, theirPublic),
  'node provider (private key cached)': () => nodeCryptoProvider.x25519.sharedSecret(ourPrivate, theirPublic),
  'node provider (private-key cache off)': () => nodeNoPrivateCache.x25519.sharedSecret(ourPrivate, theirPublic),
})
console.log(`  ratio node / noble:                 ${ratio(dhRows, 'node provider (private key cached)', 'noble provider')}`)
console.log(`  ratio node cached / cache off:      ${ratio(dhRows, 'node provider (private key cached)', 'node provider (private-key cache off)')}`)

// ---- ChaCha20-Poly1305 ----
const aeadKey = bytes(32, 1)
const nonce = bytes(12, 2)
for (const size of [256, 64 * KIB]) {
  const plaintext = bytes(size, 0x42)
  const roundTrip = (p: typeof nobleCryptoProvider) => () => {
    const sealed = p.chacha20poly1305.seal(aeadKey, nonce, plaintext)
    if (p.chacha20poly1305.open(aeadKey, nonce, sealed) === null) throw new Error('open failed')
  }
  const rows = await group(`ChaCha20-Poly1305 seal+open, ${size >= KIB ? `${size / KIB} KiB` : `${size} B`}`, {
    'noble provider': roundTrip(nobleCryptoProvider),
    'node provider': roundTrip(nodeCryptoProvider),
  })
  for (const r of rows) console.log(`  ${r.name}: ${((r.opsPerSec * size * 2) / 1e6).toFixed(1)} MB/s processed (seal + open)`)
  console.log(`  ratio node / noble: ${ratio(rows, 'node provider', 'noble provider')}`)
}
