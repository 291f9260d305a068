/**
 * The relay policies and a registry by name (for `bitmesh sim --policy <name>`).
 * @module
 */
import type { RelayPolicy } from '../types.js'
import { bitchatAndroidPolicy } from './android.js'
import { bitmeshPolicy } from './bitmesh.js'
import { blipPolicy } from './blip.js'
import { floodPolicy } from './flood.js'
import { bitchatIosPolicy } from './ios.js'
import { meshtasticPolicy } from './meshtastic.js'

export { floodPolicy } from './flood.js'
export { bitchatIosPolicy, iosFanOut, iosFanOutSubset, iosBroadcastJitterBand, iosBroadcastTtlLimit } from './ios.js'
export { bitchatAndroidPolicy, androidRelayProbability } from './android.js'
export {
  blipPolicy,
  blipBase,
  blipUrgency,
  blipFreshness,
  blipCongestion,
  blipFanOut,
  blipProbability,
  type BlipPolicyOptions,
} from './blip.js'
export { meshtasticPolicy, meshtasticCwSize, meshtasticScaledHops, rssiToSnrEquivalent, type MeshtasticPolicyOptions } from './meshtastic.js'
export { bitmeshPolicy, type BitmeshPolicyOptions } from './bitmesh.js'
export { laneOf, isSos, NO_RELAY } from './common.js'

/** Policy names accepted by {@link createRelayPolicy}. */
export const RELAY_POLICY_NAMES = Object.freeze(['flood', 'bitchat-ios', 'bitchat-android', 'blip', 'meshtastic', 'bitmesh'] as const)

/** One of {@link RELAY_POLICY_NAMES}. */
export type RelayPolicyName = (typeof RELAY_POLICY_NAMES)[number]

const FACTORIES: Readonly<Record<RelayPolicyName, () => RelayPolicy>> = Object.freeze({
  flood: floodPolicy,
  'bitchat-ios': bitchatIosPolicy,
  'bitchat-android': bitchatAndroidPolicy,
  blip: () => blipPolicy(),
  meshtastic: () => meshtasticPolicy(),
  bitmesh: () => bitmeshPolicy(),
})

/**
 * A fresh policy instance by name, with default options. Each node needs its own instance
 * (policies keep reusable buffers and caches).
 * @param name - One of {@link RELAY_POLICY_NAMES}.
 * @returns The policy.
 * @throws RangeError for an unknown name.
 */
export function createRelayPolicy(name: string): RelayPolicy {
  const factory = (FACTORIES as Record<string, (() => RelayPolicy) | undefined>)[name]
  if (factory === undefined) throw new RangeError(`unknown relay policy "${name}"; expected one of ${RELAY_POLICY_NAMES.join(', ')}`)
  return factory()
}
