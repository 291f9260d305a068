/**
 * Run-time access to the third-party Noise vectors the `noise` suite replays. They are read in
 * place from `shared/vectors` beside the repository checkout (never copied into the package),
 * or from the folder named by `BITMESH_VECTORS_DIR`. Also X25519 public-key derivation with
 * `node:crypto`, so expected static keys do not come from the implementation under test.
 * @module
 */
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** Environment variable naming the vectors folder (overrides the checkout layout). */
export const VECTORS_DIR_ENV = 'BITMESH_VECTORS_DIR'

/** The cacophony file, relative to the vectors folder. */
export const CACOPHONY_VECTORS_FILE = join('noise-cacophony', 'cacophony-25519-chachapoly-sha256.json')

/** Largest vector file read (bytes); the cacophony subset is about 6 KB. */
const MAX_VECTOR_FILE_BYTES = 4 * 1024 * 1024

/** File whose presence marks the repository root. */
const WORKSPACE_MARKER = 'pnpm-workspace.yaml'

/** One cacophony entry, keys as lowercase hex. `*Static`/`*Ephemeral` are X25519 private keys. */
export interface CacophonyVector {
  readonly protocolName: string
  readonly initPrologue: string
  /** Absent for patterns where the initiator has no static key (NK). */
  readonly initStatic: string | null
  readonly initEphemeral: string
  /** The responder's static public key, for patterns with a responder pre-message (XK, IK, NK). */
  readonly initRemoteStatic: string | null
  readonly respPrologue: string
  readonly respStatic: string | null
  readonly respEphemeral: string
  /** `h` after the last handshake message. */
  readonly handshakeHash: string
  /** Handshake then transport messages; even index initiator → responder. */
  readonly messages: readonly { readonly payload: string; readonly ciphertext: string }[]
}

/**
 * Where the vectors folder is expected: `$BITMESH_VECTORS_DIR` when set, otherwise
 * `<repo root>/../shared/vectors`, the repository root being the nearest ancestor of the working
 * directory holding `pnpm-workspace.yaml` (the working directory itself when there is none).
 * @param env - Environment to read; default `process.env`.
 * @param cwd - Starting directory; default `process.cwd()`.
 * @returns An absolute path; it may not exist.
 */
export function noiseVectorsDir(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const fromEnv = env[VECTORS_DIR_ENV]
  if (fromEnv !== undefined && fromEnv !== '') return resolve(cwd, fromEnv)
  let dir = resolve(cwd)
  for (;;) {
    if (existsSync(join(dir, WORKSPACE_MARKER))) return resolve(dir, '..', 'shared', 'vectors')
    const parent = dirname(dir)
    if (parent === dir) return resolve(cwd, '..', 'shared', 'vectors')
    dir = parent
  }
}

function hexField(entry: Record<string, unknown>, name: string, optional: boolean): string | null {
  const value = entry[name]
  if (value === undefined && optional) return null
  if (typeof value !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(value)) throw new Error(`cacophony vector: ${name} is not hex`)
  return value.toLowerCase()
}

/**
 * Load one cacophony vector by protocol name.
 * @param protocolName - e.g. `Noise_XX_25519_ChaChaPoly_SHA256`.
 * @param vectorsDir - Folder to read; default {@link noiseVectorsDir}().
 * @returns The vector.
 * @throws Error naming the path it looked at when the file is missing, and when the file or
 *   the entry is not what the cacophony format promises.
 */
export function loadCacophonyVector(protocolName: string, vectorsDir: string = noiseVectorsDir()): CacophonyVector {
  const path = join(vectorsDir, CACOPHONY_VECTORS_FILE)
  if (!existsSync(path)) {
    throw new Error(
      `Noise test vectors not found: looked for ${path}. They are read in place from shared/vectors ` +
        `beside the repository checkout; set ${VECTORS_DIR_ENV} to the vectors folder to run from elsewhere.`,
    )
  }
  if (statSync(path).size > MAX_VECTOR_FILE_BYTES) throw new Error(`${path} is larger than ${MAX_VECTOR_FILE_BYTES} bytes`)
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { vectors?: unknown }
  if (!Array.isArray(doc.vectors)) throw new Error(`${path}: no "vectors" array`)
  const entry = doc.vectors.find((v: unknown) => (v as { protocol_name?: unknown } | null)?.protocol_name === protocolName) as
    | Record<string, unknown>
    | undefined
  if (entry === undefined) throw new Error(`${path}: no vector for ${protocolName}`)
  const messages = entry.messages
  if (!Array.isArray(messages)) throw new Error(`cacophony vector ${protocolName}: no messages`)
  return {
    protocolName,
    initPrologue: hexField(entry, 'init_prologue', false)!,
    initStatic: hexField(entry, 'init_static', true),
    initEphemeral: hexField(entry, 'init_ephemeral', false)!,
    initRemoteStatic: hexField(entry, 'init_remote_static', true),
    respPrologue: hexField(entry, 'resp_prologue', false)!,
    respStatic: hexField(entry, 'resp_static', true),
    respEphemeral: hexField(entry, 'resp_ephemeral', false)!,
    handshakeHash: hexField(entry, 'handshake_hash', false)!,
    messages: messages.map((m: unknown) => {
      const message = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>
      return { payload: hexField(message, 'payload', false)!, ciphertext: hexField(message, 'ciphertext', false)! }
    }),
  }
}

/** DER prefix of a PKCS#8 X25519 private key; the 32 raw key bytes follow. */
const X25519_PKCS8_PREFIX = '302e020100300506032b656e04220420'

/**
 * X25519 public key of a private key, computed with `node:crypto` (OpenSSL).
 * @param privateKeyHex - 32-byte private key, hex.
 * @returns The 32-byte public key, lowercase hex.
 * @throws TypeError when the key is not 64 hex characters.
 */
export function x25519PublicHex(privateKeyHex: string): string {
  if (!/^[0-9a-fA-F]{64}$/.test(privateKeyHex)) throw new TypeError('x25519PublicHex: expected 64 hex characters')
  const key = createPrivateKey({ key: Buffer.from(X25519_PKCS8_PREFIX + privateKeyHex, 'hex'), format: 'der', type: 'pkcs8' })
  const jwk = createPublicKey(key).export({ format: 'jwk' })
  return Buffer.from(String(jwk.x), 'base64url').toString('hex')
}
