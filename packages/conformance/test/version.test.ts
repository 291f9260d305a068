import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONFORMANCE_VERSION } from '../src/version.js'

describe('CONFORMANCE_VERSION', () => {
  it('equals package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(CONFORMANCE_VERSION).toBe(pkg.version)
  })
})
