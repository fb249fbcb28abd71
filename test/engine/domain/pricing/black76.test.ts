import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { black76Greeks, black76Into, black76Price } from '../../../../engine/domain/pricing/black76.ts'
import { bsmGreeks } from '../../../../engine/domain/pricing/bsm.ts'
import { GREEK_COUNT, GREEK_KEYS, GREEK_SLOT, type OptionKind } from '../../../../engine/domain/pricing/types.ts'
import { PricingInputError } from '../../../../engine/errors/pricing.ts'
import { expectGreeksMatchDifferences, near } from './expectGreeksMatchDifferences.ts'

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true })
const arbInput = fc.record({
  kind: fc.constantFrom<OptionKind>('call', 'put'),
  forward: num(1, 1e6),
  m: num(0.5, 2),
  tYears: num(1 / 365, 2),
  sigma: num(0.05, 3),
  rate: num(-0.02, 0.15),
}).map(({ m, ...x }) => ({ ...x, strike: x.forward * m }))

describe('black76', () => {
  // Haug, "The Complete Guide to Option Pricing Formulas" 2nd ed., section 1.1.2 (Black-76): F = K = 19,
  // T = 0.75, r = 0.10, sigma = 0.28, put = 1.7011 (QuantLib test-suite/europeanoption.cpp, testValues, p. 2-8).
  test('Haug Black-76 example: put = call = 1.7011 at the money', () => {
    const x = { forward: 19, strike: 19, tYears: 0.75, sigma: 0.28, rate: 0.1 }
    near(black76Price({ ...x, kind: 'put' }), 1.7011, 0, 1e-4)
    near(black76Price({ ...x, kind: 'call' }), 1.7011, 0, 1e-4)
  })

  test('put-call parity for any forward, moneyness, vol and tenor: C - P = e^-rt (F - K)', () => {
    fc.assert(fc.property(arbInput, (x) => {
      const parity = black76Price({ ...x, kind: 'call' }) - black76Price({ ...x, kind: 'put' })
      near(parity, Math.exp(-x.rate * x.tYears) * (x.forward - x.strike), 0, 1e-13 * (x.forward + x.strike))
    }), { numRuns: 500 })
  })

  test('equals BSM on S = F with q = r, except rho (forward held fixed) and divRho (none)', () => {
    fc.assert(fc.property(arbInput, (x) => {
      const b = black76Greeks(x)
      const m = bsmGreeks({ kind: x.kind, spot: x.forward, strike: x.strike, tYears: x.tYears, sigma: x.sigma,
        rate: x.rate, div: x.rate })
      for (const k of ['price', 'delta', 'gamma', 'vega', 'theta', 'vanna', 'volga', 'charm', 'speed'] as const) {
        expect(b[k]).toBe(m[k])
      }
      near(b.rho, m.rho + m.divRho, 1e-9, 1e-12 * x.forward) // d/dr moves r and q = r together
      expect(b.divRho).toBe(0)
    }))
  })

  test('Greeks equal central differences; rho = -t V', () => {
    fc.assert(fc.property(arbInput.filter((x) => x.strike > 0.6 * x.forward && x.strike < 1.6 * x.forward), (x) => {
      const input = { model: 'black76' as const, kind: x.kind, underlying: x.forward, strike: x.strike,
        tYears: x.tYears, sigma: x.sigma, rate: x.rate }
      expectGreeksMatchDifferences(input, x.forward)
      const g = black76Greeks(x)
      near(g.rho, -x.tYears * g.price, 1e-15)
    }), { numRuns: 200 })
  })

  test('t = 0 and sigma = 0 give the discounted forward intrinsic', () => {
    near(black76Price({ kind: 'call', forward: 110, strike: 100, tYears: 0, sigma: 0.3, rate: 0.05 }), 10, 1e-15)
    near(black76Price({ kind: 'call', forward: 110, strike: 100, tYears: 1, sigma: 0, rate: 0.05 }),
      10 * Math.exp(-0.05), 1e-14)
    expect(black76Price({ kind: 'put', forward: 110, strike: 100, tYears: 1, sigma: 0, rate: 0.05 })).toBe(0)
  })

  test('black76Into and black76Greeks agree exactly', () => {
    const out = new Float64Array(GREEK_COUNT)
    fc.assert(fc.property(arbInput, (x) => {
      black76Into(out, x.kind === 'call', x.forward, x.strike, x.tYears, x.sigma, x.rate)
      const g = black76Greeks(x)
      for (const k of GREEK_KEYS) expect(out[GREEK_SLOT[k]]).toBe(g[k])
    }))
  })

  test('a negative forward throws PricingInputError naming underlying', () => {
    expect(() => black76Price({ kind: 'call', forward: -5, strike: 100, tYears: 1, sigma: 0.2, rate: 0 }))
      .toThrow(PricingInputError)
    expect(() => black76Price({ kind: 'call', forward: -5, strike: 100, tYears: 1, sigma: 0.2, rate: 0 }))
      .toThrow(/^underlying must be a finite number > 0, got -5\./)
  })
})
