/**
 * Loads the three third-party Noise vector sets into one shape.
 */
import { hex, loadJsonVectors } from '@bitmesh-internal/test-vectors'

/** One Noise test vector, normalised across cacophony, snow and noise-c. */
export interface NoiseVector {
  source: 'cacophony' | 'snow' | 'noise-c'
  protocolName: string
  pattern: string
  initPrologue: Uint8Array
  initStatic?: Uint8Array
  initEphemeral: Uint8Array
  initRemoteStatic?: Uint8Array
  respPrologue: Uint8Array
  respStatic?: Uint8Array
  respEphemeral: Uint8Array
  handshakeHash?: Uint8Array
  messages: { payload: Uint8Array; ciphertext: Uint8Array }[]
}

type Raw = Record<string, unknown> & { messages: { payload: string; ciphertext: string }[] }

const opt = (v: unknown): Uint8Array | undefined => (typeof v === 'string' ? hex(v) : undefined)

function normalise(source: NoiseVector['source'], raw: Raw): NoiseVector {
  const protocolName = (raw.protocol_name ?? raw.name) as string
  const m = /^Noise_([A-Za-z0-9]+)_25519_ChaChaPoly_SHA256$/.exec(protocolName)
  if (!m) throw new Error(`unexpected protocol ${protocolName}`)
  return {
    source,
    protocolName,
    pattern: m[1]!,
    initPrologue: hex(raw.init_prologue as string),
    initStatic: opt(raw.init_static),
    initEphemeral: hex(raw.init_ephemeral as string),
    initRemoteStatic: opt(raw.init_remote_static),
    respPrologue: hex(raw.resp_prologue as string),
    respStatic: opt(raw.resp_static),
    respEphemeral: hex(raw.resp_ephemeral as string),
    handshakeHash: opt(raw.handshake_hash),
    messages: raw.messages.map((x) => ({ payload: hex(x.payload), ciphertext: hex(x.ciphertext) })),
  }
}

const FILES = {
  cacophony: ['noise-cacophony', 'cacophony-25519-chachapoly-sha256.json'],
  snow: ['noise-snow', 'snow-25519-chachapoly-sha256.json'],
  'noise-c': ['noise-c', 'noise-c-basic-25519-chachapoly-sha256.json'],
} as const

/**
 * Load one vector set.
 * @param source - which set.
 * @returns its vectors.
 */
export function loadNoiseVectors(source: NoiseVector['source']): NoiseVector[] {
  const data = loadJsonVectors<{ vectors: Raw[] }>(...FILES[source])
  return data.vectors.map((v) => normalise(source, v))
}
