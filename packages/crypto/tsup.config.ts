import { libraryConfig } from '../../tools/tsup/library'

export default libraryConfig(['src/index.ts', 'src/node.ts'], {
  // Keep `node:crypto` spelled out so a browser bundle of the /node entry fails loudly instead
  // of pulling in a crypto polyfill.
  removeNodeProtocol: false,
})
