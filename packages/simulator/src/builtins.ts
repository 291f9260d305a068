/**
 * Built-in scenarios. Densities are chosen so each node hears a few dozen others at most (a
 * crowd, not a stadium wave), and every built-in uses the default path-loss constants.
 * @module
 */
import { parseScenario, type Scenario, type ScenarioInput } from './scenario.js'

/** room-25, shared with its hostile variant so the two differ only by the hostile device. */
const ROOM_25: ScenarioInput = {
  name: 'room-25',
  description: 'Twenty-five people in a 20 m × 20 m room, 5 % frame loss.',
  seed: 25,
  durationS: 120,
  area: { widthM: 20, heightM: 20 },
  nodes: { count: 25, placement: 'grid', mobility: 'static', bootSpreadS: 2 },
  radio: { ble: { rangeM: 12, lossRate: 0.05, maxLinks: 8, mtu: 512, kbps: 250 } },
  traffic: { publicMessagesPerSecond: 1, privateMessagesPerSecond: 0.5, payloadBytes: 64, startS: 15, quietS: 15 },
  policy: { relay: 'default' },
}

/**
 * festival-1k; the demo crowd and festival-10k are derived from it (same radio, placement, boot
 * spread and density), so the three can only differ where their entries say.
 */
const FESTIVAL_1K = {
  name: 'festival-1k',
  description: 'A thousand festival-goers standing on a 300 m × 300 m field, 5 % frame loss.',
  seed: 1000,
  durationS: 300,
  area: { widthM: 300, heightM: 300 },
  nodes: { count: 1000, placement: 'random', mobility: 'static', bootSpreadS: 10 },
  radio: { ble: { rangeM: 30, lossRate: 0.05, maxLinks: 8, mtu: 512, kbps: 250 } },
  traffic: { publicMessagesPerSecond: 1, privateMessagesPerSecond: 1, payloadBytes: 64, startS: 20, quietS: 20 },
  policy: { relay: 'default' },
} satisfies ScenarioInput

const BUILTIN_INPUTS: Record<string, ScenarioInput> = {
  'two-nodes': {
    name: 'two-nodes',
    description: 'Two phones on a table, 2 m apart, perfect radio.',
    seed: 1,
    durationS: 60,
    area: { widthM: 4, heightM: 2 },
    nodes: { count: 2, placement: 'grid', mobility: 'static' },
    radio: { ble: { rangeM: 30, lossRate: 0, maxLinks: 8, mtu: 512, kbps: 250 } },
    traffic: { publicMessagesPerSecond: 0.5, privateMessagesPerSecond: 0.5, payloadBytes: 64, startS: 5, quietS: 10 },
    policy: { relay: 'default' },
  },
  'room-25': ROOM_25,
  'room-25-hostile': {
    ...ROOM_25,
    name: 'room-25-hostile',
    description:
      'room-25 plus one hostile device sending malformed frames, announce and fragment floods, replays and forged signatures.',
    hostile: { count: 1 },
  },
  'festival-300': {
    ...FESTIVAL_1K,
    name: 'festival-300',
    description: 'Three hundred festival-goers at festival-1k density (165 m × 165 m), 5 % frame loss: the demo crowd.',
    seed: 300,
    durationS: 120,
    area: { widthM: 165, heightM: 165 },
    nodes: { ...FESTIVAL_1K.nodes, count: 300 },
    traffic: { ...FESTIVAL_1K.traffic, privateMessagesPerSecond: 0.5, quietS: 30 },
  },
  'festival-1k': FESTIVAL_1K,
  'festival-10k': {
    ...FESTIVAL_1K,
    name: 'festival-10k',
    description: 'Ten thousand people on a 950 m × 950 m festival ground (same density as festival-1k), walking.',
    seed: 10000,
    durationS: 60,
    area: { widthM: 950, heightM: 950 },
    nodes: { ...FESTIVAL_1K.nodes, count: 10000, mobility: { model: 'random-waypoint', speedMps: 1.4, pauseS: 30 } },
    traffic: { ...FESTIVAL_1K.traffic, publicMessagesPerSecond: 2, privateMessagesPerSecond: 2, quietS: 10 },
  },
  'partition-courier': {
    name: 'partition-courier',
    description:
      'Two crowds of six, 50 m apart (out of radio range of each other), and one courier walking between them with a 90 s stop in each; ' +
      'private messages go across. Run with and without store-and-forward (storeForward: false) to compare delivery over time.',
    seed: 8,
    durationS: 600,
    area: { widthM: 80, heightM: 30 },
    nodes: { count: 13, placement: 'random', mobility: 'static', bootSpreadS: 2 },
    partition: {
      crowds: [
        { xM: 15, yM: 15, radiusM: 8, count: 6 },
        { xM: 65, yM: 15, radiusM: 8, count: 6 },
      ],
      couriers: { count: 1, speedMps: 1.4, pauseS: 90 },
    },
    radio: { ble: { rangeM: 30, lossRate: 0.02, maxLinks: 8, mtu: 512, kbps: 250 } },
    traffic: {
      publicMessagesPerSecond: 0.05,
      privateMessagesPerSecond: 0.1,
      payloadBytes: 64,
      privateRecipients: 'other-crowd',
      startS: 60,
      quietS: 120,
    },
    policy: { relay: 'default' },
    storeForward: true,
  },
}

/** Names of the built-in scenarios. */
export const BUILTIN_SCENARIOS: readonly string[] = Object.keys(BUILTIN_INPUTS)

/**
 * A built-in scenario by name.
 * @param name - One of {@link BUILTIN_SCENARIOS}.
 * @returns The validated scenario, or `undefined` for an unknown name.
 */
export function builtinScenario(name: string): Scenario | undefined {
  const input = BUILTIN_INPUTS[name]
  return input === undefined ? undefined : parseScenario(structuredClone(input), `builtin ${name}`)
}
