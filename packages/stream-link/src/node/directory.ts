/**
 * The emulated platform registry of the Node adapters. On a phone, group owners, hotspots and
 * Multipeer advertisers are found through the radio; on one machine the Node adapters publish a
 * small record (name → host, port, role) in a directory instead: in memory for one process, or a
 * folder of JSON files for several processes on one host. Only discovery and lookup go through it;
 * every byte of data travels over real sockets.
 * @module
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** One published endpoint. */
export interface DirectoryRecord {
  /** Platform address (device address, SSID, peer name). */
  name: string
  host: string
  /** Data (TCP) port, 0 while not listening. */
  port: number
  /** Role-specific flags and data (group owner, discovery info, …). */
  info: Record<string, string | number | boolean>
}

/** Where emulated devices publish themselves. */
export interface EmulationDirectory {
  publish(record: DirectoryRecord): void
  withdraw(name: string): void
  lookup(name: string): DirectoryRecord | undefined
  list(): DirectoryRecord[]
}

/** A directory for devices in one process. */
export function memoryDirectory(): EmulationDirectory {
  const records = new Map<string, DirectoryRecord>()
  return {
    publish: (r) => void records.set(r.name, structuredClone(r)),
    withdraw: (name) => void records.delete(name),
    lookup: (name) => {
      const r = records.get(name)
      return r === undefined ? undefined : structuredClone(r)
    },
    list: () => [...records.values()].map((r) => structuredClone(r)),
  }
}

/**
 * A directory shared by processes on one host: one JSON file per record in `path` (created if
 * missing), replaced atomically by rename.
 * @param path - a folder only the emulation uses
 */
export function fileDirectory(path: string): EmulationDirectory {
  mkdirSync(path, { recursive: true })
  const file = (name: string): string => join(path, `${encodeURIComponent(name)}.json`)
  const read = (f: string): DirectoryRecord | undefined => {
    try {
      return JSON.parse(readFileSync(f, 'utf8')) as DirectoryRecord
    } catch {
      return undefined // withdrawn meanwhile, or half-written by a crashed writer
    }
  }
  let seq = 0
  return {
    publish: (r) => {
      const tmp = join(path, `.${process.pid}.${++seq}.tmp`)
      writeFileSync(tmp, JSON.stringify(r))
      renameSync(tmp, file(r.name))
    },
    withdraw: (name) => rmSync(file(name), { force: true }),
    lookup: (name) => read(file(name)),
    list: () =>
      readdirSync(path)
        .filter((f) => f.endsWith('.json'))
        .map((f) => read(join(path, f)))
        .filter((r): r is DirectoryRecord => r !== undefined),
  }
}
