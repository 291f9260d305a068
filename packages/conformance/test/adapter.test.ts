import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createAdapterHandler, runAdapter } from '../src/adapter.js'
import { parseJson } from '../src/json.js'

const handler = createAdapterHandler()

async function ask(request: string | Record<string, unknown>): Promise<Record<string, any>> {
  const line = typeof request === 'string' ? request : JSON.stringify(request)
  return (await handler.handle(line)) as unknown as Record<string, any>
}

const V1_PACKET = {
  version: 1,
  type: 2,
  ttl: 7,
  senderId: '1011121314151617',
  recipientId: null,
  route: null,
  payload: 'aabbcc',
  signature: null,
  isRsr: false,
}
const V1_FRAME = '0102070102030405060708000003' + '1011121314151617aabbcc'

describe('envelope', () => {
  it('hello lists the implemented ops, noise included', async () => {
    const r = await ask({ id: 1, op: 'hello' })
    expect(r).toMatchObject({ id: 1, ok: true, result: { implementation: 'bitmesh', version: '0.1.0' } })
    const ops = r.result.ops as string[]
    for (const op of [
      'hello',
      'packet.encode',
      'packet.decode',
      'packet.signingBytes',
      'packet.sign',
      'packet.verify',
      'packet.id',
      'peer.id',
      'announce.encode',
      'announce.decode',
      'fragment.split',
      'fragment.reassemble',
      'gcs.build',
      'gcs.contains',
      'noise.new',
      'noise.write',
      'noise.read',
      'noise.encrypt',
      'noise.decrypt',
      'noise.handshakeHash',
      'noise.remoteStatic',
    ]) {
      expect(ops).toContain(op)
    }
    expect(ops).toEqual([...ops].sort())
  })

  it('unknown ops answer UNSUPPORTED_OP with the id echoed', async () => {
    expect(await ask({ id: 'n1', op: 'noise.close', session: 's1' })).toMatchObject({
      id: 'n1',
      ok: false,
      error: { code: 'UNSUPPORTED_OP' },
    })
    expect(await ask({ id: 2, op: 'frobnicate' })).toMatchObject({ id: 2, ok: false, error: { code: 'UNSUPPORTED_OP' } })
  })

  it('malformed JSON answers BAD_REQUEST with id null', async () => {
    const r = await ask('{"id": 3, "op": ')
    expect(r).toMatchObject({ id: null, ok: false, error: { code: 'BAD_REQUEST' } })
    expect(typeof r.error.message).toBe('string')
  })

  it('a non-object answers BAD_REQUEST with id null', async () => {
    expect(await ask('[1,2,3]')).toMatchObject({ id: null, ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await ask('42')).toMatchObject({ id: null, ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('a missing or non-string op answers BAD_REQUEST and keeps the id', async () => {
    expect(await ask({ id: 7 })).toMatchObject({ id: 7, ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await ask({ id: 8, op: 5 })).toMatchObject({ id: 8, ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('an unusable id becomes null', async () => {
    expect(await ask({ id: { x: 1 }, op: 'hello' })).toMatchObject({ id: null, ok: true })
  })

  it('echoes an id beyond 2^53 exactly', async () => {
    const line = await handler.handleLine('{"id":18446744073709551615,"op":"hello"}')
    expect(line.startsWith('{"id":18446744073709551615,')).toBe(true)
  })

  it('answers on exactly one line', async () => {
    const line = await handler.handleLine('{"id":1,"op":"announce.encode","nickname":"a\\nb","noisePublicKey":"' + '11'.repeat(32) + '","signingPublicKey":"' + '22'.repeat(32) + '"}')
    expect(line.includes('\n')).toBe(false)
  })
})

describe('big timestamps', () => {
  it('encodes a timestamp literal beyond 2^53 exactly', async () => {
    const line = `{"id":1,"op":"packet.encode","packet":${JSON.stringify(V1_PACKET).replace('{', '{"timestamp":72623859790382856,')},"padding":false,"compression":"none"}`
    const r = await ask(line)
    expect(r).toMatchObject({ ok: true, result: { hex: V1_FRAME } })
  })

  it('decodes it back as the same bare integer', async () => {
    const line = await handler.handleLine(JSON.stringify({ id: 2, op: 'packet.decode', hex: V1_FRAME }))
    expect(line).toContain('"timestamp":72623859790382856,')
    const parsed = parseJson(line) as { result: { packet: { timestamp: unknown } } }
    expect(parsed.result.packet.timestamp).toBe(0x0102030405060708n)
  })

  it('accepts the maximum u64 and rejects 2^64', async () => {
    const ok = await ask(`{"id":1,"op":"packet.id","packet":${JSON.stringify(V1_PACKET).replace('{', '{"timestamp":18446744073709551615,')}}`)
    expect(ok.ok).toBe(true)
    const bad = await ask(`{"id":1,"op":"packet.id","packet":${JSON.stringify(V1_PACKET).replace('{', '{"timestamp":18446744073709551616,')}}`)
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(bad.error.message).toContain('timestamp')
  })
})

describe('errors', () => {
  it('DECODE_ERROR carries the DecodeError reason', async () => {
    expect(await ask({ id: 1, op: 'packet.decode', hex: '03' + V1_FRAME.slice(2) })).toMatchObject({
      ok: false,
      error: { code: 'DECODE_ERROR', reason: 'BAD_VERSION' },
    })
    expect(await ask({ id: 2, op: 'packet.decode', hex: V1_FRAME.slice(0, 40) })).toMatchObject({
      ok: false,
      error: { code: 'DECODE_ERROR', reason: 'TRUNCATED' },
    })
  })

  it('a legacy-dialect frame answers DECODE_ERROR with reason LEGACY_DIALECT', async () => {
    // type 0x05 (legacy fragmentStart) exists only in the pre-August-2025 dialect
    const r = await ask({ id: 1, op: 'packet.decode', hex: '0105' + V1_FRAME.slice(4) })
    expect(r).toMatchObject({ ok: false, error: { code: 'DECODE_ERROR', reason: 'LEGACY_DIALECT' } })
  })

  it.each([
    ['senderId too short', { ...V1_PACKET, timestamp: 1, senderId: '1011' }, 'packet.senderId'],
    ['senderId not hex', { ...V1_PACKET, timestamp: 1, senderId: 'zz11121314151617' }, 'packet.senderId'],
    ['negative timestamp', { ...V1_PACKET, timestamp: -1 }, 'packet.timestamp'],
    ['fractional ttl', { ...V1_PACKET, timestamp: 1, ttl: 1.5 }, 'packet.ttl'],
    ['type 256', { ...V1_PACKET, timestamp: 1, type: 256 }, 'packet.type'],
    ['version 3', { ...V1_PACKET, timestamp: 1, version: 3 }, 'packet.version'],
    ['route on v1', { ...V1_PACKET, timestamp: 1, route: ['2122232425262728'] }, 'packet.route'],
    ['short signature', { ...V1_PACKET, timestamp: 1, signature: 'ab' }, 'packet.signature'],
    ['odd payload hex', { ...V1_PACKET, timestamp: 1, payload: 'abc' }, 'packet.payload'],
  ])('BAD_REQUEST for %s', async (_name, packet, field) => {
    const r = await ask({ id: 9, op: 'packet.encode', packet, padding: false, compression: 'none' })
    expect(r).toMatchObject({ id: 9, ok: false, error: { code: 'BAD_REQUEST' } })
    expect(r.error.message).toContain(field)
  })

  it('BAD_REQUEST for a bad compression choice or a missing packet', async () => {
    const bad = await ask({ id: 1, op: 'packet.encode', packet: { ...V1_PACKET, timestamp: 1 }, compression: 'zlib' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await ask({ id: 2, op: 'packet.encode' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('maps thrown errors: TypeError → BAD_REQUEST, anything else → INTERNAL_ERROR', async () => {
    const h = createAdapterHandler({
      ops: {
        'x.type': () => {
          throw new TypeError('wrong shape')
        },
        'x.boom': () => {
          throw new Error('bug')
        },
      },
    })
    expect(await h.handle('{"id":1,"op":"x.type"}')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'wrong shape' } })
    expect(await h.handle('{"id":2,"op":"x.boom"}')).toMatchObject({ ok: false, error: { code: 'INTERNAL_ERROR', message: 'bug' } })
    expect(h.ops).toEqual(['hello', 'x.boom', 'x.type'])
  })

  it('never rejects and always answers one JSON object line, whatever the input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc
            .record({ id: fc.integer(), op: fc.constantFrom(...handler.ops, 'packet.decode', 'nope'), hex: fc.string(), packet: fc.jsonValue() })
            .map((v) => JSON.stringify(v)),
        ),
        async (line) => {
          const out = await handler.handleLine(line)
          expect(out.includes('\n')).toBe(false)
          const parsed = parseJson(out) as { ok: unknown }
          expect(typeof parsed.ok).toBe('boolean')
        },
      ),
      { numRuns: 1000 },
    )
  })
})

describe('runAdapter', () => {
  function sink() {
    const lines: string[] = []
    let buffer = ''
    return {
      lines,
      write(text: string) {
        buffer += text
        const parts = buffer.split('\n')
        buffer = parts.pop()!
        lines.push(...parts)
        return true
      },
    }
  }

  it('answers in order, skips blank lines, survives bad lines', async () => {
    const out = sink()
    const slowFirst = {
      slow: async () => {
        await new Promise<void>((resolve) => setImmediate(resolve))
        return { n: 1 }
      },
      fast: () => ({ n: 2 }),
    }
    await runAdapter(['{"id":1,"op":"slow"}\n\n{"id":2,"op":"fa', 'st"}\r\nnot json\n{"id":3,"op":"hello"}'], out, { ops: slowFirst })
    const responses = out.lines.map((l) => JSON.parse(l))
    expect(responses.map((r) => r.id)).toEqual([1, 2, null, 3])
    expect(responses[0].result).toEqual({ n: 1 })
    expect(responses[1].result).toEqual({ n: 2 })
    expect(responses[2].error.code).toBe('BAD_REQUEST')
    expect(responses[3].result.ops).toEqual(['fast', 'hello', 'slow'])
  })

  it('answers an overlong line with BAD_REQUEST and carries on', async () => {
    const out = sink()
    await runAdapter([`{"id":1,"op":"hello","pad":"${'x'.repeat(200)}"}\n{"id":2,"op":"hello"}\n`], out, { maxLineChars: 100 })
    const responses = out.lines.map((l) => JSON.parse(l))
    expect(responses[0]).toMatchObject({ id: null, ok: false, error: { code: 'BAD_REQUEST' } })
    expect(responses[1]).toMatchObject({ id: 2, ok: true })
  })

  it('waits for drain when the sink applies back-pressure', async () => {
    const written: string[] = []
    let drains = 0
    const slowSink = {
      write(text: string) {
        written.push(text)
        return false
      },
      once(_event: 'drain', listener: () => void) {
        drains++
        setImmediate(listener)
      },
    }
    await runAdapter(['{"id":1,"op":"hello"}\n{"id":2,"op":"hello"}\n'], slowSink)
    expect(written).toHaveLength(2)
    expect(drains).toBe(2)
  })
})
