/**
 * Envelope cases (`conformance-adapter.md`): `hello`, id echo, `UNSUPPORTED_OP` and
 * `BAD_REQUEST` — after each of which the adapter must keep answering (the following cases
 * prove it). The runner adds one more check outside this data: the adapter exits with
 * status 0 once its standard input closes.
 * @module
 */
import { AdapterErrorCode } from '../protocol.js'
import { expectCheck } from './helpers.js'
import type { ConformanceSuite, ResultCheck } from './types.js'

const SOURCE = 'conformance-adapter.md (envelope)'

const helloCheck: ResultCheck = (result) => {
  if (typeof result.implementation !== 'string' || result.implementation === '') return 'implementation must be a non-empty string'
  if (typeof result.version !== 'string') return 'version must be a string'
  if (!Array.isArray(result.ops) || !result.ops.every((op) => typeof op === 'string')) return 'ops must be an array of strings'
  return undefined
}

/** Protocol envelope cases. */
export const protocolSuite: ConformanceSuite = {
  name: 'protocol',
  description: 'JSON Lines envelope: hello, id echo, UNSUPPORTED_OP, BAD_REQUEST',
  cases: [
    {
      name: 'hello lists implementation, version and ops',
      source: SOURCE,
      steps: [expectCheck('hello', {}, 'implementation and version strings, ops string array', helloCheck)],
    },
    {
      name: 'a string id is echoed',
      source: SOURCE,
      steps: [{ raw: '{"id":"req-α-1","op":"hello"}', id: 'req-α-1', expect: { check: helloCheck, describe: 'hello result' } }],
    },
    {
      name: 'unknown op answers UNSUPPORTED_OP',
      source: SOURCE,
      alwaysRun: true,
      steps: [{ op: 'no.such.op', args: { hex: '00' }, expect: { error: AdapterErrorCode.UNSUPPORTED_OP } }],
    },
    {
      name: 'malformed JSON answers BAD_REQUEST with id null',
      source: SOURCE,
      steps: [{ raw: '{"id": 1, "op": "hello"', expect: { error: AdapterErrorCode.BAD_REQUEST } }],
    },
    {
      name: 'a line that is not JSON at all answers BAD_REQUEST with id null',
      source: SOURCE,
      steps: [{ raw: 'hello adapter', expect: { error: AdapterErrorCode.BAD_REQUEST } }],
    },
    {
      name: 'a request without op answers BAD_REQUEST and echoes the id',
      source: SOURCE,
      steps: [{ raw: '{"id":41,"hex":"00"}', id: 41, expect: { error: AdapterErrorCode.BAD_REQUEST } }],
    },
  ],
}
