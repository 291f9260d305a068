#!/usr/bin/env node
/**
 * `bitmesh-conformance-adapter`: BitMesh's conformance adapter on standard input/output.
 * Responses are the only thing written to stdout; diagnostics go to stderr. Exits 0 when stdin
 * closes.
 * @module
 */
import { runAdapter } from './adapter.js'

// A runner that closes its end early must not turn into an unhandled EPIPE crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0)
  process.stderr.write(`bitmesh-conformance-adapter: stdout error: ${err.message}\n`)
  process.exit(1)
})

runAdapter(process.stdin, process.stdout).then(
  () => {
    process.exitCode = 0
  },
  (err: unknown) => {
    process.stderr.write(`bitmesh-conformance-adapter: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exitCode = 1
  },
)
