import type { UniformSource } from './uniformSource.ts'
import { seedToBigInt, splitMix64 } from './splitMix64.ts'

const TWO_POW_26 = 67_108_864
const TWO_POW_53 = 9_007_199_254_740_992

/** xoshiro128** (Blackman and Vigna, "Scrambled linear pseudorandom number generators", 2021), a seeded
 * generator that gives the same stream on every machine and every JavaScript engine: it uses only 32-bit
 * integer operations (`Math.imul`, shifts, xor), which the language defines exactly. Period 2^128 - 1.
 *
 * Seeding: SplitMix64 run from `seed` gives two 64-bit words; state words are [lo(w0), hi(w0), lo(w1), hi(w1)].
 * The stream therefore matches the reference C code seeded the same way (see the test for golden values).
 * Not for cryptography.
 * @example const rng = new Xoshiro128(42); rng.uint32() // 1776835114 */
export class Xoshiro128 implements UniformSource {
  // kept as int32 (signed); every output is turned into uint32 with >>> 0
  private s0: number
  private s1: number
  private s2: number
  private s3: number

  constructor(seed: number | bigint) {
    const [w0, w1] = splitMix64(seedToBigInt(seed), 2) as [bigint, bigint]
    this.s0 = Number(w0 & 0xffffffffn) | 0
    this.s1 = Number(w0 >> 32n) | 0
    this.s2 = Number(w1 & 0xffffffffn) | 0
    this.s3 = Number(w1 >> 32n) | 0
  }

  /** Next 32 random bits as an unsigned integer in [0, 2^32). */
  uint32(): number {
    const s1 = this.s1
    const m = Math.imul(s1, 5)
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0
    const t = s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21)
    return result
  }

  /** Uniform on [0, 1) with 53 random bits (the full double mantissa): 27 bits from one draw, 26 from the next. */
  uniform(): number {
    const a = this.uint32() >>> 5
    const b = this.uint32() >>> 6
    return (a * TWO_POW_26 + b) / TWO_POW_53
  }
}
