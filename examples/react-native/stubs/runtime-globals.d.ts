/**
 * STUB: the globals a React Native (Hermes) runtime provides and the BitMesh sources name, declared
 * here because this tsconfig loads no DOM or Node typings (React Native's own typings declare them
 * in a real app).
 * * timers: React Native's.
 * * TextEncoder: Hermes (React Native ≥ 0.74). TextDecoder: only recent Hermes; older apps must
 *   install a polyfill that honours `{ fatal: true }` before BitMesh loads (see README).
 * * Buffer: NOT available in React Native. Declared only so tsc can read the source of
 *   transport-ble's Node adapter (noble/bleno), which the root entry exports and loads lazily; an
 *   app that never calls `nodeBleAdapter` never runs that code.
 */
declare function setTimeout(callback: () => void, ms?: number): number
declare function clearTimeout(handle: number | undefined): void

declare class TextEncoder {
  encode(input?: string): Uint8Array
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean })
  decode(input?: Uint8Array, options?: { stream?: boolean }): string
}

declare const Buffer: { from(buffer: ArrayBufferLike, byteOffset?: number, length?: number): Uint8Array }
