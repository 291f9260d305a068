/**
 * `bitmesh chat`: an interactive terminal chat over the LAN transport (framed TCP, mDNS
 * discovery, optional static peers), with a public room, `/msg` private messages with delivered /
 * read marks, `/peers`, `/nick`, `/wipe` and `/quit`. The identity lives in `--data-dir`, so a
 * restart keeps the peer ID.
 * @module
 */
import { createServer } from 'node:net'
import { join } from 'node:path'
import type { LanTransport } from '@bitmesh/transport-lan'
import type { CliIo } from '../io.js'
import { CHAT_DEFAULT_PORT, parseChatArgs } from './chat/args.js'
import { fileKeyValueStore } from './chat/file-store.js'
import { ChatSession } from './chat/session.js'
import { openChatTerminal, type ChatTerminal } from './chat/terminal.js'
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from './types.js'

const USAGE = `Usage: bitmesh chat [options]

Chat with BitMesh / bitchat peers on the local network: a public room, private messages with
delivered (✓) and read (✓✓) marks. Peers on the LAN are found by mDNS (_bitmesh._tcp.local);
--peer adds peers to dial directly.

Options:
  --nick NAME            nickname (default: the saved one, else anon####)
  --port N               TCP port to listen on (default ${CHAT_DEFAULT_PORT}; if it is taken and
                         --port was not given, any free port)
  --peer HOST:PORT       dial this peer (repeatable)
  --data-dir DIR         where the identity and nickname live (default: the OS config
                         directory, e.g. ~/.config/bitmesh/chat)
  --no-mdns              no mDNS: only --peer peers and those who dial us
  --mdns-interface IP    IPv4 address of the interface for mDNS (default: all interfaces)
  --host IP              address to bind the TCP port to (default 0.0.0.0)
  -h, --help             show this help

In the chat:
  <text>                 public message        /msg <nick|peerId> <text>  private message
  /peers                 who is reachable      /nick <name>               change nickname
  /wipe                  panic wipe, then exit /quit                      leave (Ctrl-D)

Bluetooth LE is not used by this command yet (the Node BLE adapter needs a native HCI stack);
LAN only.
`

const NICK_KEY = 'bitmesh/chat/nickname'

async function run(args: string[], io: CliIo): Promise<number> {
  const opts = parseChatArgs(args, io.env)
  if (opts === 'help') {
    io.stdout(USAGE)
    return EXIT_OK
  }
  if ('error' in opts) {
    io.stderr(`bitmesh chat: ${opts.error}\n\n${USAGE}`)
    return EXIT_USAGE
  }
  // Loaded here, not at the top: the other commands start without the mesh and the sockets.
  const [{ nodeCryptoProvider }, { createMeshNode, cryptoRng, systemClock }, { lanTransport }] = await Promise.all([
    import('@bitmesh/crypto/node'),
    import('@bitmesh/mesh'),
    import('@bitmesh/transport-lan/node'),
  ])
  const store = await fileKeyValueStore(join(opts.dataDir, 'store.json'))
  const clock = systemClock()
  const rng = cryptoRng()
  const saved = await store.get(NICK_KEY)
  const nickname = opts.nick ?? (saved === undefined ? `anon${1000 + Math.floor(rng.next() * 9000)}` : new TextDecoder().decode(saved))
  await store.set(NICK_KEY, new TextEncoder().encode(nickname))

  const terminal: ChatTerminal = openChatTerminal(process.stdin, process.stdout)
  const makeLan = (port: number): LanTransport => {
    const lan = lanTransport({
      clock,
      rng,
      port,
      ...(opts.host === undefined ? {} : { host: opts.host }),
      discovery: { mdns: opts.mdns ? (opts.mdnsInterface === undefined ? {} : { interface: opts.mdnsInterface }) : false, peers: opts.peers },
    })
    lan.on('error', (e) => terminal.print(`! mDNS unavailable (${e instanceof Error ? e.message : String(e)}); use --peer`))
    return lan
  }
  // Several chats on one machine: when the default port is taken (and --port was not given), any free one.
  const explicitPort = args.some((a) => a === '--port' || a.startsWith('--port='))
  const port = !explicitPort && !(await portFree(opts.port, opts.host)) ? 0 : opts.port
  const lan = makeLan(port)
  const session = new ChatSession({
    makeNode: (nick) => createMeshNode({ transports: [lan], clock, rng, crypto: nodeCryptoProvider, store, nickname: nick }),
    nickname,
    saveNickname: (nick) => store.set(NICK_KEY, new TextEncoder().encode(nick)),
    print: (line) => terminal.print(line),
    formatTime,
  })
  try {
    await session.start()
  } catch (error) {
    terminal.close()
    await session.stop().catch(() => {})
    await store.close()
    io.stderr(`bitmesh chat: ${error instanceof Error ? error.message : String(error)}\n`)
    return EXIT_FAILURE
  }
  terminal.print(
    `bitmesh chat — you are ${nickname} (${session.node.peerId}) at ${lan.localAddress ?? '?'}; mDNS ${opts.mdns ? `on${opts.mdnsInterface ? ` (${opts.mdnsInterface})` : ''}` : 'off'}. /help for commands`,
  )

  const exitCode = await new Promise<number>((resolve) => {
    let done = false
    // A closed terminal or `kill` leaves like /quit (peers get our LEAVE).
    const onSignal = (): void => terminal.close()
    process.once('SIGTERM', onSignal)
    process.once('SIGHUP', onSignal)
    const finish = async (wiped: boolean): Promise<void> => {
      if (done) return
      done = true
      process.off('SIGTERM', onSignal)
      process.off('SIGHUP', onSignal)
      if (!wiped) await session.stop().catch(() => {})
      terminal.close()
      await store.close()
      resolve(EXIT_OK)
    }
    terminal.onLine(async (line) => {
      if (done) return
      const outcome = await session.handle(line)
      if (outcome !== 'continue') await finish(outcome === 'wiped')
    })
    terminal.onClose(() => void finish(false))
  })
  return exitCode
}

/** Whether `port` can be bound now (a probe; a race with another process only costs a failed start). */
function portFree(port: number, host: string | undefined): Promise<boolean> {
  if (port === 0) return Promise.resolve(true)
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, host ?? '0.0.0.0', () => server.close(() => resolve(true)))
  })
}

function formatTime(ms: number): string {
  const d = new Date(ms)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

/** `bitmesh chat`. */
export const chatCommand: Command = {
  name: 'chat',
  summary: 'interactive terminal chat over the LAN (mDNS discovery)',
  usage: USAGE,
  run,
}
