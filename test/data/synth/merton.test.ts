import { describe, expect, test } from 'vitest'
import { simulateMerton, type MertonParams } from '../../../data/synth/merton.ts'
import { simulateGbm } from '../../../data/synth/gbm.ts'
import { logReturns, meanVar } from './sampleStats.ts'

const DAY_MS = 86_400_000
const daily = (bars: number, subSteps = 8) => ({ startMs: Date.UTC(2024, 0, 1), barMs: DAY_MS, bars, subSteps })

describe('simulateMerton', () => {
  // Jumps of about -15% (log size N(-0.15, 0.01^2)) against a diffusion with daily sd 0.2 / sqrt(365) = 0.0105:
  // a threshold of 0.075 is 7 diffusion sds from zero and 7.5 jump sds from the jump size, so a bar crosses it
  // exactly when it holds at least one jump (the chance of a miss either way is below 1e-11 per bar).
  const p: MertonParams = { spot: 100, vol: 0.2, drift: 0, jumpIntensity: 20, jumpMean: -0.15, jumpVol: 0.01 }
  const threshold = 0.075

  test('jump frequency: bars beyond the threshold match the Poisson rate within 4 standard errors', () => {
    const nBars = 3650
    const bars = simulateMerton(p, daily(nBars), 12)
    const r = logReturns(bars.close, bars.open)
    let beyond = 0
    let beyondSum = 0
    for (let i = 0; i < r.length; i++) if (Math.abs(r[i] as number) > threshold) { beyond++; beyondSum += r[i] as number }
    // a daily bar holds >= 1 jump with probability 1 - e^(-lambda / 365); the count is binomial
    const q = 1 - Math.exp(-p.jumpIntensity / 365)
    expect(Math.abs(beyond - nBars * q)).toBeLessThan(4 * Math.sqrt(nBars * q * (1 - q)))
    // and those bars carry the jump size (a few hold two jumps, about -0.30)
    expect(beyondSum / beyond).toBeLessThan(-0.14)
    expect(beyondSum / beyond).toBeGreaterThan(-0.17)
  })

  test('the same diffusion without jumps never crosses the threshold', () => {
    const bars = simulateGbm({ spot: 100, vol: p.vol, drift: 0 }, daily(3650), 12)
    const r = logReturns(bars.close, bars.open)
    expect(r.some((x) => Math.abs(x) > threshold)).toBe(false)
  })

  test('total variance per year is vol^2 + lambda (jumpMean^2 + jumpVol^2)', () => {
    // Merton (1976): per unit time, Var(ln S) = vol^2 + lambda E[Y^2]; frequent small jumps keep the sample
    // kurtosis moderate, so the normal-theory error sqrt(2/n) is widened by a measured kurtosis factor
    const q: MertonParams = { spot: 100, vol: 0.4, drift: 0, jumpIntensity: 50, jumpMean: -0.02, jumpVol: 0.05 }
    const bars = simulateMerton(q, daily(3650 * 2), 13)
    const r = logReturns(bars.close, bars.open)
    const { mean, variance } = meanVar(r)
    let m4 = 0
    for (let i = 0; i < r.length; i++) m4 += ((r[i] as number) - mean) ** 4
    const kurt = m4 / r.length / (variance * variance)
    const expected = q.vol ** 2 + q.jumpIntensity * (q.jumpMean ** 2 + q.jumpVol ** 2)
    // Var of a sample variance is sigma^4 (kurtosis - 1) / n
    expect(Math.abs(variance * 365 / expected - 1)).toBeLessThan(4 * Math.sqrt((kurt - 1) / r.length))
  })

  test('drift is compensated for jumps: E[S_T] = S0 e^(drift T) across 1500 one-year paths', () => {
    const q: MertonParams = { spot: 1, vol: 0.3, drift: 0.1, jumpIntensity: 5, jumpMean: -0.1, jumpVol: 0.05 }
    const paths = 1500
    const st = new Float64Array(paths)
    for (let s = 0; s < paths; s++) st[s] = simulateMerton(q, daily(365, 2), 3000 + s).close[364] as number
    const { mean, variance } = meanVar(st)
    expect(Math.abs(mean - Math.exp(q.drift))).toBeLessThan(4 * Math.sqrt(variance / paths))
    // without compensation the mean would sit at e^(drift + lambda k) = e^(0.1 - 0.47): far outside
    const k = Math.exp(q.jumpMean + q.jumpVol ** 2 / 2) - 1
    expect(Math.abs(Math.exp(q.drift + q.jumpIntensity * k) - Math.exp(q.drift))).toBeGreaterThan(8 * Math.sqrt(variance / paths))
  })

  test('jumps show in high/low and the volume spikes on jump bars; same seed same bars', () => {
    const bars = simulateMerton(p, daily(730), 21)
    const again = simulateMerton(p, daily(730), 21)
    expect(again.close).toEqual(bars.close)
    let jumpVol = 0, jumpBars = 0, calmVol = 0, calmBars = 0
    for (let i = 0; i < bars.length; i++) {
      const r = Math.log((bars.close[i] as number) / (bars.open[i] as number))
      if (Math.abs(r) > threshold) {
        jumpBars++; jumpVol += bars.volume[i] as number
        expect(Math.log((bars.high[i] as number) / (bars.low[i] as number))).toBeGreaterThan(threshold)
      } else { calmBars++; calmVol += bars.volume[i] as number }
    }
    expect(jumpBars).toBeGreaterThan(0)
    expect(jumpVol / jumpBars).toBeGreaterThan(3 * (calmVol / calmBars))
  })
})
