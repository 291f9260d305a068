import { describe, expect, it } from 'vitest'
import { complianceCases, runComplianceCase, runTransportCompliance } from '../src/index.js'
import { faultyHarness, type Faults } from './faulty-transport.js'

function caseById(id: string) {
  const found = complianceCases.find((c) => c.id === id)
  if (found === undefined) throw new Error(`no case ${id}`)
  return found
}

// The wrapper with no fault injected is transparent: it passes everything.
runTransportCompliance(faultyHarness({}))

/** Each injected bug, and the case that must catch it. */
const BUGS: ReadonlyArray<[Faults, string]> = [
  [{ skipMtuCheck: true }, 'oversize-refused'],
  [{ neverBackpressure: true }, 'backpressure'],
  [{ reuseReceiveBuffer: true }, 'frames-not-mutated'],
  [{ reuseReceiveBuffer: true }, 'frames-many-in-order'],
  [{ swallowRemoteClose: true }, 'close-propagates'],
  [{ swallowRemoteClose: true }, 'stop-closes-links'],
  [{ reorder: true }, 'frames-many-in-order'],
  [{ reorder: true }, 'frames-mtu-boundaries'],
  [{ dropSize: 64 }, 'frames-mtu-boundaries'],
  [{ dropSize: 63 }, 'frames-mtu-boundaries'],
  [{ corruptAbove: 48 }, 'frames-random'],
  [{ ignoreAbort: true }, 'dial-aborted-signal'],
  [{ ignoreAbort: true }, 'dial-abort-in-flight'],
  [{ leakTimerOnStop: true }, 'stop-leaks-nothing'],
  [{ leakLinkListener: true }, 'stop-leaks-nothing'],
  [{ stopReason: 'local' }, 'stop-closes-links'],
  [{ sendWhenClosed: true }, 'send-after-close'],
  [{ duplicateLinkOpen: true }, 'open-both-sides'],
]

describe('each compliance case catches the bug it is about', () => {
  for (const [faults, id] of BUGS) {
    it(`${id} fails on ${JSON.stringify(faults)}`, async () => {
      await expect(runComplianceCase(faultyHarness(faults), caseById(id))).rejects.toThrow()
    })
  }
})

describe('runTransportCompliance argument checks', () => {
  it('rejects a harness without setup', () => {
    expect(() => runTransportCompliance({ name: 'x' } as never)).toThrow(TypeError)
  })
  it('rejects skipping an unknown case', () => {
    expect(() => runTransportCompliance({ ...faultyHarness({}), skip: { 'no-such-case': 'because' } })).toThrow(/no-such-case/)
  })
})
