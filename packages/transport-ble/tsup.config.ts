import { libraryConfig } from '../../tools/tsup/library'

export default libraryConfig({ index: 'src/index.ts', 'web-bluetooth/index': 'src/web-bluetooth/index.ts', 'react-native/index': 'src/react-native/index.ts' })
