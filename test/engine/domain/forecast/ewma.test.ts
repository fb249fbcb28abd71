import { describe, expect, test } from 'vitest'
import { ewmaForecast } from '../../../../engine/domain/forecast/ewma.ts'

describe('EWMA variance (RiskMetrics 1996)', () => {
  test('follows s2 = lambda * s2 + (1 - lambda) * r^2 after the seed window', () => {
    const r = Float64Array.from([0.01, -0.02, 0.03, 0.01])
    const seed = (0.01 ** 2 + 0.02 ** 2) / 2
    const expected = 0.94 * (0.94 * seed + 0.06 * 0.03 ** 2) + 0.06 * 0.01 ** 2
    const f = ewmaForecast(r, { lambda: 0.94, periodsPerYear: 365, seedCount: 2 })
    expect(f.variancePerPeriod).toBeCloseTo(expected, 18)
    expect(f.volAnnual).toBeCloseTo(Math.sqrt(expected * 365), 15)
  })

  test('constant absolute returns give that variance; a shock raises the forecast', () => {
    const flat = new Float64Array(200).fill(0.02)
    expect(ewmaForecast(flat, { periodsPerYear: 365 }).variancePerPeriod).toBeCloseTo(0.0004, 15)
    const shocked = Float64Array.from(flat)
    shocked[199] = 0.1
    expect(ewmaForecast(shocked, { periodsPerYear: 365 }).variancePerPeriod).toBeCloseTo(0.94 * 0.0004 + 0.06 * 0.01, 15)
  })

  test('rejects lambda outside (0, 1) and empty input', () => {
    expect(() => ewmaForecast(new Float64Array(5), { lambda: 1, periodsPerYear: 365 })).toThrow(RangeError)
    expect(() => ewmaForecast(new Float64Array(0), { periodsPerYear: 365 })).toThrow(RangeError)
  })
})
