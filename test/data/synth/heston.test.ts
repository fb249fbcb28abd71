import { describe, expect, test } from 'vitest'
import { simulateHeston, type HestonParams } from '../../../data/synth/heston.ts'
import { logReturns, meanVar } from './sampleStats.ts'

const DAY_MS = 86_400_000
const daily = (bars: number, subSteps = 8) => ({ startMs: Date.UTC(2024, 0, 1), barMs: DAY_MS, bars, subSteps })
const base: HestonParams = { spot: 100, drift: 0, vol: 0.6, kappa: 3, theta: 0.36, xi: 0.5, rho: -0.3 }

describe('simulateHeston', () => {
  test('the variance averages to theta over a long run (50 paths of 5 years)', () => {
    // Stationary CIR: Var(v) = theta xi^2 / (2 kappa) and autocorrelation e^(-kappa t), so the time average
    // over T years has variance ~ theta xi^2 / (kappa^2 T) (Cox, Ingersoll and Ross, Econometrica 53(2), 1985).
    const p = { ...base }
    const paths = 50
    const years = 5
    let sum = 0
    let count = 0
    for (let s = 0; s < paths; s++) {
      const { vol } = simulateHeston(p, daily(365 * years), 500 + s)
      for (let i = 0; i < vol.length; i++) { sum += (vol.vol[i] as number) ** 2; count++ }
    }
    const se = Math.sqrt(p.theta * p.xi * p.xi / (p.kappa * p.kappa * paths * years))
    expect(Math.abs(sum / count - p.theta)).toBeLessThan(4 * se)
  })

  test('mean reversion: from v0 = 4 theta, E[v_t] = theta + (v0 - theta) e^(-kappa t) across 400 paths', () => {
    const p = { ...base, vol: 1.2 } // v0 = 1.44
    const v0 = p.vol ** 2
    const checkDays = [30, 91, 182, 365]
    const paths = 400
    const sums = checkDays.map(() => 0)
    for (let s = 0; s < paths; s++) {
      const { vol } = simulateHeston(p, daily(365), 900 + s)
      checkDays.forEach((d, j) => { sums[j] = (sums[j] as number) + (vol.vol[d - 1] as number) ** 2 })
    }
    checkDays.forEach((d, j) => {
      const t = d / 365
      const e = Math.exp(-p.kappa * t)
      const mean = p.theta + (v0 - p.theta) * e
      // CIR variance of v_t given v0 (Cox, Ingersoll and Ross 1985, eq. 19 in their notation)
      const variance = v0 * p.xi ** 2 / p.kappa * (e - e * e) + p.theta * p.xi ** 2 / (2 * p.kappa) * (1 - e) ** 2
      expect(Math.abs((sums[j] as number) / paths - mean), `day ${d}`).toBeLessThan(4 * Math.sqrt(variance / paths))
    })
    // and the decay is visible, not within noise of the start
    expect((sums[3] as number) / paths).toBeLessThan(0.5 * v0)
  })

  test('realised variance of the price matches the vol index it reports', () => {
    // quadratic variation: sum of squared bar returns ~ integral of v dt, read here from the vol index at
    // bar closes; for normal-ish returns the ratio has sd about sqrt(2 / n)
    const { bars, vol } = simulateHeston({ ...base, xi: 0.3 }, daily(3650), 31)
    const r = logReturns(bars.close, bars.open)
    let qv = 0
    let iv = 0
    for (let i = 0; i < r.length; i++) { qv += (r[i] as number) ** 2; iv += (vol.vol[i] as number) ** 2 / 365 }
    expect(Math.abs(qv / iv - 1)).toBeLessThan(4 * Math.sqrt(2 / r.length))
  })

  test('rho: bar returns and variance changes correlate at about rho', () => {
    for (const rho of [-0.7, 0.5]) {
      const { bars, vol } = simulateHeston({ ...base, rho }, daily(3650), 41)
      const r = logReturns(bars.close, bars.open)
      const dv = new Float64Array(r.length)
      let prev = base.vol ** 2
      for (let i = 0; i < r.length; i++) { const v = (vol.vol[i] as number) ** 2; dv[i] = v - prev; prev = v }
      const a = meanVar(r)
      const b = meanVar(dv)
      let cov = 0
      for (let i = 0; i < r.length; i++) cov += ((r[i] as number) - a.mean) * ((dv[i] as number) - b.mean)
      const corr = cov / (r.length - 1) / Math.sqrt(a.variance * b.variance)
      // sd of a sample correlation is about (1 - rho^2) / sqrt(n); allow 4 of them plus 0.03 for the
      // variance drift term inside each bar that is not part of the shock
      expect(Math.abs(corr - rho), `rho ${rho}`).toBeLessThan(4 * (1 - rho * rho) / Math.sqrt(r.length) + 0.03)
    }
  })

  test('the vol index is on the bar grid, non-negative, and starts near the initial vol', () => {
    const { bars, vol } = simulateHeston({ ...base, xi: 1.5, kappa: 1, theta: 0.04 }, daily(400), 3)
    expect(vol.length).toBe(bars.length)
    expect(vol.tMs).toEqual(bars.tMs)
    expect(vol.tMs).not.toBe(bars.tMs) // a copy: editing one series cannot change the other
    let negative = 0
    for (let i = 0; i < vol.length; i++) if (!((vol.vol[i] as number) >= 0)) negative++
    expect(negative).toBe(0)
    // one day in, from v0 = 0.36: the sd of the change in v over a day is about xi sqrt(v0 / 365) = 0.047,
    // i.e. about 0.04 in vol, so 0.15 is more than 3 sds of slack
    expect(Math.abs((vol.vol[0] as number) - 0.6)).toBeLessThan(0.15)
  })

  test('with xi = 0 and v0 = theta the variance never moves and returns are GBM at sqrt(theta)', () => {
    const { bars, vol } = simulateHeston({ ...base, xi: 0 }, daily(100), 8)
    for (let i = 0; i < vol.length; i++) expect(vol.vol[i]).toBeCloseTo(0.6, 12)
    const r = logReturns(bars.close, bars.open)
    expect(Math.sqrt(meanVar(r).variance * 365)).toBeGreaterThan(0.3)
  })

  test('same seed, same bars and vol; bad rho or kappa refused', () => {
    const a = simulateHeston(base, daily(200), 5)
    const b = simulateHeston(base, daily(200), 5)
    expect(b.bars.close).toEqual(a.bars.close)
    expect(b.vol.vol).toEqual(a.vol.vol)
    expect(() => simulateHeston({ ...base, rho: -1.2 }, daily(5), 1)).toThrow(/rho must be in \[-1, 1\]/)
    expect(() => simulateHeston({ ...base, kappa: -1 }, daily(5), 1)).toThrow(/kappa/)
  })
})
