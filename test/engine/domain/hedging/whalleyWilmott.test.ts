import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { whalleyWilmottHalfWidth } from '../../../../engine/domain/hedging/whalleyWilmott.ts'

// Reference: Whalley & Wilmott (1997), Mathematical Finance 7(3), eq. (4.6):
// H = (3/2 * exp(-r(T-t)) * lambda * S * Gamma^2 / gamma)^(1/3). Values below are worked by hand from it.
describe('Whalley-Wilmott band half-width', () => {
  test('hand-worked values', () => {
    // 1.5 * 0.01 * 100 * 0.02^2 / 1 = 0.0006, cube root 0.084343266530...
    expect(whalleyWilmottHalfWidth({ spot: 100, gamma: 0.02, costFraction: 0.01, riskAversion: 1 }))
      .toBeCloseTo(0.0843432665301, 12)
    // BTC book: S = 60000, Gamma = 0.0008 BTC^2/USD (10 ATM weeklies), lambda = 10 bps, gamma_u = 1e-6 per USD:
    // 1.5 * 0.001 * 60000 * 6.4e-7 / 1e-6 = 57.6, cube root 3.86196...
    expect(whalleyWilmottHalfWidth({ spot: 60_000, gamma: 0.0008, costFraction: 0.001, riskAversion: 1e-6 }))
      .toBeCloseTo(Math.cbrt(57.6), 12)
    expect(Math.cbrt(57.6)).toBeCloseTo(3.86196, 5)
    // discounting: r = 5%, T = 1 year multiplies H^3 by exp(-0.05)
    expect(whalleyWilmottHalfWidth({ spot: 100, gamma: 0.02, costFraction: 0.01, riskAversion: 1, rate: 0.05, tYears: 1 }))
      .toBeCloseTo(Math.cbrt(0.0006 * Math.exp(-0.05)), 12)
  })

  test('scales as Gamma^(2/3), lambda^(1/3), S^(1/3) and riskAversion^(-1/3); sign of Gamma is irrelevant', () => {
    const pos = (min: number, max: number) => fc.double({ min, max, noNaN: true })
    fc.assert(fc.property(pos(1, 1e5), pos(1e-8, 1), pos(1e-5, 0.05), pos(1e-4, 10), pos(0.1, 10), (spot, gamma, cost, ra, k) => {
      const base = whalleyWilmottHalfWidth({ spot, gamma, costFraction: cost, riskAversion: ra })
      const rel = (x: number, y: number) => Math.abs(x - y) <= 1e-12 * Math.abs(y)
      expect(rel(whalleyWilmottHalfWidth({ spot, gamma: k * gamma, costFraction: cost, riskAversion: ra }), base * k ** (2 / 3))).toBe(true)
      expect(rel(whalleyWilmottHalfWidth({ spot, gamma, costFraction: k * cost, riskAversion: ra }), base * Math.cbrt(k))).toBe(true)
      expect(rel(whalleyWilmottHalfWidth({ spot: k * spot, gamma, costFraction: cost, riskAversion: ra }), base * Math.cbrt(k))).toBe(true)
      expect(rel(whalleyWilmottHalfWidth({ spot, gamma, costFraction: cost, riskAversion: k * ra }), base / Math.cbrt(k))).toBe(true)
      expect(whalleyWilmottHalfWidth({ spot, gamma: -gamma, costFraction: cost, riskAversion: ra })).toBe(base)
    }))
  })

  test('limits: no cost or no gamma means a zero band, no risk aversion means never hedge', () => {
    expect(whalleyWilmottHalfWidth({ spot: 100, gamma: 0.02, costFraction: 0, riskAversion: 1 })).toBe(0)
    expect(whalleyWilmottHalfWidth({ spot: 100, gamma: 0, costFraction: 0.01, riskAversion: 1 })).toBe(0)
    expect(whalleyWilmottHalfWidth({ spot: 100, gamma: 0.02, costFraction: 0.01, riskAversion: 0 })).toBe(Infinity)
  })

  test('garbage in throws, naming the field', () => {
    expect(() => whalleyWilmottHalfWidth({ spot: Number.NaN, gamma: 0.02, costFraction: 0.01, riskAversion: 1 })).toThrow(/spot/)
    expect(() => whalleyWilmottHalfWidth({ spot: 100, gamma: 0.02, costFraction: -0.01, riskAversion: 1 })).toThrow(/costFraction/)
    expect(() => whalleyWilmottHalfWidth({ spot: 100, gamma: Infinity, costFraction: 0.01, riskAversion: 1 })).toThrow(/gamma/)
    expect(() => whalleyWilmottHalfWidth({ spot: 100, gamma: 0.02, costFraction: 0.01, riskAversion: -1 })).toThrow(/riskAversion/)
  })
})
