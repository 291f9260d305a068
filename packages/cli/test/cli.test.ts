import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CLI_VERSION } from '../src/version.js'
import { cli } from './helpers.js'

describe('bitmesh', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(CLI_VERSION).toBe(pkg.version)
    expect(await cli('--version')).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' })
    expect((await cli('-v')).stdout).toBe(`${pkg.version}\n`)
  })

  it('--help lists every command', async () => {
    const r = await cli('--help')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Usage: bitmesh <command>')
    expect(r.stdout).toMatch(/^ {2}decode\s+annotate/m)
    expect(r.stdout).toMatch(/^ {2}conformance\s+run the conformance suites/m)
  })

  it('no arguments prints help on stderr with status 2', async () => {
    const r = await cli()
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Usage: bitmesh')
  })

  it('an unknown command is a usage error', async () => {
    const r = await cli('frobnicate')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('unknown command "frobnicate"')
  })

  it('help <command> and <command> --help print the command usage', async () => {
    expect((await cli('help', 'decode')).stdout).toContain('Usage: bitmesh decode')
    expect((await cli('decode', '--help')).stdout).toContain('Usage: bitmesh decode')
    expect((await cli('conformance', '--help')).stdout).toContain('Usage: bitmesh conformance')
    expect((await cli('help', 'nope')).code).toBe(2)
  })

  it('conformance list shows every suite', async () => {
    const r = await cli('conformance', 'list')
    expect(r.code).toBe(0)
    for (const suite of ['protocol', 'golden', 'packet', 'ids', 'announce', 'fragment', 'gcs']) expect(r.stdout).toMatch(new RegExp(`^${suite} — `, 'm'))
  })

  it('conformance run without --adapter or with a bad option is a usage error', async () => {
    expect((await cli('conformance', 'run')).code).toBe(2)
    expect((await cli('conformance', 'run', '--adapter', 'x', '--suite', 'nope')).code).toBe(2)
    expect((await cli('conformance', 'run', '--adapter', 'x', '--timeout', '-5')).code).toBe(2)
    expect((await cli('conformance', 'run', '--bogus')).code).toBe(2)
    expect((await cli('conformance', 'sing')).code).toBe(2)
  })
})
