import { libraryConfig } from '../../tools/tsup/library'

export default libraryConfig({ index: 'src/index.ts', 'node/index': 'src/node/index.ts' })
