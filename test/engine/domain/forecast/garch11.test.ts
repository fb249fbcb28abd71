import { describe, expect, test } from 'vitest'
import { fitGarch11, garch11Forecast, garch11TermVol } from '../../../../engine/domain/forecast/garch11.ts'
import { Xoshiro128 } from '../../../../data/random/xoshiro128.ts'
import { NormalSampler } from '../../../../data/random/normalSampler.ts'

/** Simulates GARCH(1,1) returns with Gaussian shocks from the seeded project PRNG, started at the long-run variance. */
function simulate(n: number, omega: number, alpha: number, beta: number, seed: number): Float64Array {
  const z = new NormalSampler(new Xoshiro128(seed))
  const r = new Float64Array(n)
  let s2 = omega / (1 - alpha - beta)
  for (let t = 0; t < n; t++) {
    r[t] = Math.sqrt(s2) * z.next()
    s2 = omega + alpha * (r[t] as number) ** 2 + beta * s2
  }
  return r
}

describe('GARCH(1,1)', () => {
  // Daily-BTC-like parameters: long-run daily vol sqrt(2e-5 / 0.05) = 2%, persistence 0.95.
  const truth = { omega: 2e-5, alpha: 0.1, beta: 0.85 }

  test.each([1, 2, 3])('maximum likelihood recovers the parameters of a simulated series (seed %d)', (seed) => {
    const fit = fitGarch11(simulate(8000, truth.omega, truth.alpha, truth.beta, seed))
    // asymptotic standard errors at n = 8000 are about 0.01 for alpha and 0.015 for beta; allow about 3 of them
    expect(Math.abs(fit.alpha - truth.alpha)).toBeLessThan(0.03)
    expect(Math.abs(fit.beta - truth.beta)).toBeLessThan(0.05)
    const vl = fit.omega / (1 - fit.alpha - fit.beta)
    expect(Math.abs(Math.sqrt(vl) - 0.02)).toBeLessThan(0.003)
  })

  test('uses only the returns it is given: the future cannot change a past fit', () => {
    const r = simulate(3000, truth.omega, truth.alpha, truth.beta, 7)
    const past = fitGarch11(r.subarray(0, 2000))
    const changedFuture = Float64Array.from(r)
    for (let t = 2000; t < 3000; t++) changedFuture[t] = 10 * (changedFuture[t] as number)
    expect(fitGarch11(changedFuture.subarray(0, 2000))).toEqual(past)
  })

  test('forecasts decay to the long-run variance at rate alpha + beta', () => {
    const fit = { omega: 2e-5, alpha: 0.1, beta: 0.85, nextVariance: 1e-3, nllPerReturn: 0 }
    const vl = 2e-5 / 0.05
    const f = garch11Forecast(fit, 50)
    expect(f[0]).toBeCloseTo(1e-3, 15)
    expect(f[1]).toBeCloseTo(vl + 0.95 * (1e-3 - vl), 15)
    expect(f[49]).toBeCloseTo(vl + 0.95 ** 49 * (1e-3 - vl), 15)
    for (let k = 1; k < 50; k++) expect(f[k]!).toBeLessThan(f[k - 1]!)
    expect(garch11TermVol(fit, 1, 365)).toBeCloseTo(Math.sqrt(1e-3 * 365), 12)
  })

  test('refuses a series too short to fit', () => {
    expect(() => fitGarch11(new Float64Array(10).fill(0.01))).toThrow(RangeError)
  })
})
