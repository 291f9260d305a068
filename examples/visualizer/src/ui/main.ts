/**
 * The page: controls, the worker's lifecycle (one worker per run; Stop terminates it), and the
 * drawing loop (redraws only when a new snapshot has arrived, at most once per animation frame).
 * The page holds no simulator code: the worker describes the built-ins and policies.
 * @module
 */
import type { SimulationMetrics } from '@bitmesh/simulator'
import { binnedPercentile } from '../shared/latency-histogram.js'
import { LATENCY_BINS, type BuiltinInfo, type FromWorker, type RunControls, type RunInfo, type Snapshot, type ToWorker } from '../shared/protocol.js'
import { DeliveryChart, drawLatencyHistogram } from './charts.js'
import { CrowdView } from './crowd-view.js'
import { formatCount, formatMs, formatRatio, liveRatio } from './format.js'
import { WaveStore } from './waves.js'

/** Crowds above this size get a warning: the browser runs them far slower than real time. */
const LARGE_CROWD_NODES = 500
/** Shortest and longest glow of a receipt, virtual ms (scaled to the virtual time per snapshot). */
const MIN_FADE_MS = 1_500
const MAX_FADE_MS = 20_000
/** Built-in selected at load when present. */
const DEFAULT_BUILTIN = 'room-25'

function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id)
  if (el === null) throw new Error(`missing #${id}`)
  return el as T
}

const form = $<HTMLFormElement>('controls')
const builtinSelect = $<HTMLSelectElement>('builtin')
const policySelect = $<HTMLSelectElement>('policy')
const nodesInput = $<HTMLInputElement>('nodes')
const lossInput = $<HTMLInputElement>('loss')
const lossValue = $<HTMLOutputElement>('loss-value')
const mobilitySelect = $<HTMLSelectElement>('mobility')
const seedInput = $<HTMLInputElement>('seed')
const durationInput = $<HTMLInputElement>('duration')
const speedSelect = $<HTMLSelectElement>('speed')
const runButton = $<HTMLButtonElement>('run')
const stopButton = $<HTMLButtonElement>('stop')
const warning = $<HTMLParagraphElement>('warning')
const description = $<HTMLParagraphElement>('scenario-description')
const errorBox = $<HTMLPreElement>('error')

const crowd = new CrowdView($<HTMLCanvasElement>('crowd'))
const deliveryChart = new DeliveryChart($<HTMLCanvasElement>('delivery-chart'))
const latencyCanvas = $<HTMLCanvasElement>('latency-chart')
const waves = new WaveStore()

let builtins: BuiltinInfo[] = []
let worker: Worker | null = null
/** The current worker already ran (or is running) a simulation. */
let workerUsed = false

/** What the drawing loop shows. */
const view = {
  info: null as RunInfo | null,
  positions: new Float32Array(0) as Float32Array,
  links: new Uint32Array(0) as Uint32Array,
  nowMs: 0,
  fadeMs: MIN_FADE_MS,
  latencyBins: new Uint32Array(LATENCY_BINS) as Uint32Array,
  snapshots: 0,
  wallStartMs: 0,
  dirty: false,
}

function setState(state: 'idle' | 'running' | 'done' | 'stopped' | 'error', label: string = state): void {
  document.body.dataset.state = state
  setStat('status', label)
  runButton.disabled = state === 'running'
  stopButton.disabled = state !== 'running'
}

/** Write a stat: its text, and the raw number in `data-value` for tests and scrapers. */
function setStat(id: string, text: string, value?: number | null): void {
  const el = $(id)
  el.textContent = text
  if (value === undefined || value === null) delete el.dataset.value
  else el.dataset.value = String(value)
}

function spawnWorker(): Worker {
  const w = new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module', name: 'bitmesh-simulator' })
  w.onmessage = (event: MessageEvent<FromWorker>) => onWorkerMessage(w, event.data)
  w.onerror = (event) => {
    if (w !== worker) return
    showError(`worker error: ${event.message}`)
  }
  workerUsed = false
  return w
}

function send(w: Worker, message: ToWorker): void {
  w.postMessage(message)
}

function showError(message: string): void {
  errorBox.hidden = false
  errorBox.textContent = message
  setState('error')
}

function onWorkerMessage(from: Worker, message: FromWorker): void {
  if (from !== worker) return // a stopped run's late message
  switch (message.type) {
    case 'catalog':
      fillControls(message.builtins, message.policies)
      return
    case 'info':
      onInfo(message)
      return
    case 'snapshot':
      onSnapshot(message)
      return
    case 'done':
      onDone(message.metrics, message.wallMs)
      return
    case 'error':
      showError(message.message)
      retireWorker()
      return
  }
}

function fillControls(list: BuiltinInfo[], policies: string[]): void {
  builtins = list
  builtinSelect.replaceChildren(...list.map((b) => new Option(`${b.name} (${b.nodes})`, b.name)))
  policySelect.replaceChildren(...policies.map((p) => new Option(p, p)))
  builtinSelect.value = list.some((b) => b.name === DEFAULT_BUILTIN) ? DEFAULT_BUILTIN : (list[0]?.name ?? '')
  applyBuiltinDefaults()
  form.dataset.ready = 'true'
  runButton.disabled = false
}

function currentBuiltin(): BuiltinInfo | undefined {
  return builtins.find((b) => b.name === builtinSelect.value)
}

function applyBuiltinDefaults(): void {
  const b = currentBuiltin()
  if (b === undefined) return
  description.textContent = `${b.description} Mobility: ${b.mobility}.`
  nodesInput.value = String(b.nodes)
  nodesInput.disabled = b.fixedCrowd
  lossInput.value = String(b.lossRate)
  seedInput.value = String(b.seed)
  durationInput.value = String(b.durationS)
  if ([...policySelect.options].some((o) => o.value === b.policy)) policySelect.value = b.policy
  mobilitySelect.value = 'scenario'
  updateLossLabel()
  updateWarning()
}

function updateLossLabel(): void {
  lossValue.textContent = `${Math.round(Number(lossInput.value) * 100)} %`
}

function updateWarning(): void {
  const n = Number(nodesInput.value)
  const notes: string[] = []
  if (n > LARGE_CROWD_NODES) {
    notes.push(`${formatCount(n)} nodes: every node runs the real stack (Noise, Ed25519, DEFLATE); expect a simulated second to take seconds of wall time.`)
  }
  const b = currentBuiltin()
  const d = Number(durationInput.value)
  if (b !== undefined && d > 0 && d <= b.trafficStartS + b.trafficQuietS) {
    notes.push(
      `No messages will be sent: traffic runs from ${b.trafficStartS} s to ${b.trafficQuietS} s before the end; make the run longer than ${b.trafficStartS + b.trafficQuietS} s.`,
    )
  }
  warning.textContent = notes.join(' ')
}

function numberOrNull(input: HTMLInputElement): number | null {
  if (input.disabled || input.value.trim() === '') return null
  const v = Number(input.value)
  return Number.isFinite(v) ? v : null
}

function readControls(): RunControls {
  return {
    builtin: builtinSelect.value,
    policy: policySelect.value,
    nodes: numberOrNull(nodesInput),
    lossRate: numberOrNull(lossInput),
    mobility: mobilitySelect.value as RunControls['mobility'],
    seed: numberOrNull(seedInput),
    durationS: numberOrNull(durationInput),
    speed: Number(speedSelect.value),
  }
}

function run(): void {
  if (worker === null || workerUsed) {
    worker?.terminate()
    worker = spawnWorker()
  }
  workerUsed = true
  errorBox.hidden = true
  view.info = null
  view.snapshots = 0
  view.wallStartMs = performance.now()
  setState('running', 'starting')
  send(worker, { type: 'run', controls: readControls() })
}

function stop(): void {
  if (worker === null) return
  retireWorker()
  setState('stopped')
}

/** End the current worker and keep a fresh one ready (it answers `catalog` too). */
function retireWorker(): void {
  worker?.terminate()
  worker = spawnWorker()
}

function onInfo(info: RunInfo): void {
  view.info = info
  view.positions = new Float32Array(0)
  view.links = new Uint32Array(0)
  view.nowMs = 0
  view.latencyBins = new Uint32Array(LATENCY_BINS)
  waves.clear()
  deliveryChart.reset(info.durationS)
  setState('running')
  setStat('duration-total', String(info.durationS))
  setStat('node-count', info.hostile > 0 ? `${info.nodes} + ${info.hostile} hostile` : String(info.nodes), info.nodes)
  setStat('frames', '0', 0)
  $('stats-note').textContent = `${info.scenario}, policy ${info.policy}, seed ${info.seed}, loss ${Math.round(info.lossRate * 100)} %, ${info.mobility}. Live figures; replaced by the simulator's final metrics at the end.`
  view.dirty = true
}

function onSnapshot(s: Snapshot): void {
  const dt = s.tMs - view.nowMs
  view.fadeMs = Math.min(MAX_FADE_MS, Math.max(MIN_FADE_MS, 3 * dt))
  view.nowMs = s.tMs
  view.positions = s.positions
  if (s.links !== null) view.links = s.links
  view.latencyBins = s.latencyBins
  waves.add(s.sends, s.receipts)
  waves.prune(s.tMs, 2 * view.fadeMs)
  view.snapshots++
  const c = s.counters
  const pub = liveRatio(c.publicDelivered, c.publicExpected)
  const priv = liveRatio(c.privateDelivered, c.privateSent)
  deliveryChart.push({ t: s.tMs / 1000, publicRatio: pub, privateRatio: priv })
  setStat('virtual-time', (s.tMs / 1000).toFixed(1), s.tMs / 1000)
  setStat('frames', formatCount(view.snapshots), view.snapshots)
  setStat('open-links', formatCount(c.openLinks), c.openLinks)
  setStat('public-sent', formatCount(c.publicSent), c.publicSent)
  setStat('public-delivered', formatCount(c.publicDelivered), c.publicDelivered)
  setStat('public-expected', formatCount(c.publicExpected), c.publicExpected)
  setStat('delivery-ratio', formatRatio(pub), pub)
  const p50 = binnedPercentile(s.latencyBins, 0.5)
  const p95 = binnedPercentile(s.latencyBins, 0.95)
  setStat('latency-p50', p50 === null ? '–' : `≈${formatMs(p50)}`, p50)
  setStat('latency-p95', p95 === null ? '–' : `≈${formatMs(p95)}`, p95)
  setStat('private-delivered', formatCount(c.privateDelivered), c.privateDelivered)
  setStat('private-sent', formatCount(c.privateSent), c.privateSent)
  setStat('air-frames', formatCount(c.airFrames), c.airFrames)
  const wallS = (performance.now() - view.wallStartMs) / 1000
  setStat('wall-time', wallS.toFixed(1), wallS)
  view.dirty = true
}

function onDone(m: SimulationMetrics, wallMs: number): void {
  // The simulator's own figures replace the live ones.
  setStat('public-sent', formatCount(m.public.sent), m.public.sent)
  setStat('public-delivered', formatCount(m.public.delivered), m.public.delivered)
  setStat('public-expected', formatCount(m.public.expectedDeliveries), m.public.expectedDeliveries)
  setStat('delivery-ratio', formatRatio(m.public.deliveryRatio), m.public.deliveryRatio)
  setStat('latency-p50', formatMs(m.public.latencyMs.p50), m.public.latencyMs.p50)
  setStat('latency-p95', formatMs(m.public.latencyMs.p95), m.public.latencyMs.p95)
  setStat('private-delivered', formatCount(m.private.delivered), m.private.delivered)
  setStat('private-sent', formatCount(m.private.sent), m.private.sent)
  setStat('air-frames', formatCount(m.transmissions.frames), m.transmissions.frames)
  setStat('wall-time', (wallMs / 1000).toFixed(1), wallMs / 1000)
  setStat('virtual-time', String(m.durationS), m.durationS)
  $('stats-note').textContent =
    `Final metrics of the simulator: ${m.scenario}, ${m.nodes} nodes, policy ${m.policy}, seed ${m.seed}; ` +
    `private ratio ${formatRatio(m.private.deliveryRatio)}, ${m.transmissions.perDeliveredMessage ?? '–'} frames per delivered message, ` +
    `${m.links.opened} links opened, p99 ${formatMs(m.public.latencyMs.p99)} ms.`
  setState('done')
  view.dirty = true
  retireWorker()
}

function frame(): void {
  if (view.dirty && view.info !== null) {
    view.dirty = false
    crowd.draw(
      {
        widthM: view.info.widthM,
        heightM: view.info.heightM,
        nodes: view.info.nodes,
        positions: view.positions,
        links: view.links,
        nowMs: view.nowMs,
        fadeMs: view.fadeMs,
      },
      waves,
    )
    deliveryChart.draw()
    drawLatencyHistogram(latencyCanvas, view.latencyBins)
  }
  requestAnimationFrame(frame)
}

builtinSelect.addEventListener('change', applyBuiltinDefaults)
nodesInput.addEventListener('input', updateWarning)
durationInput.addEventListener('input', updateWarning)
lossInput.addEventListener('input', updateLossLabel)
form.addEventListener('submit', (event) => {
  event.preventDefault()
  run()
})
stopButton.addEventListener('click', stop)

setState('idle')
// Enabled when the worker has described the built-ins.
runButton.disabled = true
worker = spawnWorker()
send(worker, { type: 'catalog' })
requestAnimationFrame(frame)
