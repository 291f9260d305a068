/**
 * Turn the page's controls into a validated simulator scenario: start from a built-in, apply the
 * simulator's own overrides (which rescale the area with the crowd), then the radio and mobility
 * knobs, and validate the result with the simulator's schema.
 * @module
 */
import { applyOverrides, builtinScenario, parseScenario, ScenarioError, WALKING_SPEED_MPS, type Scenario } from '@bitmesh/simulator'
import type { RunControls } from '../shared/protocol.js'

/** Pause at each waypoint of the `walking` mobility, s (0: people keep moving, waves look alive). */
export const WALKING_PAUSE_S = 0

/**
 * Build the scenario the controls describe.
 * @param controls - The page's controls.
 * @returns A validated scenario.
 * @throws {ScenarioError} For an unknown built-in or any value the schema refuses (each issue names its path).
 */
export function scenarioFromControls(controls: RunControls): Scenario {
  const base = builtinScenario(controls.builtin)
  if (base === undefined) throw new ScenarioError(`builtin ${controls.builtin}`, [{ path: '<root>', message: 'unknown built-in scenario' }])
  const withOverrides = applyOverrides(base, {
    ...(controls.seed !== null ? { seed: controls.seed } : {}),
    ...(controls.nodes !== null ? { nodes: controls.nodes } : {}),
    ...(controls.durationS !== null ? { durationS: controls.durationS } : {}),
    policy: controls.policy,
  })
  const next = structuredClone(withOverrides) as Scenario
  if (controls.lossRate !== null) next.radio.ble.lossRate = controls.lossRate
  if (controls.mobility === 'static') next.nodes.mobility = { model: 'static' }
  if (controls.mobility === 'walking') {
    next.nodes.mobility = { model: 'random-waypoint', speedMps: WALKING_SPEED_MPS, pauseS: WALKING_PAUSE_S }
  }
  return parseScenario(next, `${base.name} (visualizer controls)`)
}

/**
 * A short human name of a scenario's mobility.
 * @param scenario - A scenario.
 * @returns `static`, `walking 1.4 m/s` or `couriers` (partitioned worlds).
 */
export function mobilityLabel(scenario: Scenario): string {
  if (scenario.partition !== undefined) return 'couriers between crowds'
  const m = scenario.nodes.mobility
  return m.model === 'static' ? 'static' : `walking ${m.speedMps} m/s`
}
