#!/usr/bin/env node
/**
 * Type-checks every ```ts code block of the guides and READMEs against the workspace packages'
 * TypeScript sources, so a guide cannot drift from the API it shows.
 *
 *   node tools/docs-check/check-code-blocks.mjs [--verbose] [file.md ...]
 *
 * Scans docs/guide/**\/*.md, docs/*.md, README.md and packages/*\/README.md (or the files given).
 * Each block becomes its own module (so top-level `await` and `import` work and blocks never see
 * each other's names) in a scratch folder under the owning package's node_modules/.cache, so bare
 * imports resolve to that package's dependencies. One TypeScript program checks them all with
 * the compiler options and `@bitmesh/*` source paths of tsconfig.check.json. Errors are reported
 * as `file.md:line:column` of the Markdown. Block markers: see extract.mjs. Ends with
 * `docs code blocks: N passed, M failed` and exits 1 when any block has an error.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { extractTsBlocks } from './extract.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const ts = createRequire(join(root, 'package.json'))('typescript')
const SCRATCH = join('node_modules', '.cache', 'bitmesh-docs-check')

const args = process.argv.slice(2)
const verbose = args.includes('--verbose')
const explicit = args.filter((a) => !a.startsWith('--')).map((a) => resolve(a))

/** Every Markdown file whose blocks are checked, relative to the repository root. */
function markdownFiles() {
  if (explicit.length > 0) return explicit.map((f) => relative(root, f))
  const files = ['README.md']
  const walk = (dir) => {
    if (!existsSync(join(root, dir))) return
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = join(dir, name)
      if (name === 'node_modules' || name.startsWith('.')) continue
      if (statSync(join(root, path)).isDirectory()) {
        if (dir !== 'docs' || name === 'guide') walk(path) // docs/api is generated
      } else if (name.endsWith('.md')) files.push(path)
    }
  }
  walk('docs')
  for (const pkg of readdirSync(join(root, 'packages')).sort()) {
    if (existsSync(join(root, 'packages', pkg, 'README.md'))) files.push(join('packages', pkg, 'README.md'))
  }
  return files
}

/** Scratch folder for the blocks of `mdFile`: inside its package, so its dependencies resolve. */
function scratchDirFor(mdFile) {
  const pkg = /^(packages\/[^/]+|docs|examples\/[^/]+)\//.exec(mdFile)?.[1]
  const base = pkg !== undefined && existsSync(join(root, pkg, 'node_modules')) ? join(root, pkg) : root
  return join(base, SCRATCH, mdFile.replace(/[^\w.-]+/g, '_'))
}

const files = markdownFiles()
/** @type {Map<string, { md: string, line: number, indent: number, preludeLines: number }>} generated file → origin */
const origins = new Map()
const skipped = []
let checked = 0

for (const dir of new Set(files.map(scratchDirFor))) rmSync(dir, { recursive: true, force: true })
for (const md of files) {
  const blocks = extractTsBlocks(readFileSync(join(root, md), 'utf8'))
  if (blocks.length === 0) continue
  const dir = scratchDirFor(md)
  mkdirSync(dir, { recursive: true })
  for (const block of blocks) {
    if (block.skip !== null) {
      skipped.push(`${md}:${block.line} (${block.skip})`)
      continue
    }
    const file = join(dir, block.fileName ?? `block-${String(block.line).padStart(4, '0')}.ts`)
    if (origins.has(file)) throw new Error(`${md}:${block.line}: two blocks named ${block.fileName}`)
    const prelude = block.prelude === '' ? '' : `${block.prelude}\n`
    writeFileSync(file, prelude + block.code + '\n')
    origins.set(file, { md, line: block.line, indent: block.indent, preludeLines: prelude === '' ? 0 : prelude.split('\n').length - 1 })
    checked++
  }
}

// tsconfig.check.json's options and `@bitmesh/*` → sources paths, for our files only.
const configPath = join(root, 'tsconfig.check.json')
const parsed = ts.parseJsonConfigFileContent(
  {
    extends: configPath,
    compilerOptions: { noEmit: true, moduleDetection: 'force', declaration: false, declarationMap: false, sourceMap: false },
    files: [...origins.keys()],
  },
  ts.sys,
  root,
  undefined,
  join(root, SCRATCH, 'tsconfig.json'), // virtual: only names the config in messages
)
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options })
const problems = [...parsed.errors, ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map((d) => ({ where: 'tsconfig', d }))
const failedBlocks = new Set()
for (const [file, origin] of origins) {
  const source = program.getSourceFile(file)
  if (source === undefined) {
    problems.push({ where: `${origin.md}:${origin.line}`, d: { messageText: 'block was not part of the program', code: 0 } })
    failedBlocks.add(file)
    continue
  }
  for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
    const { line, character } = source.getLineAndCharacterOfPosition(d.start ?? 0)
    const inPrelude = line < origin.preludeLines
    const mdLine = inPrelude ? origin.line : origin.line + 1 + line - origin.preludeLines
    problems.push({ where: `${origin.md}:${mdLine}:${inPrelude ? 1 : character + 1 + origin.indent}${inPrelude ? ' (prelude)' : ''}`, d })
    failedBlocks.add(file)
  }
}

for (const { where, d } of problems) {
  console.error(`${where} - error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n  ')}`)
}
if (verbose || skipped.length > 0) {
  console.log(`skipped (${skipped.length}):`)
  for (const s of skipped) console.log(`  ${s}`)
}
if (verbose) for (const [file, o] of origins) console.log(`checked ${o.md}:${o.line} → ${relative(root, file)}`)
const failed = failedBlocks.size + (problems.length > 0 && failedBlocks.size === 0 ? 1 : 0)
console.log(`docs code blocks (${files.length} files, ${skipped.length} skipped): ${checked - failedBlocks.size} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
