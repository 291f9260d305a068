/**
 * Command line of `bitmesh chat`.
 * @module
 */
import { homedir, platform } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { parseLanAddress } from '@bitmesh/transport-lan'

/** Parsed options of `bitmesh chat`. */
export interface ChatOptions {
  nick: string | undefined
  port: number
  peers: string[]
  dataDir: string
  mdns: boolean
  mdnsInterface: string | undefined
  host: string | undefined
}

/** Default LAN port of `bitmesh chat` (0 would make peers unpredictable for `--peer`). */
export const CHAT_DEFAULT_PORT = 7878

/**
 * The per-user config directory of `bitmesh chat` (`$XDG_CONFIG_HOME`, `~/Library/Application
 * Support`, `%APPDATA%`).
 */
export function defaultChatDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const os = platform()
  const base =
    os === 'win32'
      ? (env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'))
      : os === 'darwin'
        ? join(homedir(), 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(homedir(), '.config'))
  return join(base, 'bitmesh', 'chat')
}

/**
 * Parse the arguments after `chat`.
 * @returns the options, `'help'`, or an error message
 */
export function parseChatArgs(args: string[], env: NodeJS.ProcessEnv = process.env): ChatOptions | 'help' | { error: string } {
  let parsed
  try {
    parsed = parseArgs({
      args,
      options: {
        nick: { type: 'string' },
        port: { type: 'string' },
        peer: { type: 'string', multiple: true },
        'data-dir': { type: 'string' },
        'no-mdns': { type: 'boolean' },
        'mdns-interface': { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    })
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
  const v = parsed.values
  if (v.help === true) return 'help'
  const port = v.port === undefined ? CHAT_DEFAULT_PORT : Number(v.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) return { error: `--port must be 0..65535, got ${JSON.stringify(v.port)}` }
  const peers = v.peer ?? []
  for (const p of peers) if (parseLanAddress(p) === undefined) return { error: `--peer must be host:port, got ${JSON.stringify(p)}` }
  if (v.nick !== undefined && (v.nick.trim().length === 0 || new TextEncoder().encode(v.nick).length > 64)) return { error: '--nick must be 1..64 bytes' }
  if (v['mdns-interface'] !== undefined && !/^\d{1,3}(\.\d{1,3}){3}$/.test(v['mdns-interface'])) return { error: '--mdns-interface must be an IPv4 address' }
  return {
    nick: v.nick?.trim(),
    port,
    peers,
    dataDir: v['data-dir'] ?? defaultChatDataDir(env),
    mdns: v['no-mdns'] !== true,
    mdnsInterface: v['mdns-interface'],
    host: v.host,
  }
}
