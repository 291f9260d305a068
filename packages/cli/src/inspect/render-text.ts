/**
 * Human-readable rendering of {@link FrameInspection} reports.
 * @module
 */
import type { FrameInspection } from './inspect-frame.js'
import type { SummaryValue } from './summary.js'

/** Strings shown bare: hex and constant names; anything else (user text) is quoted. */
const BARE = /^(?:[0-9a-f]+|[A-Z][A-Z0-9_]*|0x[0-9a-f]+(?: [\w ()-]+)?)$/

function value(v: SummaryValue | undefined): string {
  if (v === null || v === undefined) return '—'
  if (typeof v === 'string') return BARE.test(v) ? v : JSON.stringify(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return v.length === 0 ? '[]' : v.map((x) => value(x)).join(', ')
  return (
    '{ ' +
    Object.entries(v as Record<string, SummaryValue>)
      .map(([k, x]) => `${k}: ${value(x)}`)
      .join(', ') +
    ' }'
  )
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length)
}

function padStart(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text
}

function ratio(r: number): string {
  return `${r.toFixed(2)}:1`
}

/**
 * Render one frame's report.
 * @param r - The inspection.
 * @param title - Heading (frame number, line, label).
 * @returns Lines of text (no trailing newline).
 */
export function renderFrameText(r: FrameInspection, title: string): string[] {
  const out: string[] = []
  out.push(title)
  const summary = [`${r.bytes} bytes`]
  if (r.status === 'legacy') summary.push('LEGACY dialect')
  else summary.push('current dialect')
  if (r.version !== null) summary.push(`v${r.version}`)
  if (r.typeLabel !== null) summary.push(`type ${r.typeLabel}`)
  out.push('  ' + summary.join(' · '))
  if (r.error !== null) {
    out.push(r.status === 'legacy' ? `  LEGACY_DIALECT: ${r.error.message}` : `  INVALID: ${r.error.code} ${r.error.reason} — ${r.error.message}`)
  }

  if (r.fields.length > 0) {
    out.push('  offset  len  field            value')
    for (const f of r.fields) {
      out.push(`  ${padStart(String(f.offset), 6)} ${padStart(String(f.length), 4)}  ${pad(f.name, 15)}  ${f.value}`)
    }
    if (r.truncatedIn !== null) out.push(`  ${padStart(String(lastEnd(r)), 6)}    —  (frame ends inside ${r.truncatedIn})`)
  }

  out.push(`  addressing: sender ${r.senderId ?? '—'} → ${r.recipientId === null ? 'broadcast (no recipient)' : r.broadcast ? 'broadcast (all-FF recipient)' : `recipient ${r.recipientId}`}`)
  out.push(`  route: ${r.route === null ? 'none' : r.route.join(' → ')}`)

  if (r.compression !== null) {
    const c = r.compression
    const saved = 100 * (1 - c.wireBytes / Math.max(1, c.originalBytes))
    out.push(`  compression: ${c.algorithm}, ${c.originalBytes} → ${c.wireBytes} bytes on the wire (ratio ${ratio(c.ratio)}, ${saved.toFixed(1)}% smaller)`)
  } else {
    out.push('  compression: none')
  }

  const p = r.payload
  if (p !== null) {
    const where = p.wireBytes === p.bytes ? `${p.bytes} bytes at offset ${p.offset}` : `${p.bytes} bytes (${p.wireBytes} on the wire at offset ${p.offset})`
    out.push(`  payload: ${where}${p.ok ? '' : ` — does not decode: ${p.error?.reason ?? '?'}`}`)
    for (const [k, v] of Object.entries(p.fields)) out.push(`    ${pad(k, 18)} ${value(v)}`)
    if (p.tlvs !== undefined && p.tlvs.length > 0) {
      out.push('    TLVs:')
      for (const t of p.tlvs) {
        out.push(`      +${pad(String(t.offset), 4)} 0x${t.type.toString(16).padStart(2, '0')} ${pad(t.name, 20)} length ${t.length}${t.complete ? '' : ' (runs past the end)'}`)
      }
    }
  }

  const s = r.signature
  if (!s.present) out.push('  signature: absent')
  else if (s.status === 'unchecked') {
    out.push(`  signature: present${s.offset === undefined ? '' : ` at offset ${s.offset}`}, not checked${r.status === 'ok' ? ' (pass --key <ed25519 public key hex>)' : ''}`)
  } else {
    out.push(`  signature: present at offset ${s.offset}, ${s.status.toUpperCase()} under the key from ${s.keySource} (${s.key?.slice(0, 16)}…)`)
  }

  const pd = r.padding
  if (pd.kind === 'none') out.push('  padding: none')
  else if (pd.kind === 'pkcs7') out.push(`  padding: PKCS#7, ${pd.bytes} bytes of 0x${pd.value!.toString(16).padStart(2, '0')} (frame padded to ${r.bytes})`)
  else if (pd.kind === 'legacy-random') out.push(`  padding: legacy random padding, ${pd.bytes} bytes (last byte ${pd.bytes})`)
  else out.push(`  padding: ${pd.bytes} trailing bytes after the last section (ignored by decoders)`)

  if (r.packetId !== null) out.push(`  packet ID: ${r.packetId}`)
  for (const note of r.notes) out.push(`  note: ${note}`)
  return out
}

function lastEnd(r: FrameInspection): number {
  const last = r.fields[r.fields.length - 1]
  return last === undefined ? 0 : last.offset + last.length
}
