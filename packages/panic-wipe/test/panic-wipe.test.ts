import { describe, expect, it } from 'vitest'
import { DataKeyStore, PanicWipe, WipePriority, createAtRestCipher, memoryKeyStoreBackend, memoryWipeJournal, type WipeJournal, type WipeProgress } from '../src/index.js'
import { crypto, manualClock, text } from './helpers.js'

/** A journal that logs its calls into `log`. */
function loggingJournal(log: string[]): WipeJournal & { inner: WipeJournal } {
  const inner = memoryWipeJournal()
  return {
    inner,
    begin: async (r) => {
      log.push('journal.begin')
      await inner.begin(r)
    },
    pending: () => inner.pending(),
    commit: async () => {
      log.push('journal.commit')
      await inner.commit()
    },
  }
}

describe('PanicWipe', () => {
  it('runs the transaction in order: start hook (sync) → marker → keys → components → hooks → commit', async () => {
    const log: string[] = []
    const clock = manualClock()
    const journal = loggingJournal(log)
    const keys = { wipeName: 'keys', destroy: () => void log.push('keys') }
    const panic = new PanicWipe({ clock, journal, keys })
    panic.register({ wipeName: 'files', wipe: () => void log.push('files') }, { priority: WipePriority.FILES })
    panic.register({ wipeName: 'sessions', wipe: () => void log.push('sessions') }, { priority: WipePriority.SECRETS })
    panic.onWipeStart((info) => log.push(`start:${info.reason}:${info.resumed}`))
    panic.afterWipe(async function newIdentity() {
      log.push('hook')
    })
    const events: WipeProgress[] = []
    panic.onProgress((e) => events.push(e))

    expect(panic.sendsAllowed).toBe(true)
    const running = panic.wipe('gesture')
    // Synchronously after wipe(): sends are already suppressed and the listener ran.
    expect(panic.wiping).toBe(true)
    expect(panic.sendsAllowed).toBe(false)
    // The start listener ran first; nothing destructive ran yet (the marker write may have begun).
    expect(log.filter((l) => l !== 'journal.begin')).toEqual(['start:gesture:false'])
    const report = await running
    expect(log).toEqual(['start:gesture:false', 'journal.begin', 'keys', 'sessions', 'files', 'hook', 'journal.commit'])
    expect(events.map((e) => `${e.step}:${e.report.name}`)).toEqual(['journal:journal', 'keys:keys', 'component:sessions', 'component:files', 'hook:newIdentity', 'commit:commit'])
    expect(report).toMatchObject({ reason: 'gesture', resumed: false, ok: true, startedAt: clock.now() })
    expect(panic.state).toBe('wiped')
    expect(panic.sendsAllowed).toBe(false)
    expect(panic.lastReport).toBe(report)
    expect(await journal.pending()).toBeNull()
  })

  it('reports "all data unreadable" separately from "all components done", on the injected clock', async () => {
    const clock = manualClock()
    const panic = new PanicWipe({ clock, keys: { destroy: () => clock.advance(3) } })
    panic.register({ wipeName: 'slow-files', wipe: () => clock.advance(400) })
    const report = await panic.wipe()
    expect(report.keysDestroyedAfterMs).toBe(3)
    expect(report.componentsDoneAfterMs).toBe(403)
    expect(report.components[0]!.durationMs).toBe(400)
  })

  it('a concurrent wipe() joins the running one', async () => {
    let runs = 0
    const panic = new PanicWipe({ clock: manualClock() })
    panic.register({ wipeName: 'x', wipe: () => void runs++ })
    const [a, b] = await Promise.all([panic.wipe('one'), panic.wipe('two')])
    expect(a).toBe(b)
    expect(runs).toBe(1)
  })

  it('failures are reported, never thrown; a failed step keeps the marker so the next start retries', async () => {
    const journal = memoryWipeJournal()
    let attempts = 0
    const flaky = { wipeName: 'flaky', wipe: () => { if (attempts++ === 0) throw new Error('busy') } }
    const make = () => {
      const p = new PanicWipe({ clock: manualClock(), journal, keys: { destroy: () => { throw new Error('keychain locked') } } })
      p.register(flaky)
      return p
    }
    const first = await make().wipe('manual')
    expect(first.ok).toBe(false)
    expect(first.keys[0]).toMatchObject({ ok: false })
    expect(first.components[0]).toMatchObject({ name: 'flaky', ok: false })
    expect(first.commit.ok).toBe(false)
    expect(await journal.pending()).toMatchObject({ reason: 'manual' })

    // Next start: the marker is there, so the wipe runs again before anything else.
    const keysOk = new PanicWipe({ clock: manualClock(), journal, keys: { destroy: () => undefined } })
    keysOk.register(flaky)
    const resumed = await keysOk.resumePendingWipe()
    expect(resumed).toMatchObject({ ok: true, resumed: true, reason: 'manual', journal: undefined })
    expect(await journal.pending()).toBeNull()
    expect(await keysOk.resumePendingWipe()).toBeNull()
  })

  it('a throwing start listener, progress listener or hook does not stop the wipe', async () => {
    const panic = new PanicWipe({ clock: manualClock() })
    let wiped = false
    panic.register({ wipeName: 'x', wipe: () => { wiped = true } })
    panic.onWipeStart(() => { throw new Error('ui gone') })
    panic.onProgress(() => { throw new Error('ui gone') })
    panic.afterWipe(() => { throw new Error('decoy failed') })
    const report = await panic.wipe()
    expect(wiped).toBe(true)
    expect(report.hooks[0]).toMatchObject({ ok: false })
    expect(report.commit.ok).toBe(true) // a hook failure does not keep the marker
    expect(report.ok).toBe(false)
  })

  it('shreds a real key store first: ciphertexts written before the wipe no longer open', async () => {
    const backend = memoryKeyStoreBackend()
    const keys = await DataKeyStore.open({ crypto, backend })
    const cipher = createAtRestCipher(crypto, await keys.key('history'))
    const sealed = cipher.seal(text('meet at the north gate'), text('ad'))
    let openedDuringComponents: unknown
    const panic = new PanicWipe({ clock: manualClock(), keys: [keys, backend] })
    panic.register({
      wipeName: 'probe',
      wipe: () => {
        try {
          cipher.open(sealed, text('ad'))
        } catch (error) {
          openedDuringComponents = error
        }
      },
    })
    expect((await panic.wipe()).ok).toBe(true)
    expect(openedDuringComponents).toMatchObject({ code: 'CLOSED' })
    expect(backend.blob).toBeUndefined()
    // A new key store after the wipe has new keys: the old ciphertext stays unreadable.
    const after = await DataKeyStore.open({ crypto, backend })
    const newCipher = createAtRestCipher(crypto, await after.key('history'))
    expect(() => newCipher.open(sealed, text('ad'))).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }))
  })
})

