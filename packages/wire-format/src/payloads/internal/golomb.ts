/**
 * Golomb-Rice bit coding, MSB-first: a value v is written as (v >> P) one-bits, a zero-bit, then
 * the low P bits of v. Values are JS numbers (exact up to 2^53), so P may be up to 32 and
 * quotients up to the bit budget without overflow. Shared by the bitchat GCS (which codes
 * delta − 1) and the BIP-158 vector test (which codes delta).
 * @module
 */

/** Appends Golomb-Rice codes to a growable byte buffer. */
export class GolombRiceWriter {
  private buf: Uint8Array
  private length = 0
  private cur = 0
  private nbits = 0
  private readonly p: number

  /**
   * @param p - Remainder width in bits, 0…32.
   * @param initialBytes - Starting capacity.
   */
  constructor(p: number, initialBytes = 64) {
    this.p = p
    this.buf = new Uint8Array(Math.max(1, initialBytes))
  }

  /** Write one value ≥ 0. */
  write(value: number): void {
    const q = Math.floor(value / 2 ** this.p)
    for (let i = 0; i < q; i++) this.bit(1)
    this.bit(0)
    // Emit the remainder MSB-first without 32-bit shifts (P may be 32).
    let r = value - q * 2 ** this.p
    for (let i = this.p - 1; i >= 0; i--) {
      const weight = 2 ** i
      if (r >= weight) {
        this.bit(1)
        r -= weight
      } else {
        this.bit(0)
      }
    }
  }

  /** Bytes written so far (a partial last byte counts). */
  get byteLength(): number {
    return this.length + (this.nbits > 0 ? 1 : 0)
  }

  /** @returns The stream with the last byte zero-padded. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.byteLength)
    out.set(this.buf.subarray(0, this.length))
    if (this.nbits > 0) out[this.length] = (this.cur << (8 - this.nbits)) & 0xff
    return out
  }

  private bit(b: number): void {
    this.cur = (this.cur << 1) | b
    if (++this.nbits === 8) {
      if (this.length === this.buf.length) {
        const grown = new Uint8Array(this.buf.length * 2)
        grown.set(this.buf)
        this.buf = grown
      }
      this.buf[this.length++] = this.cur
      this.cur = 0
      this.nbits = 0
    }
  }
}

/** Reads Golomb-Rice codes; every read is bounded by the input's bit count. */
export class GolombRiceReader {
  private readonly data: Uint8Array
  private readonly p: number
  private pos = 0
  private readonly end: number

  /**
   * @param data - The bitstream.
   * @param p - Remainder width in bits, 0…32.
   */
  constructor(data: Uint8Array, p: number) {
    this.data = data
    this.p = p
    this.end = data.length * 8
  }

  /** @returns The next value, or `null` when the stream ends inside (or before) a code. */
  read(): number | null {
    let q = 0
    for (;;) {
      const b = this.bit()
      if (b < 0) return null
      if (b === 0) break
      q++
    }
    let r = 0
    for (let i = 0; i < this.p; i++) {
      const b = this.bit()
      if (b < 0) return null
      r = r * 2 + b
    }
    return q * 2 ** this.p + r
  }

  /** Bits consumed so far. */
  get bitPosition(): number {
    return this.pos
  }

  private bit(): number {
    if (this.pos >= this.end) return -1
    const b = (this.data[this.pos >>> 3]! >>> (7 - (this.pos & 7))) & 1
    this.pos++
    return b
  }
}
