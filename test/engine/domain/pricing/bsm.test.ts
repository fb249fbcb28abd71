import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { bsmGreeks, bsmInto, bsmPrice } from '../../../../engine/domain/pricing/bsm.ts'
import { GREEK_COUNT, GREEK_KEYS, GREEK_SLOT, type OptionKind } from '../../../../engine/domain/pricing/types.ts'
import { PricingInputError } from '../../../../engine/errors/pricing.ts'
import { expectGreeksMatchDifferences } from './expectGreeksMatchDifferences.ts'

type Row = [kind: OptionKind, strike: number, spot: number, div: number, rate: number, tYears: number, sigma: number,
  value: number]

// E. G. Haug, "The Complete Guide to Option Pricing Formulas" (values as tabulated in QuantLib's
// test-suite/europeanoption.cpp, EuropeanOptionTest::testValues, "Option pricing formulas", Haug 1998, pp. 2-8,
// 24 and 27), quoted to 4 decimals. QuantLib's times are whole Actual/360 days, so t is exact here.
// The two rows with q = r = 0.10 on 19/19 are Haug's Black-76 example (also in black76.test.ts).
const HAUG_VALUES: Row[] = [
  ['call', 65, 60, 0, 0.08, 0.25, 0.3, 2.1334],
  ['put', 95, 100, 0.05, 0.1, 0.5, 0.2, 2.4648],
  ['put', 19, 19, 0.1, 0.1, 0.75, 0.28, 1.7011],
  ['call', 19, 19, 0.1, 0.1, 0.75, 0.28, 1.7011],
  ['call', 1.6, 1.56, 0.08, 0.06, 0.5, 0.12, 0.0291],
  ['put', 70, 75, 0.05, 0.1, 0.5, 0.35, 4.087],
  ['call', 100, 90, 0.1, 0.1, 0.1, 0.15, 0.0205],
  ['call', 100, 100, 0.1, 0.1, 0.1, 0.15, 1.8734],
  ['call', 100, 110, 0.1, 0.1, 0.1, 0.15, 9.9413],
  ['call', 100, 90, 0.1, 0.1, 0.1, 0.25, 0.315],
  ['call', 100, 100, 0.1, 0.1, 0.1, 0.25, 3.1217],
  ['call', 100, 110, 0.1, 0.1, 0.1, 0.25, 10.3556],
  ['call', 100, 90, 0.1, 0.1, 0.1, 0.35, 0.9474],
  ['call', 100, 100, 0.1, 0.1, 0.1, 0.35, 4.3693],
  ['call', 100, 110, 0.1, 0.1, 0.1, 0.35, 11.1381],
  ['call', 100, 90, 0.1, 0.1, 0.5, 0.15, 0.8069],
  ['call', 100, 100, 0.1, 0.1, 0.5, 0.15, 4.0232],
  ['call', 100, 110, 0.1, 0.1, 0.5, 0.15, 10.5769],
  ['call', 100, 90, 0.1, 0.1, 0.5, 0.25, 2.7026],
  ['call', 100, 100, 0.1, 0.1, 0.5, 0.25, 6.6997],
  ['call', 100, 110, 0.1, 0.1, 0.5, 0.25, 12.7857],
  ['call', 100, 90, 0.1, 0.1, 0.5, 0.35, 4.9329],
  ['call', 100, 100, 0.1, 0.1, 0.5, 0.35, 9.3679],
  ['call', 100, 110, 0.1, 0.1, 0.5, 0.35, 15.3086],
  ['put', 100, 90, 0.1, 0.1, 0.1, 0.15, 9.921],
  ['put', 100, 100, 0.1, 0.1, 0.1, 0.15, 1.8734],
  ['put', 100, 110, 0.1, 0.1, 0.1, 0.15, 0.0408],
  ['put', 100, 90, 0.1, 0.1, 0.1, 0.25, 10.2155],
  ['put', 100, 100, 0.1, 0.1, 0.1, 0.25, 3.1217],
  ['put', 100, 110, 0.1, 0.1, 0.1, 0.25, 0.4551],
  ['put', 100, 90, 0.1, 0.1, 0.1, 0.35, 10.8479],
  ['put', 100, 100, 0.1, 0.1, 0.1, 0.35, 4.3693],
  ['put', 100, 110, 0.1, 0.1, 0.1, 0.35, 1.2376],
  ['put', 100, 90, 0.1, 0.1, 0.5, 0.15, 10.3192],
  ['put', 100, 100, 0.1, 0.1, 0.5, 0.15, 4.0232],
  ['put', 100, 110, 0.1, 0.1, 0.5, 0.15, 1.0646],
  ['put', 100, 90, 0.1, 0.1, 0.5, 0.25, 12.2149],
  ['put', 100, 100, 0.1, 0.1, 0.5, 0.25, 6.6997],
  ['put', 100, 110, 0.1, 0.1, 0.5, 0.25, 3.2734],
  ['put', 100, 90, 0.1, 0.1, 0.5, 0.35, 14.4452],
  ['put', 100, 100, 0.1, 0.1, 0.5, 0.35, 9.3679],
  ['put', 100, 110, 0.1, 0.1, 0.5, 0.35, 5.7963],
  ['call', 40, 42, 0.08, 0.04, 0.75, 0.35, 5.0975],
]

// Haug 1998 pp. 11-16 as tabulated in QuantLib's EuropeanOptionTest::testGreekValues (tolerance 1e-4 there too).
// QuantLib's theta is per year with calendar time passing, as ours; thetaPerDay is theta / 365.
type GreekRow = [name: string, kind: OptionKind, strike: number, spot: number, div: number, rate: number,
  tYears: number, sigma: number, pick: (g: ReturnType<typeof bsmGreeks>, spot: number) => number, value: number]
const HAUG_GREEKS: GreekRow[] = [
  ['delta', 'call', 100, 105, 0.1, 0.1, 0.5, 0.36, (g) => g.delta, 0.5946],
  ['delta', 'put', 100, 105, 0.1, 0.1, 0.5, 0.36, (g) => g.delta, -0.3566],
  ['elasticity', 'put', 100, 105, 0.1, 0.1, 0.5, 0.36, (g, s) => (g.delta * s) / g.price, -4.8775],
  ['gamma', 'call', 60, 55, 0, 0.1, 0.75, 0.3, (g) => g.gamma, 0.0278],
  ['gamma', 'put', 60, 55, 0, 0.1, 0.75, 0.3, (g) => g.gamma, 0.0278],
  ['vega', 'call', 60, 55, 0, 0.1, 0.75, 0.3, (g) => g.vega, 18.9358],
  ['vega', 'put', 60, 55, 0, 0.1, 0.75, 0.3, (g) => g.vega, 18.9358],
  ['theta', 'put', 405, 430, 0.05, 0.07, 1 / 12, 0.2, (g) => g.theta, -31.1924],
  ['thetaPerDay', 'put', 405, 430, 0.05, 0.07, 1 / 12, 0.2, (g) => g.theta / 365, -0.0855],
  ['rho', 'call', 75, 72, 0, 0.09, 1, 0.19, (g) => g.rho, 38.7325],
  ['dividendRho', 'put', 490, 500, 0.05, 0.08, 0.25, 0.15, (g) => g.divRho, 42.2254],
]

/** |got - want| <= rel * |want| + abs */
function near(got: number, want: number, rel: number, abs = 0): void {
  const tol = rel * Math.abs(want) + abs
  if (!(Math.abs(got - want) <= tol)) throw new Error(`got ${got}, want ${want} (tolerance ${tol})`)
}

describe('bsm against Haug (QuantLib europeanoption.cpp tables)', () => {
  test.each(HAUG_VALUES)('%s K=%d S=%d q=%d r=%d t=%d vol=%d -> %d', (kind, strike, spot, div, rate, tYears, sigma, value) => {
    near(bsmPrice({ kind, spot, strike, tYears, sigma, rate, div }), value, 0, 1e-4)
  })

  test.each(HAUG_GREEKS)('%s of %s K=%d S=%d', (_name, kind, strike, spot, div, rate, tYears, sigma, pick, value) => {
    near(pick(bsmGreeks({ kind, spot, strike, tYears, sigma, rate, div }), spot), value, 0, 1e-4)
  })
})

// Reference Greeks: mpmath 1.3.0 at 60 digits, mp.diff (exact-arithmetic numerical differentiation) of the
// closed-form BSM value; theta = -dV/dtau, charm = -d2V/dS dtau. Independent of our formulas.
const MPMATH: { kind: OptionKind; spot: number; strike: number; tYears: number; sigma: number; rate: number;
  div: number; want: Record<string, number> }[] = [
  {
    kind: 'call', spot: 100, strike: 110, tYears: 0.5, sigma: 0.25, rate: 0.05, div: 0.02,
    want: { price: 3.859759950774991, delta: 0.3536600454486225, gamma: 0.020896208925816517,
      vega: 26.120261157270647, theta: -7.39805742812478, rho: 15.75312229704363, divRho: -17.683002272431125,
      vanna: 0.8018726242107782, volga: 20.747709950896002, charm: -0.25608358192117164,
      speed: 0.00022357392085229225 },
  },
  {
    kind: 'put', spot: 100, strike: 90, tYears: 1.5, sigma: 0.6, rate: 0.03, div: 0,
    want: { price: 20.218885152297705, delta: -0.28364804556423845, gamma: 0.00460952942483818,
      vega: 41.48576482354362, theta: -6.839642273447077, rho: -72.87553456308233, divRho: 42.547206834635766,
      vanna: 0.09191362057461938, volga: -6.439476156787466, charm: -0.03221131238943842,
      speed: -8.197796398847256e-5 },
  },
  {
    kind: 'call', spot: 3000, strike: 3600, tYears: 30 / 365, sigma: 0.8, rate: 0, div: 0,
    want: { price: 91.06169634778966, delta: 0.24816909208214966, gamma: 0.00046004272869799357,
      vega: 272.2444641062099, theta: -1324.9230586502215, rho: 53.70785588208159, divRho: -61.192378869571144,
      vanna: 0.35990797668087404, volga: 210.5734117488251, charm: -1.751552153180254,
      speed: 3.0148267850003684e-7 },
  },
]

describe('bsm Greeks against mpmath', () => {
  test.each(MPMATH)('$kind S=$spot K=$strike t=$tYears vol=$sigma: all 11 to 1e-13', ({ want, ...input }) => {
    const g = bsmGreeks(input)
    for (const k of GREEK_KEYS) near(g[k], want[k] as number, 1e-13)
  })

  // mpmath, same method: deep out-of-the-money values, where 1 - N(x) or careless parity lose every digit
  test.each([
    ['call', 100, 200, 0.1, 0.2, 0.05, 0, 5.752080410270944e-28],
    ['put', 100, 40, 0.25, 0.3, 0.01, 0, 6.652549777630188e-10],
    ['call', 100, 100.5, 1 / 365, 0.05, 0, 0, 0.002857336503125647],
    ['call', 100, 50, 0.1, 0.2, 0.05, 0, 50.24937604036588],
    ['put', 100, 300, 1, 0.5, 0.02, 0.01, 195.48832556844448],
  ] as [OptionKind, number, number, number, number, number, number, number][])(
    'deep in/out of the money: %s S=%d K=%d keeps 12+ digits', (kind, spot, strike, tYears, sigma, rate, div, want) => {
      near(bsmPrice({ kind, spot, strike, tYears, sigma, rate, div }), want, 1e-12)
    })
})

describe('bsm near the money with tiny total vol', () => {
  // mpmath 1.3.0 at 60 digits, closed-form BSM value. Here N(d1) and N(d2) agree to 4-8 digits, so the plain
  // formula loses that many; these ask for 1e-14.
  test.each([
    ['call', 100, 100, 1 / 8760, 0.01, 0.03, 0.01, 0.0043775557663381665],
    ['put', 100, 100, 1 / 8760, 0.01, 0.03, 0.01, 0.004149245785311272],
    ['call', 100, 100.001, 1 / 8760, 0.01, 0, 0, 0.0037811144654269473],
    ['put', 100, 100.001, 1 / 8760, 0.01, 0, 0, 0.004781114465431722],
    ['call', 100, 99.999, 1e-6, 0.2, 0.05, 0, 0.00849137694826718],
    ['put', 100, 100, 1e-8, 0.5, 0, 0, 0.001994711401799381],
  ] as [OptionKind, number, number, number, number, number, number, number][])(
    '%s S=%d K=%d t=%d vol=%d', (kind, spot, strike, tYears, sigma, rate, div, want) => {
      near(bsmPrice({ kind, spot, strike, tYears, sigma, rate, div }), want, 1e-14)
    })
})

describe('bsm ln(S / K) near the money', () => {
  // The value is homogeneous of degree 1 in (S, K), so scaling both by 2^k (exact) scales the value exactly up to
  // rounding. 2^1000 ~ 1e301 puts the strike past 1e300, where ln(S / K) takes log1p instead of the corrected log.
  test.each([[100, 100.000001], [100, 99.9], [100, 140], [100, 60], [3000, 3000]])(
    'S=%d K=%d: scaled by 2^1000 (log1p branch) the value scales with it', (spot, strike) => {
      const base = { kind: 'call' as const, tYears: 0.25, sigma: 0.4, rate: 0.03, div: 0.01 }
      const scale = 2 ** 1000
      const small = bsmPrice({ ...base, spot, strike })
      const big = bsmPrice({ ...base, spot: spot * scale, strike: strike * scale })
      expect(Number.isFinite(big)).toBe(true)
      near(big / scale, small, 1e-14)
    })
})

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true })
/** Inputs where central differences are well conditioned: moderate moneyness and total vol. */
const arbInput = fc.record({
  kind: fc.constantFrom<OptionKind>('call', 'put'),
  spot: num(1, 1e5),
  m: num(0.6, 1.6),
  tYears: num(0.05, 3),
  sigma: num(0.08, 1.5),
  rate: num(-0.02, 0.1),
  div: num(0, 0.08),
}).map(({ m, ...x }) => ({ ...x, strike: x.spot * m }))

describe('bsm properties', () => {
  test('put-call parity: C - P = S e^-qt - K e^-rt', () => {
    fc.assert(fc.property(arbInput, (x) => {
      const c = bsmPrice({ ...x, kind: 'call' })
      const p = bsmPrice({ ...x, kind: 'put' })
      const fwd = x.spot * Math.exp(-x.div * x.tYears) - x.strike * Math.exp(-x.rate * x.tYears)
      near(c - p, fwd, 0, 1e-13 * (x.spot + x.strike))
      // delta parity too: delta_C - delta_P = e^-qt
      near(bsmGreeks({ ...x, kind: 'call' }).delta - bsmGreeks({ ...x, kind: 'put' }).delta,
        Math.exp(-x.div * x.tYears), 0, 1e-15)
    }), { numRuns: 500 })
  })

  test('every Greek equals a central difference of the price (or of delta, gamma, vega)', () => {
    fc.assert(fc.property(arbInput, ({ spot, ...x }) => {
      expectGreeksMatchDifferences({ model: 'bsm', underlying: spot, ...x }, spot)
    }), { numRuns: 300 })
  })

  test('finite (never NaN or Infinity) over wide ranges, zero vol and zero time included', () => {
    const wide = fc.record({
      kind: fc.constantFrom<OptionKind>('call', 'put'),
      spot: num(1e-6, 1e9),
      logM: num(-12, 12),
      tYears: fc.oneof(fc.constant(0), num(0, 50), num(0, 1e-12)),
      sigma: fc.oneof(fc.constant(0), num(0, 10), num(0, 1e-9)),
      rate: num(-1, 1),
      div: num(-1, 1),
    })
    fc.assert(fc.property(wide, ({ logM, ...x }) => {
      const g = bsmGreeks({ ...x, strike: x.spot * Math.exp(logM) })
      for (const k of GREEK_KEYS) expect(Number.isFinite(g[k]), `${k} = ${g[k]}`).toBe(true)
      expect(g.price).toBeGreaterThanOrEqual(0)
    }), { numRuns: 3000 })
  })

  test('value is monotone in vol and bounded by the discounted forward and strike', () => {
    fc.assert(fc.property(arbInput, num(0, 0.5), (x, dv) => {
      const lo = bsmPrice(x)
      const hi = bsmPrice({ ...x, sigma: x.sigma + dv })
      // a vol step far below the value's own accuracy (dv ~ 1e-17 on a 1e-90 deep OTM value, whose relative accuracy
      // is ~1e-13, see README) may move it either way by that much; anything larger is a real monotonicity break
      expect(hi).toBeGreaterThanOrEqual(lo * (1 - 1e-11))
      const bound = x.kind === 'call' ? x.spot * Math.exp(-x.div * x.tYears) : x.strike * Math.exp(-x.rate * x.tYears)
      expect(lo).toBeLessThanOrEqual(bound * (1 + 1e-15))
    }))
  })
})

describe('bsm limits', () => {
  const base = { spot: 100, strike: 90, sigma: 0.5, rate: 0.05, div: 0.02 }

  test('t = 0 exactly: intrinsic value, step delta, no gamma, no vega', () => {
    const c = bsmGreeks({ ...base, kind: 'call', tYears: 0 })
    expect(c.price).toBe(10)
    expect(c.delta).toBe(1)
    expect(c.gamma).toBe(0)
    expect(c.vega).toBe(0)
    expect(c.speed).toBe(0)
    const p = bsmGreeks({ ...base, kind: 'put', tYears: 0 })
    expect(p.price).toBe(0)
    expect(p.delta).toBe(-0)
    expect(bsmGreeks({ ...base, kind: 'put', strike: 110, tYears: 0 }).price).toBe(10)
    expect(bsmGreeks({ ...base, kind: 'put', strike: 110, tYears: 0 }).delta).toBe(-1)
    // exactly at the strike the step is half way (the limit of N(d1) as sigma sqrt(t) -> 0)
    const atm = bsmGreeks({ ...base, kind: 'call', strike: 100, tYears: 0 })
    expect(atm.price).toBe(0)
    expect(atm.delta).toBe(0.5)
    expect(atm.gamma).toBe(0)
  })

  test('t -> 0 converges to the t = 0 values (continuity of the limit branch)', () => {
    for (const kind of ['call', 'put'] as const) {
      for (const strike of [80, 99, 101, 120]) {
        const at0 = bsmGreeks({ ...base, kind, strike, tYears: 0 })
        const near0 = bsmGreeks({ ...base, kind, strike, tYears: 1e-9 })
        near(near0.price, at0.price, 0, 1e-6)
        near(near0.delta, at0.delta, 0, 1e-10) // e^-qt moves by 2e-11 in 1e-9 years
        near(near0.gamma, 0, 0, 1e-12) // away from the strike gamma vanishes
      }
    }
  })

  test('sigma = 0 exactly: discounted forward intrinsic and the carry theta', () => {
    const t = 2
    const x = { ...base, kind: 'call' as const, tYears: t, sigma: 0 }
    const g = bsmGreeks(x)
    const se = 100 * Math.exp(-0.02 * t)
    const kd = 90 * Math.exp(-0.05 * t)
    near(g.price, se - kd, 1e-15)
    near(g.delta, Math.exp(-0.02 * t), 1e-15)
    near(g.theta, 0.02 * se - 0.05 * kd, 1e-14) // d/dt of S e^-q(T-t) - K e^-r(T-t)
    near(g.rho, t * kd, 1e-15)
    near(g.divRho, -t * se, 1e-15)
    expect(g.vega).toBe(0)
    // an out-of-the-money forward is worth nothing without vol
    expect(bsmPrice({ ...x, strike: 120 })).toBe(0)
    // sigma -> 0 converges to it
    near(bsmPrice({ ...x, sigma: 1e-7 }), g.price, 1e-12)
  })

  test('sigma = 0 with the forward exactly at the strike keeps the finite vega limit S e^-qt sqrt(t) phi(0)', () => {
    // F = K with r = q: spot = strike
    const g = bsmGreeks({ kind: 'call', spot: 100, strike: 100, tYears: 1, sigma: 0, rate: 0.03, div: 0.03 })
    near(g.vega, 100 * Math.exp(-0.03) / Math.sqrt(2 * Math.PI), 1e-15)
    near(bsmGreeks({ kind: 'call', spot: 100, strike: 100, tYears: 1, sigma: 1e-9, rate: 0.03, div: 0.03 }).vega,
      g.vega, 1e-8)
  })

  test('deep in the money: value is the forward intrinsic plus a tiny time value, delta saturates', () => {
    const g = bsmGreeks({ kind: 'call', spot: 1000, strike: 10, tYears: 0.5, sigma: 0.3, rate: 0.05, div: 0 })
    near(g.price, 1000 - 10 * Math.exp(-0.025), 1e-15)
    expect(g.delta).toBe(1)
    expect(g.gamma).toBeLessThan(1e-100)
    const p = bsmGreeks({ kind: 'put', spot: 1000, strike: 10, tYears: 0.5, sigma: 0.3, rate: 0.05, div: 0 })
    expect(p.price).toBeGreaterThanOrEqual(0)
    expect(p.price).toBeLessThan(1e-100)
  })
})

describe('bsm hot-path twin and errors', () => {
  test('bsmInto and bsmGreeks agree exactly', () => {
    const out = new Float64Array(GREEK_COUNT)
    fc.assert(fc.property(arbInput, (x) => {
      bsmInto(out, x.kind === 'call', x.spot, x.strike, x.tYears, x.sigma, x.rate, x.div)
      const g = bsmGreeks(x)
      for (const k of GREEK_KEYS) expect(out[GREEK_SLOT[k]]).toBe(g[k])
    }))
  })

  test.each([
    ['spot', { spot: -1 }, 'underlying'],
    ['spot', { spot: Number.NaN }, 'underlying'],
    ['strike', { strike: 0 }, 'strike'],
    ['tYears', { tYears: -0.01 }, 'tYears'],
    ['sigma', { sigma: -0.2 }, 'sigma'],
    ['sigma', { sigma: Number.NaN }, 'sigma'],
    ['sigma', { sigma: Infinity }, 'sigma'],
    ['rate', { rate: Number.NaN }, 'rate'],
    ['div', { div: -Infinity }, 'div'],
  ])('bad %s %o throws PricingInputError naming %s', (_f, bad, field) => {
    const x = { kind: 'call' as const, spot: 100, strike: 100, tYears: 1, sigma: 0.2, rate: 0.01, div: 0, ...bad }
    let err: unknown
    try { bsmPrice(x) } catch (e) { err = e }
    expect(err).toBeInstanceOf(PricingInputError)
    expect((err as PricingInputError).field).toBe(field)
    expect((err as PricingInputError).message).toMatch(new RegExp(`^${field} must be`))
    expect((err as PricingInputError).exitCode).toBe(2)
  })
})
