/**
 * `bitmesh` argument dispatch: global flags, then one subcommand from the table.
 * @module
 */
import { commands, EXIT_OK, EXIT_USAGE, type Command } from './commands/index.js'
import { nodeIo, type CliIo } from './io.js'
import { CLI_VERSION } from './version.js'

function help(table: readonly Command[]): string {
  const width = Math.max(...table.map((c) => c.name.length))
  return `bitmesh ${CLI_VERSION} — tools for the BitMesh / bitchat mesh protocol

Usage: bitmesh <command> [options]

Commands:
${table.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}
  ${'help'.padEnd(width)}  show help for a command

Options:
  -h, --help     show this help
  -v, --version  print the version

Run "bitmesh <command> --help" for a command's options.
`
}

/**
 * Run the CLI.
 * @param argv - Arguments after the program name.
 * @param io - Environment (default: the real process).
 * @param table - Subcommands (default: every command).
 * @returns The exit status.
 */
export async function runCli(argv: readonly string[], io: CliIo = nodeIo(), table: readonly Command[] = commands): Promise<number> {
  const [first, ...rest] = argv
  if (first === undefined) {
    io.stderr(help(table))
    return EXIT_USAGE
  }
  if (first === '-h' || first === '--help') {
    io.stdout(help(table))
    return EXIT_OK
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${CLI_VERSION}\n`)
    return EXIT_OK
  }
  if (first === 'help') {
    const target = rest[0]
    if (target === undefined) {
      io.stdout(help(table))
      return EXIT_OK
    }
    const command = table.find((c) => c.name === target)
    if (command === undefined) {
      io.stderr(`bitmesh: unknown command ${JSON.stringify(target)}\n\n${help(table)}`)
      return EXIT_USAGE
    }
    io.stdout(command.usage)
    return EXIT_OK
  }
  const command = table.find((c) => c.name === first)
  if (command === undefined) {
    io.stderr(`bitmesh: unknown command ${JSON.stringify(first)}\n\n${help(table)}`)
    return EXIT_USAGE
  }
  return command.run([...rest], io)
}
