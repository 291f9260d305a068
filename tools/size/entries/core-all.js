// size-limit entry: the whole mobile core, every export kept (what `import *` of the three costs).
import * as crypto from '../../../packages/crypto/dist/index.js'
import * as noise from '../../../packages/noise/dist/index.js'
import * as wire from '../../../packages/wire-format/dist/index.js'

console.log(crypto, noise, wire)
