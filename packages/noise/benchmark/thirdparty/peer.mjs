// Adapter over the npm peer used only by ../noise.ts: @chainsafe/libp2p-noise (js-libp2p's Noise,
// same suite Noise_XX_25519_ChaChaPoly_SHA256). Its package entry is libp2p-bound, so we reach
// its protocol-level classes by file path. Install first: `npm install` in this folder.
import { Uint8ArrayList } from 'uint8arraylist'
import { XXHandshakeState, ZEROLEN } from './node_modules/@chainsafe/libp2p-noise/dist/src/protocol.js'
import { defaultCrypto, pureJsCrypto } from './node_modules/@chainsafe/libp2p-noise/dist/src/crypto/index.js'
import { wrapCrypto } from './node_modules/@chainsafe/libp2p-noise/dist/src/crypto.js'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
export const peerVersion = require('./node_modules/@chainsafe/libp2p-noise/package.json').version

const PROTOCOL = 'Noise_XX_25519_ChaChaPoly_SHA256'

/**
 * @param {'node' | 'js'} flavour - `node`: the package's default crypto (node:crypto + AssemblyScript
 *   ChaCha below 1200 B); `js`: its pure-JS crypto (@noble).
 */
export function createPeer(flavour) {
  const raw = flavour === 'node' ? defaultCrypto : pureJsCrypto
  const crypto = wrapCrypto(raw)
  const a = crypto.generateKeypair()
  const b = crypto.generateKeypair()
  const list = (m) => new Uint8ArrayList(m)

  function handshake() {
    const i = new XXHandshakeState({ crypto, protocolName: PROTOCOL, initiator: true, prologue: ZEROLEN, s: a })
    const r = new XXHandshakeState({ crypto, protocolName: PROTOCOL, initiator: false, prologue: ZEROLEN, s: b })
    r.readMessageA(list(i.writeMessageA(ZEROLEN)))
    i.readMessageB(list(r.writeMessageB(ZEROLEN)))
    r.readMessageC(list(i.writeMessageC(ZEROLEN)))
    return [i.ss.split(), r.ss.split()]
  }

  /** A connected pair of transport ciphers: encrypt with one, decrypt with the other. */
  function transport() {
    const [[i1], [r1]] = handshake()
    return {
      roundTrip(plaintext) {
        const c = i1.encryptWithAd(ZEROLEN, plaintext)
        return r1.decryptWithAd(ZEROLEN, c)
      },
    }
  }

  return { name: `@chainsafe/libp2p-noise ${peerVersion} (${flavour === 'node' ? 'defaultCrypto' : 'pureJsCrypto'})`, handshake, transport }
}
