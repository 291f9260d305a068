import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli } from '../../test/helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'bitmesh-sim-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('bitmesh sim', () => {
  it('prints one JSON object with the metrics the issue lists, same for the same seed', async () => {
    const args = ['sim', '--scenario', 'two-nodes', '--duration', '20', '--json']
    const a = await cli(...args)
    expect(a.code).toBe(0)
    const m = JSON.parse(a.stdout)
    for (const k of ['sent', 'expectedDeliveries', 'delivered', 'deliveryRatio']) expect(m.public).toHaveProperty(k)
    expect(Object.keys(m.public.latencyMs)).toEqual(['p50', 'p95', 'p99'])
    for (const k of ['sent', 'delivered', 'deliveryRatio', 'latencyMs']) expect(m.private).toHaveProperty(k)
    expect(Object.keys(m.transmissions)).toEqual(['frames', 'bytes', 'perDeliveredMessage'])
    expect(typeof m.drops).toBe('object')
    expect(m.wallS).toBeGreaterThanOrEqual(0)
    expect(m.peakRssMb).toBeGreaterThan(0)
    expect(m.public.sent).toBeGreaterThan(0)
    expect(m.public.deliveryRatio).toBe(1)
    // Progress bar on stderr, nothing else on stdout.
    expect(a.stderr).toContain('20/20 s')
    expect(a.stdout.trim().split('\n')).toHaveLength(1)
    const b = await cli(...args, '--no-progress')
    expect(b.stderr).toBe('')
    const { wallS: _a1, peakRssMb: _a2, ...ma } = m
    const { wallS: _b1, peakRssMb: _b2, ...mb } = JSON.parse(b.stdout)
    expect(mb).toEqual(ma)
    expect(m.policy).toBe('default')
  })

  it('runs the scenario under the relay policy --policy names', async () => {
    const r = await cli('sim', '--scenario', 'two-nodes', '--duration', '20', '--policy', 'bitmesh', '--json', '--no-progress')
    expect(r.code).toBe(0)
    const m = JSON.parse(r.stdout)
    expect(m.policy).toBe('bitmesh')
    expect(m.public.deliveryRatio).toBe(1)
  })

  it('prints a summary table and writes a self-contained HTML report', async () => {
    const report = join(dir, 'out.html')
    const r = await cli('sim', '--scenario', 'two-nodes', '--duration', '15', '--seed', '4', '--report', report, '--no-progress')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^scenario +two-nodes {2}seed 4 {2}2 nodes {2}15 s/m)
    expect(r.stdout).toMatch(/^public delivered +\d+ \/ \d+ expected/m)
    const html = readFileSync(report, 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<svg')
    expect(html).toContain('aria-label="node map"')
    expect(html).not.toMatch(/<script|https?:\/\//)
  })

  it('reads a scenario file and reports validation errors with their paths', async () => {
    const good = join(dir, 'tiny.json')
    writeFileSync(
      good,
      JSON.stringify({
        name: 'tiny',
        seed: 1,
        durationS: 12,
        area: { widthM: 5, heightM: 5 },
        nodes: { count: 3, placement: 'grid' },
        radio: { ble: { rangeM: 20 } },
        traffic: { publicMessagesPerSecond: 1, startS: 4, quietS: 4 },
      }),
    )
    const ok = await cli('sim', '--scenario', good, '--json', '--no-progress')
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout).nodes).toBe(3)

    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ name: 'bad', seed: 1, durationS: 10, area: { widthM: 5, heightM: 5 }, nodes: { count: 3 }, radio: { ble: { rangeM: 20, lossRate: 7 } }, traffic: {} }))
    const r = await cli('sim', '--scenario', bad)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('radio.ble.lossRate')
    expect(r.stderr).toContain('traffic.publicMessagesPerSecond')
  })

  it('rejects usage errors', async () => {
    expect((await cli('sim')).code).toBe(2)
    expect((await cli('sim', '--scenario', 'no-such-thing')).stderr).toMatch(/neither a readable file nor a builtin/)
    expect((await cli('sim', '--scenario', 'two-nodes', '--nodes', '0')).code).toBe(2)
    expect((await cli('sim', '--scenario', 'two-nodes', '--duration', 'x')).code).toBe(2)
    const badPolicy = await cli('sim', '--scenario', 'two-nodes', '--policy', 'gossip-of-doom')
    expect(badPolicy.code).toBe(2)
    expect(badPolicy.stderr).toMatch(/unknown --policy "gossip-of-doom" \(have .*bitmesh/)
    const help = await cli('sim', '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('festival-10k')
    const badClusters = await cli('sim', '--scenario', 'two-nodes', '--clusters', 'maybe')
    expect(badClusters.code).toBe(2)
    expect(badClusters.stderr).toMatch(/--clusters must be on, off, deep or awake/)
  })

  it('runs cluster mode with deep sleep (--clusters deep)', async () => {
    const r = await cli('sim', '--scenario', 'two-nodes', '--duration', '20', '--clusters', 'deep', '--json', '--no-progress')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).clusters.enabled).toBe(true)
  })
})
