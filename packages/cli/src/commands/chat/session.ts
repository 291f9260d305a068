/**
 * The chat session: turns typed lines into mesh calls and mesh events into printed lines. Knows
 * nothing about terminals (see `terminal.ts`), so tests drive it with strings.
 * @module
 */
import type { MeshNode, PeerInfo } from '@bitmesh/mesh'
import { sanitizeForTerminal } from './text.js'

/** Private messages remembered for delivery marks. */
export const CHAT_TRACKED_MESSAGES = 256

/** Options of {@link ChatSession}. */
export interface ChatSessionOptions {
  /** Build a (stopped) mesh node with this nickname; called again by `/nick`. */
  makeNode(nickname: string): MeshNode
  /** Starting nickname. */
  nickname: string
  /** Persist a nickname chosen with `/nick`. */
  saveNickname(nickname: string): Promise<void>
  /** Print one line (above the prompt). */
  print(line: string): void
  /** `HH:MM` for a message timestamp (ms since the epoch). */
  formatTime(ms: number): string
}

/** What the caller should do after a line: go on, or exit (after `/quit`; after `/wipe` the node is already wiped and must not be stopped with a LEAVE). */
export type ChatOutcome = 'continue' | 'quit' | 'wiped'

/** The `/help` text. */
export const CHAT_HELP = `commands:
  <text>                   send to the public room
  /msg <nick|peerId> text  private message (✓ delivered, ✓✓ read)
  /peers                   list reachable peers
  /nick <name>             change your nickname (the node re-announces)
  /wipe                    panic wipe: destroy keys, peers and history, then exit
  /quit                    leave (Ctrl-D, Ctrl-C too)
  /help                    this help`

/** One interactive chat over one mesh node. */
export class ChatSession {
  #node: MeshNode
  #nickname: string
  readonly #o: ChatSessionOptions
  readonly #sent = new Map<string, { to: string; text: string }>()
  #offs: Array<() => void> = []
  /** Nicknames of peers seen this session, for leave lines (bounded like the tracked messages). */
  readonly #nicks = new Map<string, string>()

  constructor(options: ChatSessionOptions) {
    this.#o = options
    this.#nickname = options.nickname
    this.#node = options.makeNode(options.nickname)
  }

  /** The current node. */
  get node(): MeshNode {
    return this.#node
  }

  /** Start the node and print who we are. */
  async start(): Promise<void> {
    this.#wire()
    await this.#node.start()
  }

  /** Stop the node (sends LEAVE). */
  async stop(): Promise<void> {
    this.#unwire()
    await this.#node.stop()
  }

  /**
   * Handle one typed line.
   * @returns `quit` after `/quit`, `wiped` after `/wipe`
   */
  async handle(line: string): Promise<ChatOutcome> {
    const text = line.trim()
    if (text.length === 0) return 'continue'
    if (!text.startsWith('/')) {
      await this.#sendPublic(text)
      return 'continue'
    }
    const space = text.indexOf(' ')
    const cmd = (space < 0 ? text : text.slice(0, space)).toLowerCase()
    const rest = space < 0 ? '' : text.slice(space + 1).trim()
    switch (cmd) {
      case '/msg':
      case '/m':
        await this.#sendPrivate(rest)
        return 'continue'
      case '/peers':
      case '/who':
        this.#printPeers()
        return 'continue'
      case '/nick':
        await this.#changeNick(rest)
        return 'continue'
      case '/wipe':
        await this.#wipe()
        return 'wiped'
      case '/quit':
      case '/exit':
        return 'quit'
      case '/help':
      case '/?':
        this.#o.print(CHAT_HELP)
        return 'continue'
      default:
        this.#o.print(`unknown command ${cmd} (try /help)`)
        return 'continue'
    }
  }

  async #sendPublic(text: string): Promise<void> {
    try {
      await this.#node.sendPublic(text)
      this.#o.print(`[${this.#o.formatTime(Date.now())}] <${this.#nickname}> ${text}`)
    } catch (error) {
      this.#o.print(`! not sent: ${message(error)}`)
    }
  }

  async #sendPrivate(rest: string): Promise<void> {
    const space = rest.indexOf(' ')
    if (space < 0) {
      this.#o.print('usage: /msg <nick|peerId> text')
      return
    }
    const target = rest.slice(0, space)
    const text = rest.slice(space + 1).trim()
    const found = resolvePeer(this.#node.peers(), target)
    if (typeof found === 'string') {
      this.#o.print(`! ${found}`)
      return
    }
    try {
      const id = await this.#node.sendPrivate(found.peerId, text)
      if (this.#sent.size >= CHAT_TRACKED_MESSAGES) this.#sent.delete(this.#sent.keys().next().value as string)
      const to = sanitizeForTerminal(found.nickname, 64)
      this.#sent.set(id, { to, text })
      this.#o.print(`[${this.#o.formatTime(Date.now())}] → *${to}* ${text}`)
    } catch (error) {
      this.#o.print(`! not sent: ${message(error)}`)
    }
  }

  #printPeers(): void {
    const peers = this.#node.peers()
    if (peers.length === 0) {
      this.#o.print('no peers yet')
      return
    }
    const lines = peers
      .map((p) => ({ nick: sanitizeForTerminal(p.nickname, 64), id: p.peerId, how: p.direct ? 'direct' : 'via mesh' }))
      .sort((a, b) => a.nick.localeCompare(b.nick))
    const width = Math.max(...lines.map((l) => l.nick.length))
    this.#o.print([`peers (${peers.length}):`, ...lines.map((l) => `  ${l.nick.padEnd(width)}  ${l.id}  ${l.how}`)].join('\n'))
  }

  async #changeNick(name: string): Promise<void> {
    if (name.length === 0 || new TextEncoder().encode(name).length > 64) {
      this.#o.print('usage: /nick <name> (1..64 bytes)')
      return
    }
    // The node has no nickname setter: restart it under the new name (same identity and transport).
    await this.stop()
    this.#nickname = name
    this.#node = this.#o.makeNode(name)
    await this.#o.saveNickname(name)
    await this.start()
    this.#o.print(`* you are now ${name}`)
  }

  async #wipe(): Promise<void> {
    this.#unwire()
    const report = await this.#node.wipe('bitmesh chat /wipe')
    this.#o.print(report.ok ? '* wiped: keys, peers and messages destroyed; a new identity replaces the old one' : '! wipe incomplete: it will be finished at the next start')
  }

  #wire(): void {
    const node = this.#node
    const p = this.#o.print
    const t = (ms: number): string => this.#o.formatTime(ms)
    this.#offs = [
      node.on('message', (m) => p(`[${t(m.timestamp)}] <${sanitizeForTerminal(m.nickname, 64)}> ${sanitizeForTerminal(m.text)}`)),
      node.on('private-message', (m) => {
        p(`[${t(m.timestamp)}] *${sanitizeForTerminal(m.nickname || m.senderPeerId, 64)}* (private) ${sanitizeForTerminal(m.text)}`)
        // Printed = seen: send the read receipt.
        node.markRead(m.senderPeerId, m.id)
      }),
      node.on('delivery', (d) => {
        const sent = this.#sent.get(d.messageId)
        if (sent === undefined) return
        if (d.status === 'delivered') p(`  ✓ delivered to ${sent.to}: ${sent.text}`)
        else if (d.status === 'read') {
          p(`  ✓✓ read by ${sent.to}: ${sent.text}`)
          this.#sent.delete(d.messageId)
        } else if (d.status === 'queued') p(`  … queued for ${sent.to} (not reachable now)`)
      }),
      node.on('peer:join', (peer) => {
        const nick = sanitizeForTerminal(peer.nickname, 64)
        if (this.#nicks.size >= CHAT_TRACKED_MESSAGES) this.#nicks.delete(this.#nicks.keys().next().value as string)
        this.#nicks.set(peer.peerId, nick)
        p(`* ${nick} (${peer.peerId}) joined`)
      }),
      node.on('peer:leave', ({ peerId, reason }) => p(`* ${this.#nicks.get(peerId) ?? peerId} (${peerId}) left (${reason})`)),
      node.on('drop', (d) => {
        if (d.reason === 'send-failed' && d.messageId !== undefined && this.#sent.has(d.messageId)) p(`  ✗ not delivered to ${this.#sent.get(d.messageId)!.to}`)
      }),
    ]
  }

  #unwire(): void {
    for (const off of this.#offs) off()
    this.#offs = []
  }
}

/**
 * Find a peer by full peer ID, unique ID prefix (≥ 4 hex) or unique nickname (case-insensitive).
 * @returns the peer, or a message saying why not
 */
export function resolvePeer(peers: readonly PeerInfo[], target: string): PeerInfo | string {
  const t = target.toLowerCase()
  const byId = peers.find((p) => p.peerId === t)
  if (byId !== undefined) return byId
  const byNick = peers.filter((p) => p.nickname.toLowerCase() === t)
  if (byNick.length === 1) return byNick[0]!
  if (byNick.length > 1) return `${byNick.length} peers are called ${target}: use a peer ID (${byNick.map((p) => p.peerId).join(', ')})`
  if (/^[0-9a-f]{4,}$/.test(t)) {
    const byPrefix = peers.filter((p) => p.peerId.startsWith(t))
    if (byPrefix.length === 1) return byPrefix[0]!
    if (byPrefix.length > 1) return `peer ID prefix ${target} is ambiguous`
  }
  return `no reachable peer ${target} (see /peers)`
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
