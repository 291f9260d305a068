/**
 * The subcommand table. Add a command by writing one module and listing it here.
 * @module
 */
import { benchCommand } from './bench.js'
import { chatCommand } from './chat.js'
import { conformanceCommand } from './conformance.js'
import { decodeCommand } from './decode.js'
import { simCommand } from './sim.js'
import type { Command } from './types.js'

export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from './types.js'

/** Every subcommand, in help order. */
export const commands: readonly Command[] = [decodeCommand, conformanceCommand, simCommand, benchCommand, chatCommand]
