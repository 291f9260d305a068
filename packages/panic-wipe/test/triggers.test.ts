import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { pbkdf2Sync } from 'node:crypto'
import { isBitMeshError } from '@bitmesh/interface'
import {
  DecoyPinGate,
  PanicWipe,
  TripleTapDetector,
  checkPin,
  createPinRecord,
  decodePinRecord,
  encodePinRecord,
  pbkdf2Sha256,
  type WipeReport,
} from '../src/index.js'
import { crypto, manualClock, providers, text } from './helpers.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const ITER = 1_000

describe('pbkdf2Sha256', () => {
  // RFC 7914 §11 PBKDF2-HMAC-SHA256 vectors (dkLen 64); one output block is their first 32 bytes.
  it.each([
    ['passwd', 'salt', 1, '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc'],
    ['Password', 'NaCl', 80_000, '4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56'],
  ])('RFC 7914 §11: P=%s S=%s c=%i with both providers', (password, salt, c, expected) => {
    for (const p of providers) expect(hex(pbkdf2Sha256(p, text(password), text(salt), c))).toBe(expected)
  })

  it('matches node:crypto pbkdf2Sync for any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 32 }), fc.integer({ min: 1, max: 40 }), (pw, salt, c) => {
        expect(hex(pbkdf2Sha256(crypto, pw, salt, c))).toBe(pbkdf2Sync(pw, salt, c, 32, 'sha256').toString('hex'))
      }),
      { numRuns: 100 },
    )
  })
})

describe('PIN records and the decoy PIN', () => {
  const record = createPinRecord(crypto, { pin: '2468', decoyPin: '1357', iterations: ITER })

  it('the real PIN unlocks, the decoy PIN says wipe, anything else is rejected', () => {
    expect(checkPin(crypto, record, '2468')).toBe('unlock')
    expect(checkPin(crypto, record, '1357')).toBe('decoy')
    expect(checkPin(crypto, record, '0000')).toBe('reject')
    expect(checkPin(crypto, record, '')).toBe('reject')
    expect(checkPin(crypto, record, '2'.repeat(500))).toBe('reject')
    const noDecoy = createPinRecord(crypto, { pin: '2468', iterations: ITER })
    expect(checkPin(crypto, noDecoy, '2468')).toBe('unlock')
    expect(checkPin(crypto, noDecoy, '1357')).toBe('reject')
  })

  it('normalises Unicode (NFC) so one PIN typed two ways matches', () => {
    const r = createPinRecord(crypto, { pin: 'caf\u00e9', iterations: ITER })
    expect(checkPin(crypto, r, 'cafe\u0301')).toBe('unlock')
  })

  it('encodes to a fixed size whether or not a decoy is set, and round-trips', () => {
    const noDecoy = createPinRecord(crypto, { pin: '1', iterations: ITER })
    expect(encodePinRecord(record).length).toBe(encodePinRecord(noDecoy).length)
    const back = decodePinRecord(encodePinRecord(record))
    expect(back).toEqual(record)
    expect(checkPin(crypto, back, '1357')).toBe('decoy')
    expect(decodePinRecord(encodePinRecord(noDecoy)).decoyHash).toBeNull()
  })

  it('rejects hostile records with typed errors only (no unbounded work)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 86, maxLength: 86 }), (bytes) => {
        try {
          const r = decodePinRecord(bytes)
          expect(r.iterations).toBeLessThanOrEqual(10_000_000)
        } catch (error) {
          expect(isBitMeshError(error)).toBe(true)
        }
      }),
    )
    expect(() => decodePinRecord(new Uint8Array(3))).toThrow(expect.objectContaining({ reason: 'BAD_LENGTH' }))
  })

  it('refuses equal PINs and out-of-range iterations', () => {
    expect(() => createPinRecord(crypto, { pin: '1', decoyPin: '1', iterations: ITER })).toThrow(RangeError)
    expect(() => createPinRecord(crypto, { pin: '1', iterations: 10 })).toThrow(RangeError)
    expect(() => createPinRecord(crypto, { pin: '', iterations: ITER })).toThrow(RangeError)
  })
})

describe('DecoyPinGate', () => {
  const record = createPinRecord(crypto, { pin: '2468', decoyPin: '1357', iterations: ITER })

  function setup(maxFailures?: number) {
    const reasons: string[] = []
    const panic = new PanicWipe({ clock: manualClock() })
    panic.register({ wipeName: 'everything', wipe: () => void reasons.push('wiped') })
    const gate = new DecoyPinGate({ crypto, record, panic, ...(maxFailures === undefined ? {} : { maxFailures }) })
    return { gate, panic, reasons }
  }

  it('the decoy PIN wipes, then becomes the ordinary PIN of the decoy profile', async () => {
    const { gate, panic, reasons } = setup()
    expect(await gate.enter('2468')).toEqual({ outcome: 'unlocked' })
    expect(reasons).toEqual([])
    const result = await gate.enter('1357')
    expect(result.outcome).toBe('wiped')
    if (result.outcome !== 'wiped') return
    expect(result.trigger).toBe('decoy-pin')
    expect((result.report as WipeReport).reason).toBe('decoy-pin')
    expect(reasons).toEqual(['wiped'])
    expect(panic.state).toBe('wiped')
    expect(checkPin(crypto, result.nextRecord, '1357')).toBe('unlock')
    expect(checkPin(crypto, result.nextRecord, '2468')).toBe('reject')
    expect(await gate.enter('1357')).toEqual({ outcome: 'unlocked' })
    expect(reasons).toEqual(['wiped'])
  })

  it('optionally wipes after too many consecutive wrong PINs', async () => {
    const { gate, reasons } = setup(3)
    expect(await gate.enter('1')).toEqual({ outcome: 'rejected', failures: 1 })
    expect(await gate.enter('2468')).toEqual({ outcome: 'unlocked' }) // resets the count
    expect(await gate.enter('1')).toEqual({ outcome: 'rejected', failures: 1 })
    expect(await gate.enter('2')).toEqual({ outcome: 'rejected', failures: 2 })
    expect(await gate.enter('3')).toMatchObject({ outcome: 'wiped', trigger: 'too-many-failures' })
    expect(reasons).toEqual(['wiped'])
  })
})

describe('TripleTapDetector', () => {
  it('fires on three taps within the gap and window, then starts over', () => {
    const clock = manualClock()
    let fired = 0
    const d = new TripleTapDetector({ clock, onTrigger: () => void fired++ })
    expect(d.tap()).toBe(false)
    clock.advance(300)
    expect(d.tap()).toBe(false)
    clock.advance(300)
    expect(d.tap()).toBe(true)
    expect(fired).toBe(1)
    expect(d.pendingTaps).toBe(0)
    clock.advance(100)
    expect(d.tap()).toBe(false) // a fourth tap starts a new gesture
  })

  it('a gap longer than maxGapMs restarts the count', () => {
    const clock = manualClock()
    const d = new TripleTapDetector({ clock, maxGapMs: 400 })
    d.tap()
    clock.advance(401)
    d.tap()
    clock.advance(100)
    expect(d.tap()).toBe(false)
    clock.advance(100)
    expect(d.tap()).toBe(true)
  })

  it('taps spread beyond windowMs do not fire even with short gaps', () => {
    const clock = manualClock()
    const d = new TripleTapDetector({ clock, taps: 4, maxGapMs: 500, windowMs: 1_000 })
    d.tap()
    clock.advance(450)
    d.tap()
    clock.advance(450)
    d.tap()
    clock.advance(450) // 1 350 ms since the first tap
    expect(d.tap()).toBe(false)
    expect(d.pendingTaps).toBe(1)
  })

  it('a clock that goes backwards restarts the gesture; reset() forgets taps', () => {
    const clock = { t: 10_000, now() { return this.t } }
    const d = new TripleTapDetector({ clock })
    d.tap()
    clock.t -= 100
    d.tap()
    expect(d.pendingTaps).toBe(1)
    d.reset()
    expect(d.pendingTaps).toBe(0)
    expect(() => new TripleTapDetector({ clock, taps: 1 })).toThrow(RangeError)
  })
})
