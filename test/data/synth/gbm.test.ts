import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { simulateGbm } from '../../../data/synth/gbm.ts'
import { logReturns, meanVar, sdStandardError } from './sampleStats.ts'

const DAY_MS = 86_400_000
const daily = (bars: number, subSteps = 4) => ({ startMs: Date.UTC(2024, 0, 1), barMs: DAY_MS, bars, subSteps })

describe('simulateGbm', () => {
  test('realised vol of daily log returns is the input vol within 4 standard errors', () => {
    for (const [vol, seed] of [[0.2, 1], [0.6, 2], [1.1, 3]] as const) {
      const bars = simulateGbm({ spot: 100, vol, drift: 0.05 }, daily(3650), seed)
      const r = logReturns(bars.close, bars.open)
      const realised = Math.sqrt(meanVar(r).variance * 365)
      expect(Math.abs(realised - vol), `vol ${vol}`).toBeLessThan(4 * sdStandardError(vol, r.length))
    }
  })

  test('the same holds on hourly bars: the 365-day year is applied to sub-daily bars too', () => {
    const bars = simulateGbm({ spot: 100, vol: 0.7, drift: 0 }, { startMs: 0, barMs: 3_600_000, bars: 24 * 365, subSteps: 2 }, 4)
    const r = logReturns(bars.close, bars.open)
    const realised = Math.sqrt(meanVar(r).variance * 365 * 24)
    expect(Math.abs(realised - 0.7)).toBeLessThan(4 * sdStandardError(0.7, r.length))
  })

  test('drift: over 2000 one-year paths, mean log return is drift - vol^2/2 and E[S_T] = S0 e^drift', () => {
    const vol = 0.6
    const drift = 0.3
    const paths = 2000
    const logR = new Float64Array(paths)
    const gross = new Float64Array(paths)
    for (let p = 0; p < paths; p++) {
      const b = simulateGbm({ spot: 1, vol, drift }, daily(365, 1), 10_000 + p)
      gross[p] = b.close[364] as number
      logR[p] = Math.log(gross[p] as number)
    }
    // ln S_T ~ N((drift - vol^2/2) T, vol^2 T) with T = 1
    expect(Math.abs(meanVar(logR).mean - (drift - vol * vol / 2))).toBeLessThan(4 * vol / Math.sqrt(paths))
    // Var(S_T) = e^(2 drift T) (e^(vol^2 T) - 1) for the lognormal
    const sd = Math.exp(drift) * Math.sqrt(Math.exp(vol * vol) - 1)
    expect(Math.abs(meanVar(gross).mean - Math.exp(drift))).toBeLessThan(4 * sd / Math.sqrt(paths))
  })

  test('high/low: with many sub-steps the Parkinson range estimator recovers the vol; with one it cannot', () => {
    // Parkinson (J. Business 53(1), 1980): E[ln(H/L)^2] = 4 ln 2 vol^2 t for a continuously watched path.
    // A discretely watched path misses part of the range, so the estimate sits a little below the true vol:
    // about 2 * 0.5826 * vol * sqrt(t / m) less range with m sub-steps (Broadie, Glasserman and Kou,
    // Math. Finance 7(4), 1997), i.e. about 4% low for m = 288.
    const parkinson = (subSteps: number, seed: number) => {
      const b = simulateGbm({ spot: 100, vol: 0.5, drift: 0 }, daily(2000, subSteps), seed)
      let s = 0
      for (let i = 0; i < b.length; i++) s += Math.log((b.high[i] as number) / (b.low[i] as number)) ** 2
      return Math.sqrt(s / b.length / (4 * Math.LN2) * 365)
    }
    const fine = parkinson(288, 5)
    expect(fine).toBeGreaterThan(0.5 * 0.9)
    expect(fine).toBeLessThan(0.5 * 1.01)
    // with one step the range is |ln(C/O)|: E = vol^2 t, so the estimator gives vol / sqrt(4 ln 2) = 0.6 vol
    // it is then a plain sd estimate of 2000 normal returns, scaled by 1 / sqrt(4 ln 2)
    const coarse = parkinson(1, 5)
    const expected = 0.5 / Math.sqrt(4 * Math.LN2)
    expect(Math.abs(coarse - expected)).toBeLessThan(4 * sdStandardError(expected, 2000))
  })

  test('same seed gives identical bars; another seed does not', () => {
    const a = simulateGbm({ spot: 100, vol: 0.6, drift: 0 }, daily(500), 77)
    const b = simulateGbm({ spot: 100, vol: 0.6, drift: 0 }, daily(500), 77)
    const c = simulateGbm({ spot: 100, vol: 0.6, drift: 0 }, daily(500), 78)
    for (const k of ['tMs', 'open', 'high', 'low', 'close', 'volume'] as const) expect(b[k]).toEqual(a[k])
    expect(c.close).not.toEqual(a.close)
  })

  test('rejects a negative vol or a non-finite drift', () => {
    expect(() => simulateGbm({ spot: 100, vol: -0.1, drift: 0 }, daily(5), 1)).toThrow(/vol must be a finite number >= 0/)
    expect(() => simulateGbm({ spot: 100, vol: 0.5, drift: Number.NaN }, daily(5), 1)).toThrow(/drift/)
  })
})

describe('against real BTC data', () => {
  // btc-usd-1d-yahoo.csv (Yahoo Finance BTC-USD daily, see ../shared/data/README.md): columns
  // Date,Open,High,Low,Close,Adj Close,Volume, oldest first, no gaps. Parsed here directly so the test does
  // not depend on the dataset readers.
  const file = new URL('../../../../shared/data/btc-usd-1d-yahoo.csv', import.meta.url)
  const closeByDate = new Map<string, number>()
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    const cells = line.split(',')
    if (cells.length >= 5) closeByDate.set(cells[0] as string, Number(cells[4]))
  }
  // 2021: close-to-close returns from the 2020-12-31 close to the 2021-12-31 close, 365 of them
  const dates = [...closeByDate.keys()].filter((d) => d >= '2020-12-31' && d <= '2021-12-31').sort()
  const closes = Float64Array.from(dates, (d) => closeByDate.get(d) as number)
  const real = logReturns(closes)
  const btcVol2021 = Math.sqrt(meanVar(real).variance * 365)

  test('BTC 2021 realised vol from the fixture is 80.3% (cross-checked with a Python csv/math script)', () => {
    expect(real.length).toBe(365)
    expect(btcVol2021).toBeCloseTo(0.80322, 4)
  })

  test('a GBM at BTC 2021 vol reproduces that realised vol within sampling error over a year of daily bars', () => {
    for (const seed of [2021, 2022, 2023]) {
      const bars = simulateGbm({ spot: closes[0] as number, vol: btcVol2021, drift: 0 }, daily(365, 24), seed)
      const r = logReturns(bars.close, bars.open)
      const synthVol = Math.sqrt(meanVar(r).variance * 365)
      expect(Math.abs(synthVol - btcVol2021), `seed ${seed}`).toBeLessThan(4 * sdStandardError(btcVol2021, 365))
    }
  })
})
