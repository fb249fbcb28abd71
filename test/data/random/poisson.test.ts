import { describe, expect, test } from 'vitest'
import { samplePoisson } from '../../../data/random/poisson.ts'
import { Xoshiro128 } from '../../../data/random/xoshiro128.ts'
import type { UniformSource } from '../../../data/random/uniformSource.ts'

function moments(lambda: number, n: number, seed: number) {
  const rng = new Xoshiro128(seed)
  let sum = 0
  let sumSq = 0
  let zeros = 0
  let bad = 0
  for (let i = 0; i < n; i++) {
    const k = samplePoisson(rng, lambda)
    if (!Number.isInteger(k) || k < 0) bad++
    sum += k
    sumSq += k * k
    if (k === 0) zeros++
  }
  expect(bad, 'draws that are not non-negative integers').toBe(0)
  const mean = sum / n
  return { mean, variance: sumSq / n - mean * mean, zeroShare: zeros / n }
}

describe('samplePoisson', () => {
  // For Poisson(l): mean = variance = l; sd of the sample mean is sqrt(l/n); the sample variance has
  // variance (mu4 - sigma^4)/n with mu4 = l(1 + 3l), so its sd is sqrt((l + 2l^2)/n).
  test.each([[0.02, 1], [0.5, 2], [4, 3], [29.5, 4], [100, 5], [730.25, 6]])('lambda %f: mean and variance', (lambda, seed) => {
    const n = lambda > 50 ? 20_000 : 200_000
    const { mean, variance } = moments(lambda, n, seed)
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / n))
    expect(Math.abs(variance - lambda)).toBeLessThan(4 * Math.sqrt((lambda + 2 * lambda * lambda) / n))
  })

  test('P(0) = e^-lambda for a small sub-step mean', () => {
    const lambda = 0.05
    const n = 200_000
    const p = Math.exp(-lambda)
    const { zeroShare } = moments(lambda, n, 9)
    expect(Math.abs(zeroShare - p)).toBeLessThan(4 * Math.sqrt(p * (1 - p) / n))
  })

  test('inversion on fixed uniforms gives the CDF quantile', () => {
    // Poisson(1): CDF(0) = 0.3679, CDF(1) = 0.7358, CDF(2) = 0.9197, CDF(3) = 0.9810
    const seq = [0.1, 0.5, 0.9, 0.95, 0.99999999999999989]
    const fixed: UniformSource = { uniform: () => seq.shift() as number }
    expect([0, 1, 2, 3].map(() => samplePoisson(fixed, 1))).toEqual([0, 1, 2, 3])
    // a uniform next to 1 terminates and lands far in the tail
    expect(samplePoisson(fixed, 1)).toBeGreaterThanOrEqual(10)
  })

  test('lambda 0 is always 0 and draws nothing; bad means are refused', () => {
    const noDraw: UniformSource = { uniform: () => { throw new Error('drew') } }
    expect(samplePoisson(noDraw, 0)).toBe(0)
    const rng = new Xoshiro128(1)
    expect(() => samplePoisson(rng, -1)).toThrow(/>= 0/)
    expect(() => samplePoisson(rng, Number.NaN)).toThrow(/finite/)
    expect(() => samplePoisson(rng, Infinity)).toThrow(/finite/)
  })

  test('same seed, same draws', () => {
    const a = new Xoshiro128(5)
    const b = new Xoshiro128(5)
    const xa = Array.from({ length: 50 }, () => samplePoisson(a, 3.3))
    expect(Array.from({ length: 50 }, () => samplePoisson(b, 3.3))).toEqual(xa)
  })
})
