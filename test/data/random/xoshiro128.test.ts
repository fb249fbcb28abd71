import { describe, expect, test } from 'vitest'
import { Xoshiro128 } from '../../../data/random/xoshiro128.ts'
import { seedToBigInt, splitMix64 } from '../../../data/random/splitMix64.ts'

// Golden values below were computed with the reference C algorithms (Vigna, prng.di.unimi.it:
// splitmix64.c and xoshiro128starstar.c), compiled with gcc and seeded the way Xoshiro128 documents:
// state = [lo(w0), hi(w0), lo(w1), hi(w1)] from the first two SplitMix64 outputs.
describe('splitMix64', () => {
  test('matches the reference outputs for seed 0', () => {
    expect(splitMix64(0n, 3)).toEqual([0xe220a8397b1dcdafn, 0x6e789e6aa1b965f4n, 0x06c45d188009454fn])
  })

  test('rejects seeds that cannot be represented exactly', () => {
    expect(() => seedToBigInt(-1)).toThrow(/non-negative/)
    expect(() => seedToBigInt(1.5)).toThrow(/non-negative safe integer/)
    expect(() => seedToBigInt(2 ** 53)).toThrow(/safe integer/)
    expect(() => seedToBigInt(1n << 64n)).toThrow(/2\^64-1/)
    expect(seedToBigInt((1n << 64n) - 1n)).toBe((1n << 64n) - 1n)
  })
})

describe('Xoshiro128', () => {
  test('first eight outputs and the 1,000,009th match the reference C implementation (seed 42)', () => {
    const rng = new Xoshiro128(42)
    const first = Array.from({ length: 8 }, () => rng.uint32())
    expect(first).toEqual([1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222, 2940343271, 2244566231])
    for (let i = 0; i < 1_000_000; i++) rng.uint32()
    expect(rng.uint32()).toBe(2121894714)
  })

  test('a bigint seed above 2^32 matches the reference too', () => {
    const rng = new Xoshiro128(1234567890123n)
    const first = Array.from({ length: 8 }, () => rng.uint32())
    expect(first).toEqual([1171462281, 1541205376, 2100343739, 1966433354, 2824297952, 2441393067, 2976516188, 3084563359])
    // the number and bigint forms of the same seed are the same stream
    expect(new Xoshiro128(1234567890123).uint32()).toBe(1171462281)
  })

  test('uniform() takes 27 + 26 bits from two draws: matches the reference doubles', () => {
    const rng = new Xoshiro128(42)
    expect([rng.uniform(), rng.uniform(), rng.uniform()])
      .toEqual([0.4137016681565887, 0.003983993377814743, 0.6500837027638867])
  })

  test('uniform() stays in [0, 1) and has mean 1/2, variance 1/12 within 4 standard errors', () => {
    const rng = new Xoshiro128(7)
    const n = 400_000
    let sum = 0
    let sumSq = 0
    let outside = 0
    for (let i = 0; i < n; i++) {
      const u = rng.uniform()
      if (!(u >= 0 && u < 1)) outside++
      sum += u
      sumSq += u * u
    }
    expect(outside).toBe(0)
    const mean = sum / n
    const variance = sumSq / n - mean * mean
    // sd of U is 1/sqrt(12); sd of U^2-ish variance estimator: Var((U-1/2)^2) = 1/80 - 1/144
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 / Math.sqrt(12 * n))
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / n))
  })

  test('different seeds give different streams; the same seed the same stream', () => {
    const a = new Xoshiro128(1)
    const b = new Xoshiro128(2)
    const c = new Xoshiro128(1)
    const xa = Array.from({ length: 16 }, () => a.uint32())
    expect(Array.from({ length: 16 }, () => b.uint32())).not.toEqual(xa)
    expect(Array.from({ length: 16 }, () => c.uint32())).toEqual(xa)
  })
})
