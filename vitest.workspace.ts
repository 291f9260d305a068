import { readdirSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

const root = fileURLToPath(new URL('.', import.meta.url))
const packagesDir = join(root, 'packages')

/** Every package directory under packages/ (a directory with a package.json). */
export const packageNames: string[] = readdirSync(packagesDir).filter((name) =>
  existsSync(join(packagesDir, name, 'package.json')),
)

/**
 * Tests import workspace packages from their TypeScript sources, so `vitest run` needs no build.
 * Subpath exports are listed first so the bare package alias does not swallow them.
 */
export const workspaceAliases = [
  { find: '@bitmesh-internal/test-vectors', replacement: join(root, 'tools/test-helpers/vectors.ts') },
  { find: '@bitmesh-internal/test-doubles', replacement: join(root, 'tools/test-helpers/doubles.ts') },
  { find: '@bitmesh/crypto/node', replacement: join(packagesDir, 'crypto/src/node.ts') },
  { find: '@bitmesh/transport-compliance/memory', replacement: join(packagesDir, 'transport-compliance/src/memory/index.ts') },
  { find: '@bitmesh/store-forward/sqlite', replacement: join(packagesDir, 'store-forward/src/sqlite/index.ts') },
  { find: '@bitmesh/panic-wipe/node', replacement: join(packagesDir, 'panic-wipe/src/node.ts') },
  ...['transport-wifi-direct', 'transport-hotspot', 'transport-multipeer'].flatMap((pkg) =>
    ['node', 'react-native'].map((sub) => ({ find: `@bitmesh/${pkg}/${sub}`, replacement: join(packagesDir, `${pkg}/src/${sub}/index.ts`) })),
  ),
  ...['node', 'react-native'].map((sub) => ({ find: `@bitmesh/stream-link/${sub}`, replacement: join(packagesDir, `stream-link/src/${sub}/index.ts`) })),
  ...['web-bluetooth', 'react-native'].map((sub) => ({ find: `@bitmesh/transport-ble/${sub}`, replacement: join(packagesDir, `transport-ble/src/${sub}/index.ts`) })),
  { find: '@bitmesh/transport-lan/node', replacement: join(packagesDir, 'transport-lan/src/node/index.ts') },
  ...packageNames.map((name) => ({
    find: new RegExp(`^@bitmesh/${name}$`),
    replacement: join(packagesDir, name, 'src/index.ts'),
  })),
]

/** One vitest project per package; tests sit beside the code (`src/**\/*.test.ts`) or in `test/`. */
const packageProjects = packageNames.map((name) => ({
  resolve: { alias: workspaceAliases },
  test: {
    name,
    root: join(packagesDir, name),
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Slow suites (long fuzz runs, 200-kill crash loops) opt in with BITMESH_SLOW=1.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
}))

/** Cross-implementation interop suites (BitMesh paired with peers no one on the team wrote). */
const interopProject = {
  resolve: { alias: workspaceAliases },
  test: {
    name: 'interop',
    root: join(root, 'interop'),
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
}

/** Tests of the repository tools (layer check). */
const toolsProject = {
  test: { name: 'tools', root: join(root, 'tools'), include: ['**/*.test.ts'] },
}

export const projects = [...packageProjects, interopProject, toolsProject]

export default projects
