import { expect, test } from 'vitest'
import fc from 'fast-check'
import { downsampleIndices } from '../../../backtest/report/downsampleIndices.ts'

test('short series pass through whole', () => {
  expect([...downsampleIndices(4, [Float64Array.of(1, 2, 3, 4)], 10)]).toEqual([0, 1, 2, 3])
})

test('at most maxPoints, strictly increasing, ends and every extreme kept', () => {
  const series = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 50, maxLength: 3000 })
  fc.assert(fc.property(series, series, fc.integer({ min: 6, max: 400 }), (a, b, maxPoints) => {
    const n = Math.min(a.length, b.length)
    const s1 = Float64Array.from(a.slice(0, n)), s2 = Float64Array.from(b.slice(0, n))
    const idx = downsampleIndices(n, [s1, s2], maxPoints)
    if (n <= maxPoints) { expect(idx.length).toBe(n); return }
    expect(idx.length).toBeLessThanOrEqual(maxPoints)
    for (let i = 1; i < idx.length; i++) expect(idx[i]).toBeGreaterThan(idx[i - 1] as number)
    expect(idx[0]).toBe(0)
    expect(idx[idx.length - 1]).toBe(n - 1)
    // the chart's y range is the data's: the global min and max of each series are among the picks
    for (const s of [s1, s2]) {
      const picked = Array.from(idx, (i) => s[i] as number)
      expect(Math.min(...picked)).toBe(Math.min(...s))
      expect(Math.max(...picked)).toBe(Math.max(...s))
    }
  }))
})

test('a one-bar spike in a million flat bars survives', () => {
  const s = new Float64Array(1_000_000).fill(100)
  s[765_432] = 250
  const idx = downsampleIndices(s.length, [s], 5000)
  expect(idx.length).toBeLessThanOrEqual(5000)
  expect([...idx]).toContain(765_432)
})

test('NaN bars are skipped for extremes, not chosen', () => {
  const s = Float64Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? NaN : i))
  const idx = downsampleIndices(1000, [s], 40)
  expect([...idx]).toContain(998) // the max, 999 being NaN
})
