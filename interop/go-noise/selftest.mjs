// End-to-end self test of bin/go-noise-adapter, driven over stdio exactly as
// the conformance harness would drive it. Run through selftest.sh.
//
// Checks: the cacophony Noise vectors (XX, XK, IK, NK; fixed keys, prologue,
// payloads, every ciphertext and the handshake hash), a live XX handshake
// between two sessions of the same process, bitchat transport framing both
// ways, out-of-order delivery, replay and too-old rejection at the window
// edge, forged frames that must not move the window, a tampered handshake
// message that must leave the session usable, and envelope error handling.
// Exits 1 on the first mismatch.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const adapterPath = process.env.GO_NOISE_ADAPTER ?? join(here, 'bin', 'go-noise-adapter');
const vectorDir = process.env.BITMESH_VECTORS ?? '/work/shared/vectors';
const vectorFile = join(vectorDir, 'noise-cacophony', 'cacophony-25519-chachapoly-sha256.json');

/** Replay window size the adapter must implement (bitchat-wire.md §5.4). */
const WINDOW_NONCES = 1024;

let checks = 0;
function fail(what) {
  console.error(`selftest: FAIL: ${what}`);
  process.exit(1);
}
function eq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
  checks++;
}

/** X25519 public key of a raw 32-byte private key (hex in, hex out). */
function x25519Public(privHex) {
  const pkcs8Prefix = Buffer.from('302e020100300506032b656e04220420', 'hex');
  const key = createPrivateKey({ key: Buffer.concat([pkcs8Prefix, Buffer.from(privHex, 'hex')]), format: 'der', type: 'pkcs8' });
  return Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x, 'base64url').toString('hex');
}

// ---- adapter process -------------------------------------------------------

const child = spawn(adapterPath, [], { stdio: ['pipe', 'pipe', 'inherit'] });
child.on('error', (err) => fail(`cannot start ${adapterPath}: ${err.message} (run build.sh first)`));
const lines = createInterface({ input: child.stdout });
const waiting = [];
lines.on('line', (line) => {
  const next = waiting.shift();
  if (!next) fail(`unsolicited output: ${line}`);
  let parsed;
  try {
    parsed = JSON.parse(line);
  } catch {
    fail(`output is not JSON: ${line}`);
  }
  next(parsed);
});
const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));

/** Sends one raw line and resolves with the parsed response. */
function sendRaw(line) {
  return new Promise((resolve) => {
    waiting.push(resolve);
    child.stdin.write(line + '\n');
  });
}

let nextId = 1;
/** Sends a request and returns the whole response after checking its id. */
async function call(op, args = {}) {
  const id = nextId++;
  const res = await sendRaw(JSON.stringify({ id, op, ...args }));
  if (res.id !== id) fail(`${op}: response id ${res.id} for request ${id}`);
  return res;
}
/** Calls an op that must succeed and returns its result. */
async function ok(op, args = {}) {
  const res = await call(op, args);
  if (res.ok !== true) fail(`${op} ${JSON.stringify(args).slice(0, 200)}: ${JSON.stringify(res.error)}`);
  return res.result;
}
/** Calls an op that must fail with the given code and returns the error. */
async function err(op, args, code, what) {
  const res = await call(op, args);
  eq(res.ok, false, `${what}: ok`);
  eq(res.error.code, code, `${what}: code`);
  return res.error;
}

const u32hex = (n) => n.toString(16).padStart(8, '0');

// ---- cacophony vectors -----------------------------------------------------

async function runVector(v) {
  const name = v.protocol_name;
  const pattern = name.split('_')[1];
  const init = (await ok('noise.new', {
    pattern, role: 'initiator', prologue: v.init_prologue,
    staticPrivate: v.init_static ?? null, ephemeralPrivate: v.init_ephemeral,
    remoteStaticPublic: v.init_remote_static ?? null,
  })).session;
  const resp = (await ok('noise.new', {
    pattern, role: 'responder', prologue: v.resp_prologue,
    staticPrivate: v.resp_static, ephemeralPrivate: v.resp_ephemeral,
  })).session;

  let complete = false;
  const counters = [0, 0]; // transport nonces per direction
  for (const [i, m] of v.messages.entries()) {
    const dir = i % 2;
    const [from, to] = dir === 0 ? [init, resp] : [resp, init];
    if (!complete) {
      const w = await ok('noise.write', { session: from, payload: m.payload });
      eq(w.message, m.ciphertext, `${name} handshake message ${i}`);
      const r = await ok('noise.read', { session: to, message: w.message });
      eq(r.payload, m.payload, `${name} handshake payload ${i}`);
      eq(r.complete, w.complete, `${name} both sides agree on completion after message ${i}`);
      complete = w.complete;
      if (complete) {
        for (const s of [init, resp]) {
          eq((await ok('noise.handshakeHash', { session: s })).hex, v.handshake_hash, `${name} handshake hash (${s})`);
        }
      }
    } else {
      const nonce = counters[dir]++;
      const { frame } = await ok('noise.encrypt', { session: from, plaintext: m.payload });
      eq(frame.slice(0, 8), u32hex(nonce), `${name} message ${i} nonce prefix`);
      eq(frame.slice(8), m.ciphertext, `${name} transport message ${i}`);
      eq((await ok('noise.decrypt', { session: to, frame })).plaintext, m.payload, `${name} decrypt ${i}`);
    }
  }
  eq(complete, true, `${name} handshake completed`);
  eq((await ok('noise.remoteStatic', { session: init })).hex, x25519Public(v.resp_static), `${name} initiator sees responder static`);
  if (v.init_static) {
    eq((await ok('noise.remoteStatic', { session: resp })).hex, x25519Public(v.init_static), `${name} responder sees initiator static`);
  } else {
    await err('noise.remoteStatic', { session: resp }, 'BAD_STATE', `${name} responder has no initiator static`);
  }
}

// ---- live XX, bitchat style ------------------------------------------------

const KEY_A = '11'.repeat(32);
const KEY_B = '22'.repeat(32);

/** Runs a bitchat XX handshake (empty prologue and payloads) between two sessions. */
async function bitchatPair() {
  const a = (await ok('noise.new', { pattern: 'XX', role: 'initiator', staticPrivate: KEY_A, prologue: '' })).session;
  const b = (await ok('noise.new', { pattern: 'XX', role: 'responder', staticPrivate: KEY_B })).session;
  const m1 = await ok('noise.write', { session: a, payload: '' });
  eq([m1.message.length / 2, m1.complete], [32, false], 'XX message 1 size');
  await ok('noise.read', { session: b, message: m1.message });
  const m2 = await ok('noise.write', { session: b, payload: '' });
  eq([m2.message.length / 2, m2.complete], [96, false], 'XX message 2 size');
  return { a, b, m2: m2.message };
}

async function finishPair(a, b, m2) {
  eq((await ok('noise.read', { session: a, message: m2 })).complete, false, 'XX initiator after message 2');
  const m3 = await ok('noise.write', { session: a, payload: '' });
  eq([m3.message.length / 2, m3.complete], [64, true], 'XX message 3 size');
  eq((await ok('noise.read', { session: b, message: m3.message })).complete, true, 'XX responder complete');
}

async function liveTests() {
  const { a, b, m2 } = await bitchatPair();

  // A tampered message 2 is rejected and leaves the initiator able to read the real one.
  const bad = m2.slice(0, 100) + (m2[100] === '0' ? '1' : '0') + m2.slice(101);
  await err('noise.read', { session: a, message: bad }, 'AUTH_FAILED', 'tampered message 2');
  await err('noise.read', { session: a, message: m2.slice(0, 40) }, 'DECODE_ERROR', 'truncated message 2');
  await err('noise.encrypt', { session: a, plaintext: '00' }, 'BAD_STATE', 'encrypt before completion');
  await err('noise.write', { session: b, payload: '' }, 'BAD_STATE', 'responder writing out of turn');
  await err('noise.read', { session: b, message: m2 }, 'AUTH_FAILED', 'responder fed message 2 instead of 3');
  await finishPair(a, b, m2);
  await err('noise.write', { session: a, payload: '' }, 'BAD_STATE', 'write after completion');

  const ha = (await ok('noise.handshakeHash', { session: a })).hex;
  eq(ha.length, 64, 'handshake hash size');
  eq((await ok('noise.handshakeHash', { session: b })).hex, ha, 'both sides share the handshake hash');
  eq((await ok('noise.remoteStatic', { session: a })).hex, x25519Public(KEY_B), 'initiator learns responder static');
  eq((await ok('noise.remoteStatic', { session: b })).hex, x25519Public(KEY_A), 'responder learns initiator static');

  // Transport both ways, in order.
  const hello = Buffer.from('hello bitchat').toString('hex');
  const f0 = (await ok('noise.encrypt', { session: a, plaintext: hello })).frame;
  eq(f0.length / 2, 4 + hello.length / 2 + 16, 'frame = nonce + ciphertext + tag');
  eq(f0.slice(0, 8), '00000000', 'first nonce is 0');
  eq((await ok('noise.decrypt', { session: b, frame: f0 })).plaintext, hello, 'a -> b');
  const back = (await ok('noise.encrypt', { session: b, plaintext: '' })).frame;
  eq(back.length / 2, 20, 'empty plaintext frame');
  eq((await ok('noise.decrypt', { session: a, frame: back })).plaintext, '', 'b -> a empty');
  await err('noise.decrypt', { session: b, frame: f0 }, 'REPLAY', 'immediate replay');
  await err('noise.decrypt', { session: a, frame: f0 }, 'REPLAY', 'nonce 0 already seen from b');
  await err('noise.decrypt', { session: a, frame: u32hex(7) + f0.slice(8) }, 'AUTH_FAILED', 'own frame under the wrong key');

  // Out of order within the window.
  const frames = [];
  for (let i = 1; i <= 10; i++) {
    const pt = Buffer.from(`msg ${i}`).toString('hex');
    const { frame } = await ok('noise.encrypt', { session: a, plaintext: pt });
    eq(frame.slice(0, 8), u32hex(i), `nonce ${i}`);
    frames[i] = { frame, pt };
  }
  for (const i of [7, 2, 10, 1, 5, 3, 9, 4, 8, 6]) {
    eq((await ok('noise.decrypt', { session: b, frame: frames[i].frame })).plaintext, frames[i].pt, `out of order ${i}`);
  }
  for (const i of [10, 1, 6]) {
    await err('noise.decrypt', { session: b, frame: frames[i].frame }, 'REPLAY', `replay of ${i}`);
  }

  // A forged frame far ahead must not move the window; a bad tag must not mark its nonce.
  const ahead = (await ok('noise.encrypt', { session: a, plaintext: '01' })).frame; // nonce 11
  const forgedFar = u32hex(50_000) + ahead.slice(8);
  await err('noise.decrypt', { session: b, frame: forgedFar }, 'AUTH_FAILED', 'forged far-ahead frame');
  const tampered = ahead.slice(0, -2) + (ahead.endsWith('00') ? '01' : '00');
  await err('noise.decrypt', { session: b, frame: tampered }, 'AUTH_FAILED', 'tampered tag');
  eq((await ok('noise.decrypt', { session: b, frame: ahead })).plaintext, '01', 'genuine frame after forgeries');
  await err('noise.decrypt', { session: b, frame: '00000001' + '00'.repeat(15) }, 'DECODE_ERROR', 'frame shorter than 20 bytes');

  // Window edge: after nonce H, H-1024 is too old and H-1023 still fresh.
  const pending = new Map();
  let last = 11;
  while (last < 11 + WINDOW_NONCES + 50) {
    const pt = last.toString(16).padStart(8, '0');
    const { frame } = await ok('noise.encrypt', { session: a, plaintext: pt });
    last = parseInt(frame.slice(0, 8), 16);
    pending.set(last, frame);
  }
  const high = last;
  eq((await ok('noise.decrypt', { session: b, frame: pending.get(high) })).plaintext.length, 8, `jump to nonce ${high}`);
  const oldest = high - WINDOW_NONCES;
  await err('noise.decrypt', { session: b, frame: pending.get(oldest) }, 'REPLAY', `nonce ${oldest} = highest-1024 is too old`);
  await ok('noise.decrypt', { session: b, frame: pending.get(oldest + 1) });
  await err('noise.decrypt', { session: b, frame: pending.get(oldest + 1) }, 'REPLAY', `nonce ${oldest + 1} twice`);
  await ok('noise.decrypt', { session: b, frame: pending.get(high - 1) });

  // Handshake DH with a low-order (all-zero) ephemeral key fails cleanly.
  const r = (await ok('noise.new', { pattern: 'XX', role: 'responder', staticPrivate: KEY_B })).session;
  await ok('noise.read', { session: r, message: '00'.repeat(32) });
  await err('noise.write', { session: r, payload: '' }, 'BAD_KEY', 'low-order ephemeral');
}

// ---- envelope --------------------------------------------------------------

async function envelopeTests() {
  const hello = await ok('hello');
  eq(hello.ops.includes('noise.decrypt'), true, 'hello lists noise.decrypt');
  eq(typeof hello.implementation, 'string', 'hello implementation');
  const bad = await sendRaw('{"id": 1, "op": ');
  eq([bad.id, bad.ok, bad.error.code], [null, false, 'BAD_REQUEST'], 'malformed JSON');
  const strId = await sendRaw('{"id":"abc","op":"packet.decode","hex":"00"}');
  eq([strId.id, strId.ok, strId.error.code], ['abc', false, 'UNSUPPORTED_OP'], 'unknown op with string id');
  await err('noise.new', { pattern: 'XX', role: 'initiator', staticPrivate: 'abcd' }, 'BAD_REQUEST', 'short key');
  await err('noise.new', { pattern: 'XK', role: 'initiator', staticPrivate: KEY_A }, 'BAD_REQUEST', 'XK without remoteStaticPublic');
  await err('noise.new', { pattern: 'KK', role: 'initiator', staticPrivate: KEY_A }, 'BAD_REQUEST', 'unsupported pattern');
  await err('noise.decrypt', { session: 'nope', frame: '' }, 'UNKNOWN_SESSION', 'unknown session');
  await err('noise.encrypt', { session: 's1' }, 'BAD_REQUEST', 'missing plaintext');
}

// ---- main ------------------------------------------------------------------

let vectors;
try {
  vectors = JSON.parse(readFileSync(vectorFile, 'utf8')).vectors;
} catch (e) {
  fail(`cannot read cacophony vectors at ${vectorFile}: ${e.message}`);
}
eq(vectors.some((v) => v.protocol_name === 'Noise_XX_25519_ChaChaPoly_SHA256'), true, 'XX vector present');
for (const v of vectors) await runVector(v);
await liveTests();
await envelopeTests();
child.stdin.end();
eq(await exited, 0, 'adapter exit status when stdin closes');
console.log(`selftest: OK (${vectors.length} cacophony vectors, ${checks} checks)`);
