/** `bitmesh sim --clusters on|off` (issue #6). */
import { describe, expect, it } from 'vitest'
import { cli } from './helpers.js'

describe('bitmesh sim --clusters', () => {
  it('documents the flag and refuses values other than on/off', async () => {
    const help = await cli('sim', '--help')
    expect(help.stdout).toContain('--clusters on|off')
    const bad = await cli('sim', '--scenario', 'two-nodes', '--clusters', 'maybe', '--no-progress')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--clusters must be on, off, deep or awake')
  })

  it('runs a crowd with clusters on and prints the cluster rows; JSON carries metrics.clusters', async () => {
    const on = await cli('sim', '--scenario', 'room-25', '--duration', '90', '--clusters', 'on', '--no-progress')
    expect(on.code).toBe(0)
    expect(on.stdout).toMatch(/^clusters +with head /m)
    expect(on.stdout).toMatch(/^drain model +mAh\/h head /m)
    const off = await cli('sim', '--scenario', 'two-nodes', '--duration', '30', '--clusters', 'off', '--json', '--no-progress')
    expect(off.code).toBe(0)
    const m = JSON.parse(off.stdout) as { clusters: { enabled: boolean; shareWithHead: number } }
    expect(m.clusters).toMatchObject({ enabled: false, shareWithHead: 0 })
    expect(off.stdout).not.toContain('"role"')
  }, 120_000)
})
