/**
 * Finds the TypeScript code blocks of a Markdown file.
 *
 * A block is a fenced block whose info string starts with `ts` or `typescript`. Markers:
 * - ```` ```ts no-check ```` or a `<!-- no-check: reason -->` line right before the fence skips it
 *   (for deliberately partial snippets; say why);
 * - ```` ```ts [name.ts] ```` writes the block under that file name, so other blocks of the same
 *   page can `import ... from './name.js'`;
 * - an HTML comment `<!-- docs-check-prelude ... -->` right before the fence holds code that is
 *   prepended to the block when checking but not shown on the page (declarations a snippet
 *   assumes, such as `declare const myTransport: Transport`).
 */

/** Matches an opening or closing fence: indentation, the fence itself, the info string. */
const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/
/** Languages that are type-checked. */
const TS_LANGS = new Set(['ts', 'typescript', 'mts'])

/**
 * @typedef {object} CodeBlock
 * @property {number} line 1-based line of the opening fence in the Markdown file
 * @property {number} indent columns of indentation removed from each line
 * @property {string} code the block's text (fence indentation removed)
 * @property {string | null} fileName name from `[name.ts]`, or null
 * @property {string} prelude hidden code prepended when checking ('' when none)
 * @property {string | null} skip why the block is not checked, or null when it is
 */

/**
 * Extract the TypeScript blocks of one Markdown text.
 * @param {string} markdown file contents
 * @returns {CodeBlock[]} blocks in file order
 */
export function extractTsBlocks(markdown) {
  const lines = markdown.split(/\r?\n/)
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '')
    if (open === null) continue
    const [, indent = '', fence = '', infoRaw = ''] = open
    const info = infoRaw.trim()
    // Find the closing fence: same character, at least as long, nothing after it.
    let end = i + 1
    for (; end < lines.length; end++) {
      const close = FENCE.exec(lines[end] ?? '')
      if (close !== null && close[2]?.[0] === fence[0] && (close[2]?.length ?? 0) >= fence.length && close[3]?.trim() === '') break
    }
    const lang = info.split(/[\s{[]/, 1)[0]?.toLowerCase() ?? ''
    if (TS_LANGS.has(lang)) {
      const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()))
      const before = commentBefore(lines, i)
      const noCheckComment = /^<!--\s*no-check\b:?\s*(.*?)\s*-->$/.exec(before.text.trim())
      let skip = null
      if (/(^|\s)no-check(\s|$)/.test(info)) skip = 'no-check in the info string'
      else if (noCheckComment !== null) skip = noCheckComment[1] || 'no-check comment'
      const prelude = /^<!--\s*docs-check-prelude\b([\s\S]*?)-->$/.exec(before.text.trim())
      blocks.push({
        line: i + 1,
        indent: indent.length,
        code: body.join('\n'),
        fileName: /\[([\w.-]+\.m?ts)\]/.exec(info)?.[1] ?? null,
        prelude: prelude === null ? '' : (prelude[1] ?? '').replace(/^\s*\n/, '').replace(/\s+$/, ''),
        skip,
      })
    }
    i = end
  }
  return blocks
}

/**
 * The HTML comment that ends on the last non-blank line before line `index`, if any.
 * @param {string[]} lines file lines
 * @param {number} index line of the fence
 * @returns {{ text: string }} the comment text, or '' when there is none
 */
function commentBefore(lines, index) {
  let last = index - 1
  while (last >= 0 && (lines[last] ?? '').trim() === '') last--
  if (last < 0 || !(lines[last] ?? '').trim().endsWith('-->')) return { text: '' }
  let first = last
  while (first >= 0 && !(lines[first] ?? '').includes('<!--')) first--
  if (first < 0) return { text: '' }
  return { text: lines.slice(first, last + 1).join('\n') }
}
