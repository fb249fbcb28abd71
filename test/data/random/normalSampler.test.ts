import { describe, expect, test } from 'vitest'
import { NormalSampler } from '../../../data/random/normalSampler.ts'
import { Xoshiro128 } from '../../../data/random/xoshiro128.ts'
import type { UniformSource } from '../../../data/random/uniformSource.ts'

describe('NormalSampler', () => {
  test('first draws for seed 42 match a C implementation of the polar method on the same uniforms', () => {
    // reference: the polar method written in C (glibc log, sqrt) on the reference xoshiro128** stream
    const n = new NormalSampler(new Xoshiro128(42))
    expect([n.next(), n.next(), n.next(), n.next(), n.next(), n.next()]).toEqual([
      1.0873020675225118, 1.3373747636261168, 0.7409935464462171, 0.5294255135865079,
      0.42664902821655437, -0.46545467525853274,
    ])
  })

  test('the polar transform on fixed uniforms: rejects points outside the unit disc, returns the pair', () => {
    // (0.95, 0.95) -> (0.9, 0.9) lies outside the disc and must be skipped; (0.75, 0.5) -> (0.5, 0)
    const seq = [0.95, 0.95, 0.75, 0.5]
    const fixed: UniformSource = { uniform: () => seq.shift() as number }
    const n = new NormalSampler(fixed)
    const s = 0.25
    const m = Math.sqrt(-2 * Math.log(s) / s)
    expect(n.next()).toBe(0.5 * m)
    expect(n.next()).toBe(0)
    expect(seq).toHaveLength(0)
  })

  test('fill() gives the same values as next()', () => {
    const a = new NormalSampler(new Xoshiro128(3))
    const b = new NormalSampler(new Xoshiro128(3))
    const out = a.fill(new Float64Array(101))
    for (let i = 0; i < out.length; i++) expect(out[i]).toBe(b.next())
  })

  test('mean 0, variance 1, skew 0, kurtosis 3 within 4 standard errors; tail mass matches Phi', () => {
    const n = new NormalSampler(new Xoshiro128(11))
    const count = 400_000
    let m1 = 0, m2 = 0, m3 = 0, m4 = 0, beyond2 = 0
    for (let i = 0; i < count; i++) {
      const z = n.next()
      m1 += z; m2 += z * z; m3 += z * z * z; m4 += z * z * z * z
      if (Math.abs(z) > 2) beyond2++
    }
    m1 /= count; m2 /= count; m3 /= count; m4 /= count
    // standard errors of the raw moments of N(0,1): sd(z)=1, sd(z^2)=sqrt(2), sd(z^3)=sqrt(15), sd(z^4)=sqrt(96)
    const se = (sd: number) => 4 * sd / Math.sqrt(count)
    expect(Math.abs(m1)).toBeLessThan(se(1))
    expect(Math.abs(m2 - 1)).toBeLessThan(se(Math.SQRT2))
    expect(Math.abs(m3)).toBeLessThan(se(Math.sqrt(15)))
    expect(Math.abs(m4 - 3)).toBeLessThan(se(Math.sqrt(96)))
    // P(|Z| > 2) = 0.0455003 (Abramowitz and Stegun, Table 26.1: 2 * (1 - 0.9772499))
    const p = 0.0455003
    expect(Math.abs(beyond2 / count - p)).toBeLessThan(4 * Math.sqrt(p * (1 - p) / count))
  })
})
