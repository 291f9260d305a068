import { describe, expect, it } from 'vitest'
import { readLines, type LineItem } from '../src/line-reader.js'

async function collect(chunks: (string | Uint8Array)[], max?: number): Promise<LineItem[]> {
  const out: LineItem[] = []
  for await (const item of readLines(chunks, max)) out.push(item)
  return out
}

describe('readLines', () => {
  it('splits lines across chunk boundaries and strips CR', async () => {
    expect(await collect(['ab', 'c\nde', 'f\r\n', 'g'])).toEqual([
      { kind: 'line', text: 'abc' },
      { kind: 'line', text: 'def' },
      { kind: 'line', text: 'g' },
    ])
  })

  it('decodes UTF-8 split inside a character', async () => {
    const bytes = new TextEncoder().encode('zoë🙂\n')
    const items = await collect([bytes.subarray(0, 3), bytes.subarray(3, 6), bytes.subarray(6)])
    expect(items).toEqual([{ kind: 'line', text: 'zoë🙂' }])
  })

  it('reports overlong lines and resumes at the next newline', async () => {
    const items = await collect(['x'.repeat(5), 'y'.repeat(10), 'z\nok\n', 'q'.repeat(20)], 8)
    expect(items).toEqual([
      { kind: 'overlong', length: 16 },
      { kind: 'line', text: 'ok' },
      { kind: 'overlong', length: 20 },
    ])
  })

  it('keeps empty lines (the adapter ignores them)', async () => {
    expect(await collect(['\n\na\n'])).toEqual([
      { kind: 'line', text: '' },
      { kind: 'line', text: '' },
      { kind: 'line', text: 'a' },
    ])
  })
})
