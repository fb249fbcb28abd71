import { expect, test } from 'vitest'
import fc from 'fast-check'
import { robustRange } from '../../../backtest/report/robustRange.ts'

const of = (a: Float64Array) => (i: number) => a[i] as number

test('a few spikes in a flat-ish series: the axis spans the bulk, the spikes are counted as outside', () => {
  // 1000 bars of delta between 9 and 11 (a hedge band), five one-bar spikes to 20 while a hedge fills
  const d = Float64Array.from({ length: 1000 }, (_, i) => 10 + Math.sin(i / 7))
  for (const i of [100, 300, 500, 700, 900]) d[i] = 20
  const r = robustRange(d.length, of(d))
  expect(r).not.toBeNull()
  expect(r!.min).toBeGreaterThan(8.5)
  expect(r!.max).toBeLessThan(11.5)
  expect(r!.min).toBeLessThanOrEqual(9.01) // the 1st percentile of 10 + sin is about 9
  expect(r!.max).toBeGreaterThanOrEqual(10.99)
  expect(r!.outsideFraction).toBeCloseTo(5 / 1000, 6)
  expect([r!.loPct, r!.hiPct]).toEqual([1, 99])
})

test('nothing to narrow: no outliers, one value, too few bars, all NaN', () => {
  const sine = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7))
  expect(robustRange(sine.length, of(sine))).toBeNull()
  // mostly zero (no position) with rare spikes: the percentile range is empty, so the chart keeps its full range
  const zeros = new Float64Array(1000); zeros[10] = -5
  expect(robustRange(zeros.length, of(zeros))).toBeNull()
  expect(robustRange(5, of(Float64Array.of(1, 2, 3, 4, 1e9)))).toBeNull()
  expect(robustRange(100, () => NaN)).toBeNull()
})

test('NaN and infinities are ignored, not counted as outliers', () => {
  const d = Float64Array.from({ length: 2000 }, (_, i) => (i % 10 === 0 ? NaN : i % 10 === 1 ? Infinity : (i % 50) / 50))
  d[5] = 1000
  const r = robustRange(d.length, of(d))
  expect(r).not.toBeNull()
  expect(r!.max).toBeLessThan(1.2)
  expect(r!.outsideFraction).toBeLessThan(0.01)
})

test('a 2.6M-bar series is sampled: the same bounds as the exact percentiles within a bucket of the distribution', () => {
  const n = 2_600_000
  const d = new Float64Array(n)
  for (let i = 0; i < n; i++) d[i] = (i * 7919) % 10_007 // spread over 0..10006, all residues
  d[1_234_567] = 1e9
  const r = robustRange(n, of(d))
  expect(r).not.toBeNull()
  // uniform on 0..10006: 1st and 99th percentiles near 100 and 9906, padded by 8% of the width (~785)
  expect(r!.min).toBeGreaterThan(100 - 785 - 150)
  expect(r!.min).toBeLessThan(100 - 785 + 150)
  expect(r!.max).toBeGreaterThan(9906 + 785 - 150)
  expect(r!.max).toBeLessThan(9906 + 785 + 150)
})

test('for any series, the bounds contain the 1st..99th percentile of the sample and are ordered', () => {
  fc.assert(fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 20, maxLength: 500 }), (xs) => {
    const a = Float64Array.from(xs)
    const r = robustRange(a.length, of(a))
    if (r === null) return
    const s = Float64Array.from(xs).sort()
    const at = (p: number) => s[Math.round((p / 100) * (s.length - 1))] as number
    expect(r.min).toBeLessThan(r.max)
    expect(r.min).toBeLessThanOrEqual(at(1))
    expect(r.max).toBeGreaterThanOrEqual(at(99))
    // it only narrows: the data's full range is wider
    expect((s[s.length - 1] as number) - (s[0] as number)).toBeGreaterThan(r.max - r.min)
  }))
})
