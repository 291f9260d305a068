import { describe, expect, it } from 'vitest'
import { BUILTIN_SCENARIOS, ScenarioError, applyOverrides, builtinScenario, parseScenario, parseScenarioJson } from '../src/index.js'

const minimal = {
  name: 'mini',
  seed: 3,
  durationS: 30,
  area: { widthM: 10, heightM: 10 },
  nodes: { count: 4 },
  radio: { ble: { rangeM: 15 } },
  traffic: { publicMessagesPerSecond: 1 },
}

function issuesOf(value: unknown): Array<{ path: string; message: string }> {
  try {
    parseScenario(value, 'test')
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError)
    return [...(err as ScenarioError).issues]
  }
  throw new Error('expected a ScenarioError')
}

describe('scenario files', () => {
  it('has the built-ins, all valid', () => {
    expect(BUILTIN_SCENARIOS).toEqual(['two-nodes', 'room-25', 'room-25-hostile', 'festival-300', 'festival-1k', 'festival-10k', 'partition-courier'])
    for (const name of BUILTIN_SCENARIOS) expect(builtinScenario(name)!.name).toBe(name)
    expect(builtinScenario('nope')).toBeUndefined()
    expect(builtinScenario('festival-10k')!.nodes.count).toBe(10_000)
  })

  it('fills defaults for a minimal file', () => {
    const s = parseScenario(minimal)
    expect(s.nodes.placement).toBe('random')
    expect(s.nodes.mobility).toEqual({ model: 'static' })
    expect(s.radio.ble).toMatchObject({ rangeM: 15, lossRate: 0, maxLinks: 8, mtu: 512, kbps: 250 })
    expect(s.traffic).toMatchObject({ privateMessagesPerSecond: 0, payloadBytes: 64 })
    expect(s.policy).toEqual({ relay: 'default' })
  })

  it('expands the random-waypoint shorthand to walking speed', () => {
    const s = parseScenario({ ...minimal, nodes: { count: 4, mobility: 'random-waypoint' } })
    expect(s.nodes.mobility).toEqual({ model: 'random-waypoint', speedMps: 1.4, pauseS: 0 })
  })

  it('names the path of every problem', () => {
    const issues = issuesOf({
      ...minimal,
      durationS: -1,
      area: { widthM: 10 },
      nodes: { count: 2.5, colour: 'red' },
      radio: { ble: { rangeM: 15, lossRate: 2 } },
    })
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]))
    expect(Object.keys(byPath).sort()).toEqual(['area.heightM', 'durationS', 'nodes', 'nodes.count', 'radio.ble.lossRate'])
    expect(byPath['nodes']).toBe('unknown key(s) "colour"')
    expect(byPath['area.heightM']).toMatch(/required/i)
  })

  it('rejects a missing section and bad JSON with clear messages', () => {
    const { radio: _radio, ...noRadio } = minimal
    expect(issuesOf(noRadio)).toEqual([{ path: 'radio', message: 'Required' }])
    expect(() => parseScenarioJson('{ nope', 'file.json')).toThrow(/invalid scenario file\.json:\n {2}<root>: not valid JSON/)
    expect(issuesOf('a string')[0]!.path).toBe('<root>')
  })

  it('applies overrides, scaling the area to keep the density', () => {
    const base = builtinScenario('festival-1k')!
    const s = applyOverrides(base, { nodes: 250, seed: 9, durationS: 60 })
    expect(s.nodes.count).toBe(250)
    expect(s.seed).toBe(9)
    expect(s.durationS).toBe(60)
    expect(s.area.widthM).toBeCloseTo(150, 9)
    expect(base.nodes.count).toBe(1000) // the original is untouched
    expect(() => applyOverrides(base, { nodes: 0 })).toThrow(ScenarioError)
  })
})
