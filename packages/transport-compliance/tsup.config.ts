import { libraryConfig } from '../../tools/tsup/library'

// `memory/index` is a separate entry so runtime users of the reference transport never load vitest.
export default libraryConfig({ index: 'src/index.ts', 'memory/index': 'src/memory/index.ts' }, { external: ['vitest'] })
