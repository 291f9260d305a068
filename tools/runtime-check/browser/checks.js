/**
 * Shared by the browser pages: run named checks, show them, and publish the results on
 * `window.__BITMESH_RESULTS__` for browser-check.mjs to read.
 */

/** @typedef {{ name: string, ok: boolean, detail: string }} CheckResult */

/**
 * Run each check in turn (a failure does not stop the others).
 * @param {Array<[string, () => Promise<string> | string]>} checks
 */
export async function runChecks(checks) {
  /** @type {CheckResult[]} */
  const results = []
  for (const [name, fn] of checks) {
    try {
      results.push({ name, ok: true, detail: await fn() })
    } catch (err) {
      results.push({ name, ok: false, detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err) })
    }
  }
  document.getElementById('out').textContent = results.map((r) => `${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.detail}`).join('\n')
  window.__BITMESH_RESULTS__ = { done: true, userAgent: navigator.userAgent, results }
}

/** Throw unless `condition` holds. */
export function check(condition, message) {
  if (!condition) throw new Error(message)
}

export const utf8 = (text) => new TextEncoder().encode(text)
export const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
