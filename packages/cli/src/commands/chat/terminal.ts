/**
 * The plain readline front end of `bitmesh chat`: a prompt at the bottom, incoming lines printed
 * above it without garbling what is being typed (clear the prompt line, print, redraw the prompt
 * with the partial input).
 * @module
 */
import { clearLine, createInterface, cursorTo } from 'node:readline'
import type { Readable, Writable } from 'node:stream'

/** The terminal seen by the chat command. */
export interface ChatTerminal {
  /** Print a line (or several) above the prompt. */
  print(text: string): void
  /** Each entered line, in order; the next is not delivered before the previous handler settled. */
  onLine(handler: (line: string) => Promise<void>): void
  /** End of input (Ctrl-D), Ctrl-C, or `close()`. */
  onClose(handler: () => void): void
  /** Stop reading. */
  close(): void
}

/**
 * Open the terminal.
 * @param input - usually `process.stdin`
 * @param output - usually `process.stdout`
 * @param prompt - prompt text (default `> `)
 */
export function openChatTerminal(input: Readable, output: Writable & { isTTY?: boolean }, prompt = '> '): ChatTerminal {
  const tty = output.isTTY === true
  const rl = createInterface({ input, output, terminal: tty, prompt, historySize: 100 })
  let closed = false
  let closeHandler: (() => void) | undefined
  let lineHandler: ((line: string) => Promise<void>) | undefined
  // Lines typed (or piped) before the session is ready wait here instead of being lost.
  const early: string[] = []
  let chain: Promise<void> = Promise.resolve()
  const deliver = (line: string): void => {
    const handler = lineHandler
    if (handler === undefined) {
      if (early.length < 100) early.push(line)
      return
    }
    chain = chain.then(() => handler(line)).catch(() => {}).then(() => {
      if (tty && !closed) rl.prompt()
    })
  }
  rl.on('line', deliver)
  rl.on('close', () => {
    if (closed) return
    closed = true
    // After every line already read has been handled.
    if (closeHandler !== undefined) chain = chain.then(closeHandler)
  })
  // Ctrl-C leaves like /quit (the session sends its LEAVE first).
  rl.on('SIGINT', () => rl.close())
  if (tty) rl.prompt()
  return {
    print(text) {
      if (closed) {
        output.write(`${text}\n`)
        return
      }
      if (tty) {
        clearLine(output, 0)
        cursorTo(output, 0)
        output.write(`${text}\n`)
        rl.prompt(true)
      } else {
        output.write(`${text}\n`)
      }
    },
    onLine(handler) {
      lineHandler = handler
      for (const line of early.splice(0)) deliver(line)
    },
    onClose(handler) {
      closeHandler = handler
      if (closed) chain = chain.then(handler)
    },
    close() {
      if (!closed) rl.close()
    },
  }
}
