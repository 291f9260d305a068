/**
 * Version printed by `bitmesh --version`. A test keeps it equal to `package.json`.
 * @module
 */

/** Version of `@bitmesh/cli`. */
export const CLI_VERSION = '0.1.0'
