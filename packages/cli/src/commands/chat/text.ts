/**
 * Making remote text safe for a terminal: peers choose their nicknames and messages, so control
 * characters (escape sequences could move the cursor, retitle the window or fake output) are
 * replaced before anything is printed.
 * @module
 */

// C0 controls but tab, DEL, and C1 controls (0x9b is a one-byte CSI).
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g

/**
 * Replace control characters with `�` and cap the length.
 * @param text - untrusted text
 * @param maxChars - longest result (default 1 000)
 */
export function sanitizeForTerminal(text: string, maxChars = 1_000): string {
  const clean = text.replace(CONTROL, '\ufffd')
  return clean.length > maxChars ? `${clean.slice(0, maxChars)}…` : clean
}
