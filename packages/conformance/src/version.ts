/**
 * This package's version, reported by the adapter's `hello`. A test keeps it equal to
 * `package.json`.
 * @module
 */

/** Version of `@bitmesh/conformance`. */
export const CONFORMANCE_VERSION = '0.1.0'
