/**
 * JSON for the adapter protocol with exact big integers.
 *
 * Packet timestamps are u64 milliseconds, and golden vectors use values such as
 * `0x0102030405060708` that a JavaScript `number` cannot hold. `JSON.parse` would round them
 * silently (Node 20 has no source-text reviver), so requests and responses go through this small
 * RFC 8259 parser: integer literals outside the safe range become `bigint`, everything else is
 * what `JSON.parse` would return. {@link stringifyJson} writes `bigint` back as a bare integer.
 * @module
 */

/** A parsed JSON value, with `bigint` for integers beyond ±(2^53 − 1). */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue }

/** A parsed JSON object. */
export type JsonObject = { [key: string]: JsonValue }

/** Deepest nesting accepted; protocol messages are at most ~4 levels deep. */
export const MAX_JSON_DEPTH = 64

/** Thrown by {@link parseJson} for malformed text. */
export class JsonSyntaxError extends Error {
  /** Character offset where parsing failed. */
  readonly offset: number
  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`)
    this.name = 'JsonSyntaxError'
    this.offset = offset
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const MIN_SAFE = -MAX_SAFE

/** Recursive-descent parser state; one instance per call keeps the functions monomorphic. */
class Parser {
  pos = 0
  constructor(readonly text: string) {}

  fail(message: string): never {
    throw new JsonSyntaxError(message, this.pos)
  }

  skipWs(): void {
    const t = this.text
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos)
      // space, tab, LF, CR: the only whitespace RFC 8259 allows
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++
      else break
    }
  }

  value(depth: number): JsonValue {
    if (depth > MAX_JSON_DEPTH) this.fail('nesting too deep')
    this.skipWs()
    const c = this.text[this.pos]
    switch (c) {
      case '{':
        return this.object(depth)
      case '[':
        return this.array(depth)
      case '"':
        return this.string()
      case 't':
        return this.literal('true', true)
      case 'f':
        return this.literal('false', false)
      case 'n':
        return this.literal('null', null)
      case undefined:
        return this.fail('unexpected end of input')
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return this.number()
        return this.fail(`unexpected character ${JSON.stringify(c)}`)
    }
  }

  literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail('invalid literal')
    this.pos += word.length
    return value
  }

  number(): number | bigint {
    const t = this.text
    const start = this.pos
    if (t[this.pos] === '-') this.pos++
    if (t[this.pos] === '0') this.pos++
    else if (t[this.pos]! >= '1' && t[this.pos]! <= '9') while (t[this.pos]! >= '0' && t[this.pos]! <= '9') this.pos++
    else this.fail('invalid number')
    let integer = true
    if (t[this.pos] === '.') {
      integer = false
      this.pos++
      if (!(t[this.pos]! >= '0' && t[this.pos]! <= '9')) this.fail('invalid fraction')
      while (t[this.pos]! >= '0' && t[this.pos]! <= '9') this.pos++
    }
    if (t[this.pos] === 'e' || t[this.pos] === 'E') {
      integer = false
      this.pos++
      if (t[this.pos] === '+' || t[this.pos] === '-') this.pos++
      if (!(t[this.pos]! >= '0' && t[this.pos]! <= '9')) this.fail('invalid exponent')
      while (t[this.pos]! >= '0' && t[this.pos]! <= '9') this.pos++
    }
    const literal = t.slice(start, this.pos)
    // 16 digits is the shortest literal that can leave the safe range; shorter ones skip BigInt.
    if (integer && literal.length >= 16) {
      const big = BigInt(literal)
      if (big > MAX_SAFE || big < MIN_SAFE) return big
    }
    return Number(literal)
  }

  string(): string {
    const t = this.text
    this.pos++ // opening quote
    let out = ''
    let runStart = this.pos
    for (;;) {
      if (this.pos >= t.length) this.fail('unterminated string')
      const c = t.charCodeAt(this.pos)
      if (c === 0x22) {
        out += t.slice(runStart, this.pos)
        this.pos++
        return out
      }
      if (c < 0x20) this.fail('control character in string')
      if (c !== 0x5c) {
        this.pos++
        continue
      }
      out += t.slice(runStart, this.pos)
      const e = t[this.pos + 1]
      this.pos += 2
      switch (e) {
        case '"':
          out += '"'
          break
        case '\\':
          out += '\\'
          break
        case '/':
          out += '/'
          break
        case 'b':
          out += '\b'
          break
        case 'f':
          out += '\f'
          break
        case 'n':
          out += '\n'
          break
        case 'r':
          out += '\r'
          break
        case 't':
          out += '\t'
          break
        case 'u': {
          const hex = t.slice(this.pos, this.pos + 4)
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape')
          out += String.fromCharCode(Number.parseInt(hex, 16))
          this.pos += 4
          break
        }
        default:
          this.pos -= 2
          this.fail('invalid escape')
      }
      runStart = this.pos
    }
  }

  array(depth: number): JsonValue[] {
    this.pos++
    const out: JsonValue[] = []
    this.skipWs()
    if (this.text[this.pos] === ']') {
      this.pos++
      return out
    }
    for (;;) {
      out.push(this.value(depth + 1))
      this.skipWs()
      const c = this.text[this.pos]
      this.pos++
      if (c === ']') return out
      if (c !== ',') {
        this.pos--
        this.fail("expected ',' or ']'")
      }
    }
  }

  object(depth: number): JsonObject {
    this.pos++
    // A null-prototype object: keys such as "__proto__" are plain data, never prototype changes.
    const out = Object.create(null) as JsonObject
    this.skipWs()
    if (this.text[this.pos] === '}') {
      this.pos++
      return out
    }
    for (;;) {
      this.skipWs()
      if (this.text[this.pos] !== '"') this.fail('expected a string key')
      const key = this.string()
      this.skipWs()
      if (this.text[this.pos] !== ':') this.fail("expected ':'")
      this.pos++
      out[key] = this.value(depth + 1)
      this.skipWs()
      const c = this.text[this.pos]
      this.pos++
      if (c === '}') return out
      if (c !== ',') {
        this.pos--
        this.fail("expected ',' or '}'")
      }
    }
  }
}

/**
 * Parse JSON text, keeping integers beyond the safe range exact as `bigint`.
 * Objects are created without a prototype.
 * @param text - One JSON document (surrounding whitespace allowed).
 * @returns The parsed value.
 * @throws JsonSyntaxError when `text` is not a single valid JSON value or nests deeper than
 *   {@link MAX_JSON_DEPTH}.
 */
export function parseJson(text: string): JsonValue {
  const parser = new Parser(text)
  const value = parser.value(0)
  parser.skipWs()
  if (parser.pos !== text.length) parser.fail('trailing characters')
  return value
}

/**
 * Serialize a value as compact JSON, writing `bigint` as a bare integer literal.
 * `undefined` object members are omitted (as `JSON.stringify` does).
 * @param value - A JSON-compatible value (may contain `bigint`).
 * @returns Single-line JSON text.
 * @throws TypeError for values JSON cannot represent (functions, symbols, non-finite numbers,
 *   cyclic structures are not detected and recurse until the stack limit).
 */
export function stringifyJson(value: unknown): string {
  switch (typeof value) {
    case 'bigint':
      return value.toString()
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('stringifyJson: non-finite number')
      return JSON.stringify(value)
    case 'string':
    case 'boolean':
      return JSON.stringify(value)
    case 'object': {
      if (value === null) return 'null'
      if (Array.isArray(value)) {
        let out = '['
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ','
          const item: unknown = value[i]
          out += item === undefined ? 'null' : stringifyJson(item)
        }
        return out + ']'
      }
      let out = '{'
      let first = true
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key]
        if (item === undefined) continue
        if (!first) out += ','
        first = false
        out += JSON.stringify(key) + ':' + stringifyJson(item)
      }
      return out + '}'
    }
    default:
      throw new TypeError(`stringifyJson: cannot serialize ${typeof value}`)
  }
}

/**
 * True for a plain JSON object (not an array, not null).
 * @param value - Any parsed value.
 * @returns Whether `value` is a JSON object.
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
