import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { closestRelays, parseRelayCsv } from './directory.js'
import { SAMPLE_RELAYS_CSV } from './sample-relays.js'
import { encodeGeohash } from '../geohash/geohash.js'

describe('relay directory', () => {
  it('the embedded sample equals data/sample-relays.csv', () => {
    const file = readFileSync(fileURLToPath(new URL('../../data/sample-relays.csv', import.meta.url)), 'utf8')
    expect(SAMPLE_RELAYS_CSV).toBe(file)
  })
  it('parses the sample: 24 relays, header skipped, wss:// added', () => {
    const { relays, skipped } = parseRelayCsv(SAMPLE_RELAYS_CSV)
    expect(relays).toHaveLength(24)
    expect(skipped).toBe(0)
    expect(relays[0]).toEqual({ url: 'wss://relay-reykjavik.example', latitude: 64.1466, longitude: -21.9426 })
  })
  it('skips malformed rows and duplicates, never throws on content', () => {
    const { relays, skipped } = parseRelayCsv('wss://a.example,1,2\nbad row\nwss://b.example,91,0\nwss://a.example,3,4\nwss://c example,1,1\n\n# comment\nws://d.example:7777/path,5,6')
    expect(relays.map((r) => r.url)).toEqual(['wss://a.example', 'ws://d.example:7777/path'])
    expect(skipped).toBe(3)
  })
  it('picks the 5 nearest to a geohash centre, nearest first', () => {
    const { relays } = parseRelayCsv(SAMPLE_RELAYS_CSV)
    const berlin = encodeGeohash(52.52, 13.405, 5)
    const picked = closestRelays(relays, berlin)
    expect(picked.map((r) => r.url)).toEqual([
      'wss://relay-berlin.example',
      'wss://relay-warsaw.example',
      'wss://relay-paris.example',
      'wss://relay-helsinki.example',
      'wss://relay-dublin.example',
    ])
    expect(picked[0]!.distanceM).toBeLessThan(5_000)
  })
  it('distance wraps across the antimeridian', () => {
    const { relays } = parseRelayCsv(SAMPLE_RELAYS_CSV)
    // Just east of 180°, near Fiji: Suva first, then Apia, Auckland (not the Americas).
    const picked = closestRelays(relays, { latitude: -17, longitude: -179.5 }, 3)
    expect(picked.map((r) => r.url)).toEqual(['wss://relay-suva.example', 'wss://relay-apia.example', 'wss://relay-auckland.example'])
  })
})
