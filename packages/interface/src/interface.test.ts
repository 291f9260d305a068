import { describe, expect, it } from 'vitest'
import {
  BitMeshError,
  DecodeError,
  FrameTooLargeError,
  TypedEmitter,
  isBitMeshError,
  isTransport,
  transportSymbol,
} from './index.js'

describe('errors', () => {
  it('DecodeError carries code DECODE_ERROR and its reason, LEGACY_DIALECT its own code', () => {
    const truncated = new DecodeError('TRUNCATED', 'short')
    expect(truncated.code).toBe('DECODE_ERROR')
    expect(truncated.reason).toBe('TRUNCATED')
    expect(truncated.name).toBe('DecodeError')
    expect(new DecodeError('LEGACY_DIALECT', 'old').code).toBe('LEGACY_DIALECT')
  })

  it('isBitMeshError recognises the brand, not plain errors or look-alikes', () => {
    expect(isBitMeshError(new FrameTooLargeError(600, 512))).toBe(true)
    expect(isBitMeshError(new BitMeshError('X', 'x'))).toBe(true)
    expect(isBitMeshError(new Error('x'))).toBe(false)
    expect(isBitMeshError({ code: 'DECODE_ERROR' })).toBe(false)
    expect(isBitMeshError(null)).toBe(false)
    // A copy from another install carries the same global symbol.
    expect(isBitMeshError({ [Symbol.for('@bitmesh/error')]: true })).toBe(true)
  })

  it('FrameTooLargeError reports sizes', () => {
    const error = new FrameTooLargeError(600, 512)
    expect(error.code).toBe('FRAME_TOO_LARGE')
    expect([error.frameBytes, error.mtu]).toEqual([600, 512])
  })
})

describe('TypedEmitter', () => {
  it('delivers in subscription order, unsubscribes, and isolates throwing listeners', () => {
    const errors: unknown[] = []
    const emitter = new TypedEmitter<{ frame: number; close: undefined }>((e) => errors.push(e))
    const seen: string[] = []
    const off = emitter.on('frame', (n) => seen.push(`a${n}`))
    emitter.on('frame', () => {
      throw new Error('boom')
    })
    emitter.on('frame', (n) => seen.push(`c${n}`))
    expect(emitter.emit('frame', 1)).toBe(true)
    off()
    off()
    emitter.emit('frame', 2)
    expect(seen).toEqual(['a1', 'c1', 'c2'])
    expect(errors).toHaveLength(2)
    expect(emitter.listenerCount('frame')).toBe(2)
    expect(emitter.emit('close', undefined)).toBe(false)
    emitter.removeAllListeners()
    expect(emitter.listenerCount()).toBe(0)
  })
})

describe('isTransport', () => {
  it('checks the global brand', () => {
    expect(isTransport({ [transportSymbol]: true })).toBe(true)
    expect(isTransport({ [Symbol.for('@bitmesh/transport')]: true })).toBe(true)
    expect(isTransport({})).toBe(false)
    expect(isTransport(undefined)).toBe(false)
  })
})
