import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { summarize, summarizeVsBuyAndHold } from '../../../backtest/metrics/summarize.ts'
import { maxDrawdown } from '../../../backtest/metrics/maxDrawdown.ts'
import { logReturnStats } from '../../../backtest/metrics/logReturnStats.ts'
import { drawdownInto } from '../../../backtest/metrics/drawdownInto.ts'
import { barsPerYear } from '../../../backtest/metrics/barsPerYear.ts'
import { buyAndHoldNav } from '../../../backtest/metrics/buyAndHoldNav.ts'
import { cagr } from '../../../backtest/metrics/cagr.ts'
import { safeRatio } from '../../../backtest/metrics/safeRatio.ts'
import { MetricsInputError } from '../../../backtest/metrics/metricsInputError.ts'
import { MS_PER_DAY } from '../../../engine/domain/units.ts'
import { NormalSampler } from '../../../data/random/normalSampler.ts'
import { Xoshiro128 } from '../../../data/random/xoshiro128.ts'

const T0 = Date.UTC(2024, 0, 1)
const days = (n: number) => Float64Array.from({ length: n }, (_, i) => T0 + i * MS_PER_DAY)
const close = (actual: number | null, expected: number, rel = 1e-12) => {
  expect(actual).not.toBeNull()
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected))
}

describe('summarize: a four-bar daily series computed by hand', () => {
  // nav 100, 110, 99, 108.9 on daily bars. Returns +10%, -10%, +10%.
  // log returns a = ln 1.1 = 0.0953101798, b = ln 0.9 = -0.1053605157, a again
  // mean m = (2a + b) / 3 = 0.0284199480
  // sample var = ((a - m)^2 * 2 + (b - m)^2) / 2 = (0.0044743 * 2 + 0.0178972) / 2 = 0.0134229; std = 0.1158573
  // bars per year = 3 steps / (3 / 365 years) = 365; vol = 0.1158573 * sqrt(365) = 2.2134502
  // Sharpe = m * 365 / vol = 4.6864758; with rf 5%: (m * 365 - 0.05) / vol = 4.6638867
  // downside dev (target 0, over all 3 periods) = sqrt(b^2 / 3) = 0.0608299; Sortino = m * 365 / (0.0608299 * sqrt 365) = 8.9259089
  // max DD: peak 110 (day 1), trough 99 (day 2): 99 / 110 - 1 = -0.1; 108.9 < 110 so no recovery
  // CAGR = 1.089^(365 / 3) - 1 = 31992.2753 (a 3-day span extrapolated: documented); Calmar = CAGR / 0.1
  const tMs = days(4)
  const nav = Float64Array.of(100, 110, 99, 108.9)
  const s = summarize({ tMs, nav })

  test('return, growth and span', () => {
    close(s.totalReturn, 0.089)
    expect(s.years).toBe(3 / 365)
    close(s.barsPerYear, 365)
    close(s.cagr, 31992.275338197764, 1e-9)
    expect(s.startNav).toBe(100)
    expect(s.endNav).toBe(108.9)
    expect(s.bars).toBe(4)
    expect([s.startMs, s.endMs]).toEqual([T0, T0 + 3 * MS_PER_DAY])
  })
  test('vol, Sharpe and Sortino', () => {
    close(s.annualizedVol, 2.2134502273073706, 1e-10)
    close(s.sharpe, 4.686475840315511, 1e-10)
    close(s.sortino, 8.925908916361939, 1e-10)
    close(summarize({ tMs, nav }, { riskFreeRate: 0.05 }).sharpe, 4.663886671883735, 1e-10)
  })
  test('drawdown and Calmar', () => {
    close(s.maxDrawdown, -0.1)
    expect(s.maxDrawdownPeakMs).toBe(T0 + MS_PER_DAY)
    expect(s.maxDrawdownTroughMs).toBe(T0 + 2 * MS_PER_DAY)
    expect(s.maxDrawdownRecoveryMs).toBeNull()
    close(s.calmar, 319922.7533819776, 1e-9)
  })
  test('keys are stable: the report and sweeps read them by name', () => {
    expect(Object.keys(s)).toEqual(['startMs', 'endMs', 'bars', 'years', 'barsPerYear', 'startNav', 'endNav', 'totalReturn',
      'cagr', 'annualizedVol', 'sharpe', 'sortino', 'maxDrawdown', 'maxDrawdownPeakMs', 'maxDrawdownTroughMs',
      'maxDrawdownRecoveryMs', 'calmar'])
  })
})

describe('identities', () => {
  test('constant growth: vol 0, no drawdown, riskless ratios are Infinity', () => {
    // 1% a day for a year: log returns are all ln 1.01 up to rounding of the NAVs
    const nav = Float64Array.from({ length: 366 }, (_, i) => 1000 * 1.01 ** i)
    const s = summarize({ tMs: days(366), nav })
    expect(s.annualizedVol).toBe(0)
    expect(s.maxDrawdown).toBe(0)
    expect(s.maxDrawdownPeakMs).toBeNull()
    expect(s.sharpe).toBe(Infinity)
    expect(s.sortino).toBe(Infinity)
    expect(s.calmar).toBe(Infinity)
    close(s.cagr, 1.01 ** 365 - 1, 1e-9) // exactly a year: CAGR = total return
    close(s.totalReturn, 1.01 ** 365 - 1, 1e-9)
  })
  test('constant decline: Sharpe -Infinity; flat NAV: Sharpe null (0 / 0)', () => {
    const down = summarize({ tMs: days(10), nav: Float64Array.from({ length: 10 }, (_, i) => 100 * 0.99 ** i) })
    expect(down.sharpe).toBe(-Infinity)
    close(down.maxDrawdown, 0.99 ** 9 - 1, 1e-12)
    const flat = summarize({ tMs: days(10), nav: new Float64Array(10).fill(5) })
    expect(flat.annualizedVol).toBe(0)
    expect(flat.sharpe).toBeNull()
    expect(flat.sortino).toBeNull()
    expect(flat.calmar).toBeNull()
    expect(flat.totalReturn).toBe(0)
  })
  test('one bar: nothing annualises', () => {
    const s = summarize({ tMs: Float64Array.of(T0), nav: Float64Array.of(7) })
    expect([s.cagr, s.annualizedVol, s.sharpe, s.sortino, s.barsPerYear]).toEqual([null, null, null, null, null])
    expect(s.totalReturn).toBe(0)
  })
  test('drawdown of any non-decreasing series is 0; the running drawdown bottoms at maxDrawdown', () => {
    const navs = fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 })
    fc.assert(fc.property(navs, (xs) => {
      const sorted = Float64Array.from(xs).sort()
      const t = days(xs.length)
      expect(maxDrawdown(t, sorted).maxDrawdown).toBe(0)
      const raw = Float64Array.from(xs)
      const dd = drawdownInto(new Float64Array(xs.length), raw)
      expect(Math.min(...dd)).toBe(maxDrawdown(t, raw).maxDrawdown)
      expect(Math.max(...dd)).toBe(0)
    }))
  })
  test('recovery is the first bar back at the peak', () => {
    const d = maxDrawdown(Float64Array.of(0, 1, 2, 3, 4), Float64Array.of(100, 120, 90, 119, 120))
    expect(d).toEqual({ maxDrawdown: 90 / 120 - 1, peakMs: 1, troughMs: 2, recoveryMs: 4 })
    // a deeper trough after a recovery starts the search again; back exactly at the peak counts
    const e = maxDrawdown(Float64Array.of(0, 1, 2, 3, 4, 5, 6), Float64Array.of(100, 90, 100, 130, 80, 129, 130))
    expect(e).toEqual({ maxDrawdown: 80 / 130 - 1, peakMs: 3, troughMs: 4, recoveryMs: 6 })
  })
  test('peak, trough and recovery match the definition on random series with plateaus', () => {
    // the definition, step by step: the deepest fall below the running peak (first one on ties), then the first
    // later bar at or above that peak
    const reference = (nav: Float64Array) => {
      let worst = 0, peakAt = -1, troughAt = -1
      for (let i = 0; i < nav.length; i++) {
        let p = 0
        for (let j = 1; j <= i; j++) if (nav[j]! > nav[p]!) p = j
        const dd = nav[i]! / nav[p]! - 1
        if (dd < worst) { worst = dd; peakAt = p; troughAt = i }
      }
      if (troughAt < 0) return { maxDrawdown: 0, peakMs: null, troughMs: null, recoveryMs: null }
      let rec: number | null = null
      for (let i = troughAt + 1; i < nav.length; i++) if (nav[i]! >= nav[peakAt]!) { rec = i; break }
      return { maxDrawdown: worst, peakMs: peakAt, troughMs: troughAt, recoveryMs: rec }
    }
    const navs = fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 60 })
    fc.assert(fc.property(navs, (xs) => {
      const nav = Float64Array.from(xs)
      const t = Float64Array.from(xs, (_, i) => i)
      expect(maxDrawdown(t, nav)).toEqual(reference(nav))
    }), { numRuns: 2000 })
  })
})

describe('loops over long series (run in on-stack-replaced code)', () => {
  // Random walks of 300k bars, called back to back the way a sweep calls them, each against a plain reference:
  // the loops hand their results out through module variables, so a call must never see another's.
  const walk = (seed: number, n: number) => {
    const z = new NormalSampler(new Xoshiro128(seed))
    const nav = new Float64Array(n)
    let x = 1000
    for (let i = 0; i < n; i++) { x *= Math.exp(0.002 * z.next()); nav[i] = x }
    return nav
  }
  test('logReturnStats: mean and std as two passes give them, downside deviation bit for bit', () => {
    for (const [seed, target] of [[1, 0], [2, 1e-5], [3, -2e-4]] as const) {
      const nav = walk(seed, 300_000)
      const r = Float64Array.from({ length: nav.length - 1 }, (_, i) => Math.log(nav[i + 1]! / nav[i]!))
      const mean = r.reduce((a, b) => a + b, 0) / r.length
      const variance = r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1)
      let down2 = 0
      for (const x of r) if (x - target < 0) down2 += (x - target) ** 2
      const s = logReturnStats(nav, target)
      expect(s.count).toBe(r.length)
      close(s.mean, mean, 1e-9)
      close(s.std, Math.sqrt(variance), 1e-9)
      expect(s.downsideDeviation).toBe(Math.sqrt(down2 / r.length))
    }
  })
  test('maxDrawdown: the deepest fall below the running peak, and the first bar back at that peak', () => {
    for (const seed of [4, 5, 6]) {
      const nav = walk(seed, 300_000)
      const t = Float64Array.from(nav, (_, i) => i)
      let peakAt = 0, worst = 0, troughAt = -1, worstPeakAt = -1
      for (let i = 0; i < nav.length; i++) {
        if (nav[i]! > nav[peakAt]!) peakAt = i
        const dd = nav[i]! / nav[peakAt]! - 1
        if (dd < worst) { worst = dd; troughAt = i; worstPeakAt = peakAt }
      }
      let rec: number | null = null
      for (let i = troughAt + 1; i < nav.length; i++) if (nav[i]! >= nav[worstPeakAt]!) { rec = i; break }
      expect(maxDrawdown(t, nav)).toEqual({ maxDrawdown: worst, peakMs: worstPeakAt, troughMs: troughAt, recoveryMs: rec })
    }
  })
})

describe('annualisation from timestamps', () => {
  test('bars per year for hourly and 5-minute bars on a 365-day year', () => {
    const hourly = Float64Array.from({ length: 100 }, (_, i) => T0 + i * 3_600_000)
    close(barsPerYear(hourly), 8760)
    const fiveMin = Float64Array.from({ length: 100 }, (_, i) => T0 + i * 300_000)
    close(barsPerYear(fiveMin), 105_120)
  })
  test('vol of a simulated 60-vol hourly GBM path comes back near 0.6', () => {
    // A year of hourly bars: the estimator's standard error is 0.6 / sqrt(2 * 8760) = 0.0045, so 0.03 is ~7 SE.
    const n = 8761
    const dt = 1 / 8760
    const z = new NormalSampler(new Xoshiro128(7))
    const nav = new Float64Array(n)
    nav[0] = 1000
    for (let i = 1; i < n; i++) nav[i] = (nav[i - 1] as number) * Math.exp(-0.18 * dt + 0.6 * Math.sqrt(dt) * z.next())
    const s = summarize({ tMs: Float64Array.from({ length: n }, (_, i) => T0 + i * 3_600_000), nav })
    expect(Math.abs((s.annualizedVol as number) - 0.6)).toBeLessThan(0.03)
  })
})

describe('buy-and-hold benchmark', () => {
  test('same starting NAV, marked at spot', () => {
    expect([...buyAndHoldNav(Float64Array.of(50, 75, 25), 1000)]).toEqual([1000, 1500, 500])
    const r = summarizeVsBuyAndHold({ tMs: days(3), nav: Float64Array.of(1000, 1010, 1020), spot: Float64Array.of(50, 100, 100) })
    expect(r.buyAndHold.startNav).toBe(1000)
    expect(r.buyAndHold.totalReturn).toBe(1)
    close(r.strategy.totalReturn, 0.02)
  })
})

describe('conventions and bad input', () => {
  test('safeRatio', () => {
    expect(safeRatio(1, 0)).toBe(Infinity)
    expect(safeRatio(-1, 0)).toBe(-Infinity)
    expect(safeRatio(0, 0)).toBeNull()
    expect(safeRatio(null, 1)).toBeNull()
    expect(safeRatio(1, 4)).toBe(0.25)
    expect(cagr(0.21, 2)).toBeCloseTo(0.1, 14)
  })
  test('names the bad element', () => {
    const t = days(3)
    expect(() => summarize({ tMs: t, nav: Float64Array.of(1, NaN, 2) })).toThrow(/nav\[1\] must be a positive finite number, got NaN/)
    expect(() => summarize({ tMs: t, nav: Float64Array.of(1, 0, 2) })).toThrow(MetricsInputError)
    expect(() => summarize({ tMs: Float64Array.of(0, 2, 2), nav: Float64Array.of(1, 1, 1) })).toThrow(/tMs\[2\] must be after tMs\[1\]/)
    // the first bad element wins, and on one bar the time is checked before the NAV
    expect(() => summarize({ tMs: Float64Array.of(0, NaN, 5), nav: Float64Array.of(1, -1, 1) })).toThrow(/tMs\[1\] must be a finite time in ms UTC, got NaN/)
    expect(() => summarize({ tMs: t, nav: Float64Array.of(1, 2, Infinity) })).toThrow(/nav\[2\] must be a positive finite number, got Infinity/)
    expect(() => summarize({ tMs: Float64Array.of(Infinity), nav: Float64Array.of(1) })).toThrow(/tMs\[0\] must be a finite time/)
    expect(() => summarize({ tMs: t, nav: Float64Array.of(1, 1) })).toThrow(/nav has 2 values but tMs has 3/)
    expect(() => summarize({ tMs: new Float64Array(0), nav: new Float64Array(0) })).toThrow(/tMs is empty/)
    expect(() => buyAndHoldNav(Float64Array.of(0, 1), 5)).toThrow(/spot\[0\]/)
  })
})
