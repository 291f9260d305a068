/**
 * How subcommands are declared. Each command is one module exporting a {@link Command}; the
 * table in `commands/index.ts` lists them, so later commands (`sim`, `chat`, ...) are one entry.
 * @module
 */
import type { CliIo } from '../io.js'

/** Everything worked. */
export const EXIT_OK = 0
/** The command ran and found a problem (failed cases, invalid frame). */
export const EXIT_FAILURE = 1
/** The command line was wrong. */
export const EXIT_USAGE = 2

/** One subcommand. */
export interface Command {
  /** Name typed after `bitmesh`. */
  readonly name: string
  /** One line for `bitmesh --help`. */
  readonly summary: string
  /** Full help text, printed by `bitmesh <name> --help` and `bitmesh help <name>`. */
  readonly usage: string
  /**
   * Run with the arguments after the command name.
   * @returns The process exit status.
   */
  run(args: string[], io: CliIo): Promise<number>
}
