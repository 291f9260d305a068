/** Minimal typings for pako 2.1.0's public API as used by the tests (pako ships none). */
declare module 'pako' {
  interface DeflateOptions {
    level?: number
    windowBits?: number
    memLevel?: number
    strategy?: number
  }
  export function deflateRaw(data: Uint8Array, options?: DeflateOptions): Uint8Array
  export function inflateRaw(data: Uint8Array): Uint8Array
  export class Inflate {
    constructor(options?: { raw?: boolean })
    push(data: Uint8Array, final?: boolean): boolean
    readonly err: number
    readonly result: Uint8Array
    readonly strm: { avail_in: number }
  }
  const pako: {
    deflateRaw: typeof deflateRaw
    inflateRaw: typeof inflateRaw
    Inflate: typeof Inflate
  }
  export default pako
}
