/**
 * The simulation worker: builds the scenario from the page's controls, runs the real simulator
 * (`runScenario` with the real mesh stack, tapped, and the portable noble crypto provider) and
 * posts throttled snapshots, then the simulator's final metrics. One run per worker: the page
 * stops a run by terminating the worker.
 * @module
 */
/// <reference lib="webworker" />
import { installNodeGlobals, setYieldGate } from './shims/node-globals.js'
import { defaultCryptoProvider } from '@bitmesh/crypto'
import { BUILTIN_SCENARIOS, builtinScenario, meshStack, RELAY_POLICIES, runScenario, ScenarioError, type Scenario } from '@bitmesh/simulator'
import { LiveRecorder } from './live-recorder.js'
import { Pacer } from './pacer.js'
import { mobilityLabel, scenarioFromControls } from './scenario-from-controls.js'
import { tapStack } from './tap-stack.js'
import { SNAPSHOT_INTERVAL_MS, type BuiltinInfo, type FromWorker, type RunControls, type ToWorker } from '../shared/protocol.js'

// The simulator reads these only once it runs, so installing them here (after the imports are
// evaluated) is early enough.
installNodeGlobals()

const scope = self as unknown as DedicatedWorkerGlobalScope

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer)
}

function describeError(err: unknown): string {
  if (err instanceof ScenarioError) return err.issues.map((i) => `${i.path}: ${i.message}`).join('\n')
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err)
}

let running = false

function catalog(): BuiltinInfo[] {
  const out: BuiltinInfo[] = []
  for (const name of BUILTIN_SCENARIOS) {
    const s = builtinScenario(name)
    if (s === undefined) continue
    out.push({
      name,
      description: s.description ?? '',
      nodes: s.nodes.count,
      lossRate: s.radio.ble.lossRate,
      seed: s.seed,
      durationS: s.durationS,
      policy: s.policy.relay,
      mobility: mobilityLabel(s),
      fixedCrowd: s.partition !== undefined,
      trafficStartS: s.traffic.startS,
      trafficQuietS: s.traffic.quietS,
    })
  }
  return out
}

async function run(controls: RunControls): Promise<void> {
  let scenario: Scenario
  try {
    scenario = scenarioFromControls(controls)
  } catch (err) {
    post({ type: 'error', message: describeError(err) })
    return
  }
  const recorder = new LiveRecorder(scenario.nodes.count, scenario.hostile?.count ?? 0)
  post({
    type: 'info',
    scenario: scenario.name,
    description: scenario.description ?? '',
    nodes: scenario.nodes.count,
    hostile: scenario.hostile?.count ?? 0,
    widthM: scenario.area.widthM,
    heightM: scenario.area.heightM,
    rangeM: scenario.radio.ble.rangeM,
    durationS: scenario.durationS,
    policy: scenario.policy.relay,
    seed: scenario.seed,
    lossRate: scenario.radio.ble.lossRate,
    mobility: mobilityLabel(scenario),
  })

  const wallStart = performance.now()
  const pacer = new Pacer(controls.speed, () => performance.now())
  let attached = false
  let lastPostMs = -Infinity
  const snapshot = (force: boolean): void => {
    const now = performance.now()
    if (!attached || (!force && now - lastPostMs < SNAPSHOT_INTERVAL_MS)) return
    lastPostMs = now
    const { snapshot: message, transfer } = recorder.snapshot()
    post(message, transfer)
  }
  setYieldGate(() => {
    snapshot(false)
    return pacer.waitMs(recorder.elapsedMs())
  })
  const stack = tapStack(meshStack(), recorder)
  const createMedium = stack.createMedium.bind(stack)
  stack.createMedium = (context) => {
    const medium = createMedium(context)
    attached = true
    return medium
  }
  try {
    const { metrics } = await runScenario(scenario, {
      stack,
      crypto: defaultCryptoProvider,
      // The last progress call comes before the nodes are stopped: snapshot the world as it ended.
      onProgress: (p) => snapshot(p.elapsedS >= p.durationS),
    })
    post({ type: 'done', metrics, wallMs: performance.now() - wallStart })
  } catch (err) {
    post({ type: 'error', message: describeError(err) })
  } finally {
    setYieldGate(null)
  }
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data
  if (message.type === 'catalog') {
    post({ type: 'catalog', builtins: catalog(), policies: Object.keys(RELAY_POLICIES) })
    return
  }
  if (message.type !== 'run') return
  if (running) {
    post({ type: 'error', message: 'this worker already ran a simulation; start a new worker' })
    return
  }
  running = true
  void run(message.controls)
}
