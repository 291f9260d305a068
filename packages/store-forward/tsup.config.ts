import { libraryConfig } from '../../tools/tsup/library'

// better-sqlite3 is an optional peer: never bundle it, so browser users never pull it in.
export default libraryConfig(['src/index.ts', 'src/sqlite/index.ts'], { external: ['better-sqlite3'] })
