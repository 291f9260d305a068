/**
 * Types for the parts of `lz4js` (0.2, CommonJS, untyped) the legacy-dialect decoder uses.
 */
declare module 'lz4js' {
  /**
   * Decompress one raw LZ4 block from `src[sIndex .. sIndex + sLength)` into `dst` starting at
   * `dIndex`. Performs no bounds checks: validate the block first.
   * @returns The index in `dst` after the last byte written.
   */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number
  /** Compress one block; returns the compressed length (0 when incompressible). */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number
  /** Worst-case compressed size of `n` bytes. */
  export function compressBound(n: number): number
  const lz4js: {
    decompressBlock: typeof decompressBlock
    compressBlock: typeof compressBlock
    compressBound: typeof compressBound
  }
  export default lz4js
}
