/**
 * Cluster benchmark:
 *  - beacon encode / decode (allocation-free `encodeBeaconInto`, `tryDecodeBeacon`) against the
 *    named baseline "JSON round trip" (JSON.stringify + TextEncoder, TextDecoder + JSON.parse of
 *    the same beacon), the obvious alternative to a binary codec;
 *  - one election step over a 1 000-entry neighbour table (member path with a challenger check,
 *    and the no-head promotion path), plus the table's window close, against the named baseline
 *    "bare pass over 1 000 entries" (iterate the table and sum the EWMA), the floor of any step.
 * Run: `pnpm bench` in packages/cluster-election (build deps first: `pnpm turbo run build
 * --filter=@bitmesh/cluster-election...`). Env: BENCH_TIME_MS (default 1000), BENCH_ROUNDS (3).
 */
import os from 'node:os'
import { Bench } from 'tinybench'
import {
  BEACON_BYTES,
  ClusterElection,
  ClusterNeighborTable,
  encodeBeaconInto,
  tryDecodeBeacon,
  type Beacon,
  type SelfStatus,
} from '../src/index.js'

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 1000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

async function group(title: string, tasks: Record<string, () => unknown>, opsPerCall = 1): Promise<void> {
  const names = Object.keys(tasks)
  const perTask = new Map<string, number[]>(names.map((n) => [n, []]))
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: TIME_MS, warmupTime: 200 })
    // Rotate the order each round so no task always runs first (JIT, thermal).
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]!
      bench.add(name, tasks[name]!)
    }
    await bench.run()
    for (const task of bench.tasks) {
      const r = task.result
      if (r === undefined || r.error !== undefined) throw r?.error ?? new Error(`${task.name} did not run`)
      perTask.get(task.name)!.push((1000 * opsPerCall) / r.latency.mean)
    }
  }
  console.log(`\n${title}`)
  const medians = names.map((n) => {
    const xs = perTask.get(n)!.sort((a, b) => a - b)
    return xs[Math.floor(xs.length / 2)]!
  })
  medians.forEach((ops, i) => {
    const ratio = i === 0 ? 'baseline' : `${(ops / medians[0]!).toFixed(2)}× baseline`
    console.log(`  ${names[i]!.padEnd(58)} ${ops.toFixed(0).padStart(12)} ops/s  ${ratio}`)
  })
}

function id(n: number): Uint8Array {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setUint32(4, n)
  return out
}

async function main(): Promise<void> {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  console.log(`node ${process.version}, ${cpu} ×${os.cpus().length}, ${process.platform}/${process.arch}; ${TIME_MS} ms × ${ROUNDS} rounds per task`)

  // --- beacon codec -------------------------------------------------------------------------
  const BATCH = 1000
  const beacons: Beacon[] = Array.from({ length: BATCH }, (_, i) => ({
    id: id(i),
    os: i % 2 === 0 ? 'android' : 'ios',
    role: (['none', 'member', 'head'] as const)[i % 3]!,
    hotspotSupport: i % 2 === 0,
    charging: i % 7 === 0,
    batteryLevel: i % 101,
    estBatteryLifeMin: (i % 200) * 10,
    wake: false,
    neighborhoodRssiDbm: -(i % 120),
  }))
  const out = new Uint8Array(BEACON_BYTES * BATCH)
  beacons.forEach((b, i) => encodeBeaconInto(b, out, i * BEACON_BYTES))
  const wires = beacons.map((_, i) => out.subarray(i * BEACON_BYTES, (i + 1) * BEACON_BYTES))
  const te = new TextEncoder()
  const td = new TextDecoder()
  const jsonOf = (b: Beacon) => ({ ...b, id: Array.from(b.id) })
  const jsons = beacons.map((b) => te.encode(JSON.stringify(jsonOf(b))))
  let sink = 0
  await group(
    `beacon codec (${BATCH} beacons per call; ${BEACON_BYTES} B binary vs ~${Math.round(jsons.reduce((a, j) => a + j.length, 0) / BATCH)} B JSON)`,
    {
      'JSON round trip (stringify+encode, decode+parse)': () => {
        for (const b of beacons) sink += te.encode(JSON.stringify(jsonOf(b))).length
        for (const j of jsons) sink += (JSON.parse(td.decode(j)) as { batteryLevel: number }).batteryLevel
      },
      'encodeBeaconInto + tryDecodeBeacon': () => {
        for (let i = 0; i < BATCH; i++) encodeBeaconInto(beacons[i]!, out, i * BEACON_BYTES)
        for (const w of wires) {
          const r = tryDecodeBeacon(w)
          if (r.ok) sink += r.beacon.batteryLevel
        }
      },
      'encodeBeaconInto only': () => {
        for (let i = 0; i < BATCH; i++) encodeBeaconInto(beacons[i]!, out, i * BEACON_BYTES)
      },
      'tryDecodeBeacon only': () => {
        for (const w of wires) {
          const r = tryDecodeBeacon(w)
          if (r.ok) sink += r.beacon.batteryLevel
        }
      },
    },
    BATCH,
  )

  // --- election over 1 000 neighbours ----------------------------------------------------------
  const N = 1000
  const makeTable = (withHeads: boolean) => {
    const table = new ClusterNeighborTable({ capacity: 2 * N })
    for (let i = 0; i < N; i++) {
      const b: Beacon = {
        id: id(i + 1),
        os: i % 2 === 0 ? 'android' : 'ios',
        role: withHeads && i % 50 === 0 ? 'head' : 'none',
        hotspotSupport: i % 2 === 0,
        charging: false,
        batteryLevel: 31 + (i % 70),
        estBatteryLifeMin: 600,
        wake: false,
        neighborhoodRssiDbm: -60 - (i % 40),
      }
      for (let s = 0; s < 3; s++) table.observe(b, -50 - (i % 45) - s, s * 1000)
    }
    table.closeWindow(5_000)
    return table
  }
  const me: SelfStatus = { os: 'android', hotspotSupport: true, charging: false, batteryLevel: 35, estBatteryLifeMin: 100 }
  const memberTable = makeTable(true)
  const member = new ClusterElection({ selfId: id(0), self: { ...me, os: 'ios' }, table: memberTable, send: () => {}, stickyRssiDbm: 0 })
  member.step(5_000) // joins the strongest head; later steps run the challenger scan
  const flatTable = makeTable(false)
  const candidate = new ClusterElection({ selfId: id(0), self: me, table: flatTable, send: () => {}, promoteWindows: 1e9 })
  let now = 5_000
  await group(`election step over a ${N}-entry neighbour table`, {
    [`bare pass over ${N} entries (sum EWMA)`]: () => {
      for (const e of memberTable.values()) sink += e.ewmaDbm
    },
    'step: member checking challengers (neighbourhood score + scan)': () => {
      member.step((now += 5_000))
    },
    'step: no head, ranking every eligible candidate': () => {
      candidate.step((now += 5_000))
    },
    'table.closeWindow (publish stats, stale check)': () => {
      flatTable.closeWindow(5_000)
    },
    'table.neighborhoodScore (top 8 of 1 000)': () => {
      sink += flatTable.neighborhoodScore() ?? 0
    },
  })
  if (sink === 42) console.log('')
}

await main()
