import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { JsonSyntaxError, MAX_JSON_DEPTH, parseJson, stringifyJson } from '../src/json.js'

describe('parseJson', () => {
  it('keeps integers beyond 2^53 exact as bigint', () => {
    const v = parseJson('{"timestamp":72623859790382856}') as { timestamp: unknown }
    expect(v.timestamp).toBe(0x0102030405060708n)
    expect(parseJson('18446744073709551615')).toBe(0xffffffffffffffffn)
    expect(parseJson('-9007199254740993')).toBe(-9007199254740993n)
  })

  it('returns numbers for safe integers and non-integers', () => {
    expect(parseJson('9007199254740991')).toBe(9007199254740991)
    expect(parseJson('1735689600000')).toBe(1735689600000)
    expect(parseJson('1.5e3')).toBe(1500)
    expect(parseJson('72623859790382856.0')).toBe(72623859790382856.0)
  })

  it('parses strings with escapes and unicode', () => {
    expect(parseJson('"a\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude42"')).toBe('a"b\\c/\né🙂')
  })

  it('treats __proto__ as plain data', () => {
    const v = parseJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>
    expect(Object.getPrototypeOf(v)).toBe(null)
    expect(v.__proto__).toEqual({ polluted: true })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it.each([
    ['', 'end of input'],
    ['{', 'string key'],
    ['{"a":1,}', 'string key'],
    ['[1,]', 'unexpected'],
    ['01', 'trailing'],
    ['1.', 'fraction'],
    ['"\\x"', 'escape'],
    ['"abc', 'unterminated'],
    ['{"a" 1}', "':'"],
    ['tru', 'literal'],
    ['"a\u0001"', 'control'],
    ['{} {}', 'trailing'],
  ])('rejects %j', (text, fragment) => {
    expect(() => parseJson(text)).toThrow(JsonSyntaxError)
    expect(() => parseJson(text)).toThrow(fragment)
  })

  it('bounds nesting depth', () => {
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)
    expect(() => parseJson(ok)).not.toThrow()
    const deep = '['.repeat(MAX_JSON_DEPTH + 2) + ']'.repeat(MAX_JSON_DEPTH + 2)
    expect(() => parseJson(deep)).toThrow('nesting too deep')
  })

  it('agrees with JSON.parse on arbitrary JSON (big integers compared as doubles)', () => {
    const asDouble = (_key: string, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value)
        expect(JSON.stringify(parseJson(text), asDouble)).toBe(JSON.stringify(JSON.parse(text)))
      }),
      { numRuns: 500 },
    )
  })
})

describe('stringifyJson', () => {
  it('writes bigint as a bare integer', () => {
    expect(stringifyJson({ ts: 0x0102030405060708n, n: 1 })).toBe('{"ts":72623859790382856,"n":1}')
  })

  it('omits undefined members like JSON.stringify', () => {
    expect(stringifyJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}')
  })

  it('round-trips any u64 exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }), (n) => {
        const back = parseJson(stringifyJson({ t: n })) as { t: number | bigint }
        expect(BigInt(back.t)).toBe(n)
      }),
    )
  })

  it('rejects non-finite numbers and functions', () => {
    expect(() => stringifyJson(Number.NaN)).toThrow(TypeError)
    expect(() => stringifyJson(() => 1)).toThrow(TypeError)
  })
})
