import { describe, expect, test } from 'vitest'
import { VolSource, MIN_MODEL_VOL } from '../../../engine/runtime/volSource.ts'
import type { BarSeries } from '../../../engine/runtime/marketView.ts'

const H = 3_600_000
function bars(closes: number[]): BarSeries {
  const n = closes.length
  const c = new Float64Array(closes)
  return { length: n, tMs: Float64Array.from({ length: n }, (_, i) => i * H), open: c, high: c.map((x) => x * 1.001), low: c.map((x) => x / 1.001), close: c, volume: new Float64Array(n) }
}

describe('VolSource', () => {
  test('index: the last point at or before the bar close, never a later one', () => {
    const b = bars([100, 100, 100, 100])
    const idx = { length: 3, tMs: new Float64Array([0, 2 * H, 3 * H + 1]), vol: new Float64Array([0.5, 0.7, 9]) }
    const v = new VolSource({ source: 'index', indexTenorDays: 30, termSlopePerYear: 0, skewSlope: 0, sellSpreadVol: 0 }, b, H, idx)
    const seen: number[] = []
    for (let i = 0; i < 4; i++) { v.advance(i); seen.push(v.base()) }
    // bar i closes at (i + 1) h: bar 0 sees 0.5, bars 1 and 2 see the 2h point, bar 3 closes at 4h > 3h+1ms
    expect(seen).toEqual([0.5, 0.7, 0.7, 9])
  })
  test('index with skew and term slope: base + skew ln(K/F) + slope (T - tenor)', () => {
    const b = bars([100, 100])
    const idx = { length: 1, tMs: new Float64Array([0]), vol: new Float64Array([0.6]) }
    const v = new VolSource({ source: 'index', indexTenorDays: 30, termSlopePerYear: 0.1, skewSlope: -0.2, sellSpreadVol: 0 }, b, H, idx)
    v.advance(0)
    expect(v.optionVol(110, 100, 30 / 365)).toBeCloseTo(0.6 - 0.2 * Math.log(1.1), 12)
    expect(v.optionVol(100, 100, 1 + 30 / 365)).toBeCloseTo(0.7, 12)
    expect(v.optionVol(1e9, 100, 0)).toBe(MIN_MODEL_VOL)
  })
  test('index starting after the first bar is bad input naming data.vol', () => {
    const b = bars([100, 100])
    const idx = { length: 1, tMs: new Float64Array([5 * H]), vol: new Float64Array([0.6]) }
    const v = new VolSource({ source: 'index', indexTenorDays: 30, termSlopePerYear: 0, skewSlope: 0, sellSpreadVol: 0 }, b, H, idx)
    expect(() => v.advance(0)).toThrow(/data\.vol/)
  })
  test('realized: alternating +-r log returns give sqrt(r^2 * bars per year) times the multiplier', () => {
    const r = 0.01
    const closes = [100]
    for (let i = 1; i < 50; i++) closes.push(closes[i - 1]! * Math.exp(i % 2 === 0 ? r : -r))
    const v = new VolSource({ source: 'realized', windowDays: 1, multiplier: 1.5, sellSpreadVol: 0 }, bars(closes), H)
    for (let i = 0; i < 50; i++) v.advance(i)
    expect(v.base()).toBeCloseTo(1.5 * Math.sqrt(r * r * 24 * 365), 9)
  })
})
