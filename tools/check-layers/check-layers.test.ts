import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const tool = fileURLToPath(new URL('./index.mjs', import.meta.url))
const scratch: string[] = []

function repo(packages: Record<string, { deps?: Record<string, string>; dev?: Record<string, string>; src?: string }>) {
  const root = mkdtempSync(join(tmpdir(), 'layers-'))
  scratch.push(root)
  for (const [name, spec] of Object.entries(packages)) {
    mkdirSync(join(root, 'packages', name, 'src'), { recursive: true })
    writeFileSync(
      join(root, 'packages', name, 'package.json'),
      JSON.stringify({ name: `@bitmesh/${name}`, dependencies: spec.deps ?? {}, devDependencies: spec.dev ?? {} }),
    )
    writeFileSync(join(root, 'packages', name, 'src', 'index.ts'), spec.src ?? 'export {}\n')
  }
  return root
}

function run(root: string) {
  const result = spawnSync(process.execPath, [tool], { env: { ...process.env, BITMESH_LAYERS_ROOT: root }, encoding: 'utf8' })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('tools/check-layers', () => {
  it('accepts arrows that point down', () => {
    const root = repo({
      interface: {},
      'wire-format': { deps: { '@bitmesh/interface': 'workspace:^' }, src: "import { DecodeError } from '@bitmesh/interface'\n" },
      mesh: { deps: { '@bitmesh/wire-format': 'workspace:^' } },
    })
    expect(run(root).status).toBe(0)
  })

  it('rejects an upward dependency, a sideways transport dependency and mesh importing a transport', () => {
    const root = repo({
      interface: {},
      'wire-format': { deps: { '@bitmesh/mesh': 'workspace:^' } },
      'transport-ble': {},
      'transport-hotspot': { deps: { '@bitmesh/transport-ble': 'workspace:^' } },
      mesh: { deps: { '@bitmesh/transport-ble': 'workspace:^' } },
    })
    const { status, output } = run(root)
    expect(status).toBe(1)
    expect(output).toContain('packages/wire-format (L1) may not depend on @bitmesh/mesh')
    expect(output).toContain('packages/transport-hotspot (L2) may not depend on @bitmesh/transport-ble')
    expect(output).toContain('packages/mesh (L4) may not depend on @bitmesh/transport-ble')
  })

  it('lets the socket-based transports import stream-link, but not stream-link a transport or BLE stream-link', () => {
    const ok = repo({
      interface: {},
      'wire-format': { deps: { '@bitmesh/interface': 'workspace:^' } },
      'stream-link': { deps: { '@bitmesh/interface': 'workspace:^', '@bitmesh/wire-format': 'workspace:^' } },
      'transport-wifi-direct': { deps: { '@bitmesh/stream-link': 'workspace:^' }, src: "import { FastLink } from '@bitmesh/stream-link'\nimport { listenTcp } from '@bitmesh/stream-link/node'\n" },
      'transport-hotspot': { deps: { '@bitmesh/stream-link': 'workspace:^' } },
      'transport-multipeer': { deps: { '@bitmesh/stream-link': 'workspace:^' } },
    })
    expect(run(ok)).toMatchObject({ status: 0 })
    const bad = repo({
      interface: {},
      'stream-link': { deps: { '@bitmesh/transport-hotspot': 'workspace:^' } },
      'transport-hotspot': {},
      'transport-ble': { deps: { '@bitmesh/stream-link': 'workspace:^' } },
    })
    const { status, output } = run(bad)
    expect(status).toBe(1)
    expect(output).toContain('packages/stream-link (L2) may not depend on @bitmesh/transport-hotspot')
    expect(output).toContain('packages/transport-ble (L2) may not depend on @bitmesh/stream-link')
  })

  it('rejects undeclared imports, unknown packages and ambient time below L4, but not in comments', () => {
    const root = repo({
      interface: {},
      noise: {
        dev: { '@bitmesh/crypto': 'workspace:^' },
        src: "/** import { x } from '@bitmesh/crypto' */\nimport { y } from '@bitmesh/crypto'\nexport const t = Date.now()\n",
      },
      crypto: {},
      'my-extra': {},
    })
    const { status, output } = run(root)
    expect(status).toBe(1)
    expect(output).toContain('imports @bitmesh/crypto at runtime but it is only a devDependency')
    expect(output).toContain('Date.now() below L4')
    expect(output).toContain('packages/my-extra: not in the layer table')
    expect(output.match(/only a devDependency/g)).toHaveLength(1)
  })
})
