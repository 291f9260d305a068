// size-limit entry: the mobile core as an app uses it — packets signed, sent, received, verified,
// and a bitchat Noise session — tree-shaken by the bundler.
import { defaultCryptoProvider } from '../../../packages/crypto/dist/index.js'
import { BitchatTransport, createBitchatHandshake, generateKeyPair } from '../../../packages/noise/dist/index.js'
import { decodePacket, encodePacket, signPacket, verifyPacketSignature } from '../../../packages/wire-format/dist/index.js'

console.log(defaultCryptoProvider, BitchatTransport, createBitchatHandshake, generateKeyPair, decodePacket, encodePacket, signPacket, verifyPacketSignature)
