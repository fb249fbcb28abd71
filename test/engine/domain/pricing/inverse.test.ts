import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { bsmGreeks, bsmPrice } from '../../../../engine/domain/pricing/bsm.ts'
import { inverseGreeks, inverseInto, inversePrice } from '../../../../engine/domain/pricing/inverse.ts'
import { GREEK_COUNT, GREEK_KEYS, GREEK_SLOT, type OptionKind } from '../../../../engine/domain/pricing/types.ts'
import { expectGreeksMatchDifferences, near } from './expectGreeksMatchDifferences.ts'

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true })
const arbInput = fc.record({
  kind: fc.constantFrom<OptionKind>('call', 'put'),
  spot: num(100, 2e5),
  m: num(0.6, 1.6),
  tYears: num(0.02, 2),
  sigma: num(0.1, 2),
  rate: num(-0.01, 0.08),
  div: num(0, 0.05),
}).map(({ m, ...x }) => ({ ...x, strike: x.spot * m }))

describe('inverse (coin-margined)', () => {
  test('value in coins times spot is the BSM value in USD', () => {
    fc.assert(fc.property(arbInput, (x) => {
      near(inversePrice(x) * x.spot, bsmPrice(x), 1e-14, 1e-300)
    }), { numRuns: 500 })
  })

  test('put-call parity in coins: C - P = e^-qt - (K / S) e^-rt', () => {
    fc.assert(fc.property(arbInput, (x) => {
      const parity = inversePrice({ ...x, kind: 'call' }) - inversePrice({ ...x, kind: 'put' })
      near(parity, Math.exp(-x.div * x.tYears) - (x.strike / x.spot) * Math.exp(-x.rate * x.tYears), 0,
        1e-14 * (1 + x.strike / x.spot))
    }), { numRuns: 500 })
  })

  test('vega, theta, rho, divRho and volga are the BSM ones divided by spot', () => {
    fc.assert(fc.property(arbInput, (x) => {
      const c = inverseGreeks(x)
      const u = bsmGreeks(x)
      for (const k of ['vega', 'theta', 'rho', 'divRho', 'volga'] as const) near(c[k] * x.spot, u[k], 1e-14, 1e-300)
    }))
  })

  test('coin delta has the closed forms K e^-rt N(d2) / S^2 (call) and -K e^-rt N(-d2) / S^2 (put)', () => {
    // From c = V / S: dc/dS = (S Delta - V) / S^2, and S Delta - V = K e^-rt N(d2) for a call.
    const x = { spot: 60000, strike: 65000, tYears: 30 / 365, sigma: 0.6, rate: 0.01, div: 0 }
    const s = x.sigma * Math.sqrt(x.tYears)
    const d2 = (Math.log(x.spot / x.strike) + x.rate * x.tYears) / s - s / 2
    // N(d2) from the BSM rho: rho_call = K t e^-rt N(d2)
    const kdN = bsmGreeks({ ...x, kind: 'call' }).rho / x.tYears
    near(inverseGreeks({ ...x, kind: 'call' }).delta, kdN / x.spot ** 2, 1e-13)
    const kdNm = -bsmGreeks({ ...x, kind: 'put' }).rho / x.tYears
    near(inverseGreeks({ ...x, kind: 'put' }).delta, -kdNm / x.spot ** 2, 1e-13)
    expect(d2).toBeLessThan(0) // an out-of-the-money call: the case above is not trivial
  })

  // mpmath 1.3.0 at 60 digits: mp.diff of c(S, ...) = V_BSM / S (theta = -dc/dtau, charm = -d2c/dS dtau).
  test.each([
    {
      kind: 'call' as const, spot: 100, strike: 110, tYears: 0.5, sigma: 0.25, rate: 0.05, div: 0.02,
      want: { price: 0.038597599507749915, delta: 0.003150624459408726, gamma: 0.00014594960006999064,
        vega: 0.26120261157270647, theta: -0.0739805742812478, rho: 0.1575312229704363, divRho: -0.17683002272431125,
        vanna: 0.005406700126380718, volga: 0.20747709950896004, charm: -0.0018210300763992387,
        speed: -2.142748793576797e-6 },
    },
    {
      kind: 'put' as const, spot: 100, strike: 90, tYears: 1.5, sigma: 0.6, rate: 0.03, div: 0,
      want: { price: 0.20218885152297705, delta: -0.004858368970872155, gamma: 0.0001432626736658249,
        vega: 0.4148576482354362, theta: -0.06839642273447077, rho: -0.7287553456308232, divRho: 0.42547206834635765,
        vanna: -0.003229440276608168, volga: -0.06439476156787466, charm: 0.00036185110345032356,
        speed: -5.117659849859472e-6 },
    },
    {
      kind: 'call' as const, spot: 3000, strike: 3600, tYears: 30 / 365, sigma: 0.8, rate: 0, div: 0,
      want: { price: 0.030353898782596558, delta: 7.260506443318437e-5, gamma: 1.0494419994387494e-7,
        vega: 0.09074815470206996, theta: -0.44164101955007384, rho: 0.017902618627360527,
        divRho: -0.02039745962319038, vanna: 8.971994065960137e-5, volga: 0.07019113724960836,
        charm: -0.00043663704454339336, speed: -4.44997377719599e-12 },
    },
  ])('all 11 Greeks of $kind S=$spot K=$strike against mpmath', ({ want, ...x }) => {
    const g = inverseGreeks(x)
    for (const k of GREEK_KEYS) near(g[k], want[k], 1e-12)
  })

  test('every Greek equals a central difference of the coin value (or of coin delta, gamma, vega)', () => {
    fc.assert(fc.property(arbInput, ({ spot, ...x }) => {
      expectGreeksMatchDifferences({ model: 'inverse', underlying: spot, ...x }, 1)
    }), { numRuns: 200 })
  })

  test('t = 0: intrinsic in coins, (S - K) / S for a call', () => {
    const g = inverseGreeks({ kind: 'call', spot: 50000, strike: 40000, tYears: 0, sigma: 0.5, rate: 0, div: 0 })
    near(g.price, 0.2, 1e-15)
    near(g.delta, 40000 / 50000 ** 2, 1e-15) // d/dS (1 - K/S) = K / S^2
    expect(inverseGreeks({ kind: 'put', spot: 50000, strike: 40000, tYears: 0, sigma: 0.5, rate: 0 }).price).toBe(0)
  })

  test('inverseInto and inverseGreeks agree exactly', () => {
    const out = new Float64Array(GREEK_COUNT)
    fc.assert(fc.property(arbInput, (x) => {
      inverseInto(out, x.kind === 'call', x.spot, x.strike, x.tYears, x.sigma, x.rate, x.div)
      const g = inverseGreeks(x)
      for (const k of GREEK_KEYS) expect(out[GREEK_SLOT[k]]).toBe(g[k])
    }))
  })
})
