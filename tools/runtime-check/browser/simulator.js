/**
 * Browser page for the simulator: a small crowd simulated with the portable noble provider.
 * Separate from main.js so that a simulator that does not bundle for browsers leaves the other
 * checks standing.
 */
import { defaultCryptoProvider as crypto } from '@bitmesh/crypto'
import { applyOverrides, builtinScenario, meshStack, simulate } from '@bitmesh/simulator'
import { check, runChecks } from './checks.js'

runChecks([
  ['simulator', async () => {
    const scenario = applyOverrides(builtinScenario('room-25'), { nodes: 6, durationS: 40 })
    const { metrics } = await simulate(scenario, { stack: meshStack(), crypto })
    check(metrics.public.deliveryRatio > 0, `delivery ratio ${metrics.public.deliveryRatio}`)
    return `6 nodes, 40 virtual seconds (traffic from 15 s to 25 s): public delivery ratio ${metrics.public.deliveryRatio}`
  }],
])
