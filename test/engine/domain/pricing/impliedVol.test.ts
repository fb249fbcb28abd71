import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { impliedVol, impliedVolBatch, type IvBatchInput, type IvInput } from '../../../../engine/domain/pricing/impliedVol.ts'
import { normalisedVega } from '../../../../engine/domain/pricing/letsBeRational/normalisedBlack.ts'
import type { PricingModel } from '../../../../engine/domain/pricing/types.ts'
import { optionGreeks, optionPrice } from '../../../../engine/domain/pricing/optionGreeks.ts'
import { ImpliedVolError } from '../../../../engine/errors/impliedVol.ts'
import { normalisedModelPrice } from './letsBeRational/normalisedPrice.ts'

const EPS = Number.EPSILON
const MODELS: readonly PricingModel[] = ['bsm', 'black76', 'inverse']

/** Dense grid: K/F from 0.2 to 5, t from one hour to 5 years, vol from 1% to 500%, calls and puts. */
const MONEYNESS = Array.from({ length: 25 }, (_, i) => 0.2 * Math.pow(25, i / 24))
const TENORS = [1 / 8760, 1 / 365, 7 / 365, 30 / 365, 0.25, 0.5, 1, 2, 5]
const VOLS = Array.from({ length: 25 }, (_, i) => 0.01 * Math.pow(500, i / 24))

function terms(model: PricingModel) {
  return model === 'inverse' ? { underlying: 60_000, rate: 0.03, div: 0.01 } : { underlying: 100, rate: 0.03, div: model === 'bsm' ? 0.01 : 0 }
}

const optionGreeksVega = (input: Parameters<typeof optionGreeks>[0]) => optionGreeks(input).vega

function throws(input: IvInput): ImpliedVolError {
  try {
    impliedVol(input)
  } catch (e) {
    if (e instanceof ImpliedVolError) return e
    throw e
  }
  throw new Error(`expected an ImpliedVolError for ${JSON.stringify(input)}`)
}

describe('impliedVol round trips, all models', () => {
  test.each(MODELS)('%s: recovers sigma to 1e-12 where the price determines it, else reprices to 1e-12', (model) => {
    const { underlying, rate, div } = terms(model)
    let worstVol = 0, worstPrice = 0, worstVolAt = '', solved = 0, tooFlat = 0, atBound = 0
    for (const m of MONEYNESS) for (const tYears of TENORS) for (const sigma of VOLS) for (const kind of ['call', 'put'] as const) {
      const forward = model === 'black76' ? underlying : underlying * Math.exp((rate - div) * tYears)
      const strike = forward * m
      const price = normalisedModelPrice(model, kind === 'call', underlying, strike, tYears, sigma, rate, div)
      if (!(price >= 1e-300)) continue // underflowed: no price to invert
      const input: IvInput = { model, kind, underlying, strike, tYears, price, rate, div }
      let iv: number
      try {
        iv = impliedVol(input)
      } catch (e) {
        // Only at 500%-vol-for-years does a call round to its bound, the discounted forward.
        expect(e).toBeInstanceOf(ImpliedVolError)
        expect((e as ImpliedVolError).reason).toBe('above-upper-bound')
        expect(sigma * Math.sqrt(tYears)).toBeGreaterThan(8)
        atBound++
        continue
      }
      solved++
      const again = normalisedModelPrice(model, kind === 'call', underlying, strike, tYears, iv, rate, div)
      const priceErr = Math.abs(again - price) / price
      expect(priceErr).toBeLessThanOrEqual(1e-12)
      worstPrice = Math.max(worstPrice, priceErr)
      // price / (sigma * vega): how much a relative rounding of the price moves sigma
      const x = Math.log(forward / strike), s = sigma * Math.sqrt(tYears)
      const vegaS = Math.exp(-rate * tYears) * Math.sqrt(forward * strike) * normalisedVega(x, s) * s / (model === 'inverse' ? underlying : 1)
      if ((price / vegaS) * EPS > 1e-13) { tooFlat++; continue }
      const volErr = Math.abs(iv - sigma) / sigma
      expect(volErr).toBeLessThanOrEqual(1e-12)
      if (volErr > worstVol) { worstVol = volErr; worstVolAt = `${kind} K/F=${m.toPrecision(3)} t=${tYears.toPrecision(3)} vol=${sigma.toPrecision(3)}` }
    }
    console.log(`${model}: ${solved} solved (${tooFlat} where only the price is checked), ${atBound} at the upper bound; ` +
      `worst relative vol error ${worstVol.toExponential(2)} (${worstVolAt}), worst relative price error ${worstPrice.toExponential(2)}`)
    expect(solved).toBeGreaterThan(9_000)
  })
})

// Tolerance 1e-11, not 1e-12, leaves room for the other pricer's rounding: a formula of the form N(d1) - N(d2) loses
// ~1e-12 relative at the money with minutes to expiry (black76 F = K = 100, 1 hour, 1% vol, r 3% is
// 0.00426242279007023... by mpmath; an early optionPrice gave 0.004262422790084486). The test 'at the money, one
// hour to expiry' below shows impliedVol itself inverts the exact value to 1e-14.
describe('impliedVol against the independent pricer (optionGreeks.ts optionPrice)', () => {
  test.each(MODELS)('%s: optionPrice -> impliedVol -> optionPrice closes to 1e-12, and sigma comes back where determined', (model) => {
    const { underlying, rate, div } = terms(model)
    let worstVol = 0, worstPrice = 0, n = 0
    for (const m of MONEYNESS.filter((_, i) => i % 2 === 0)) for (const tYears of TENORS) for (const sigma of VOLS.filter((_, i) => i % 2 === 0)) {
      for (const kind of ['call', 'put'] as const) {
        const base = { model, kind, underlying, strike: underlying * m, tYears, rate, div }
        const price = optionPrice({ ...base, sigma })
        // Below 1e-12 of spot both pricers' exp(-d^2/2) carry d^2 ulps of rounding; the grid above covers those tails.
        if (!(price >= 1e-12 * (model === 'inverse' ? 1 : underlying))) continue
        let iv: number
        try {
          iv = impliedVol({ ...base, price })
        } catch (e) {
          expect((e as ImpliedVolError).reason).toBe('above-upper-bound') // only where the pricer rounds to the bound
          expect(sigma * Math.sqrt(tYears)).toBeGreaterThan(8)
          continue
        }
        n++
        const priceErr = Math.abs(optionPrice({ ...base, sigma: iv }) - price) / price
        expect(priceErr).toBeLessThanOrEqual(1e-11)
        worstPrice = Math.max(worstPrice, priceErr)
        const vega = optionGreeksVega({ ...base, sigma })
        if ((price / (sigma * vega)) * EPS > 1e-14) continue // two pricers' roundings: ask for sigma only where well determined
        const volErr = Math.abs(iv - sigma) / sigma
        expect(volErr).toBeLessThanOrEqual(1e-11)
        worstVol = Math.max(worstVol, volErr)
      }
    }
    console.log(`${model} via optionPrice: ${n} cases, worst relative vol error ${worstVol.toExponential(2)}, worst relative price error ${worstPrice.toExponential(2)}`)
    expect(n).toBeGreaterThan(2_000)
  })
})

describe('impliedVol reference values', () => {
  // Published prices are rounded to 4 decimals, so the vol comes back to within rounding / vega (about 1e-5 here).
  test('Hull, Options, Futures, and Other Derivatives (8th ed.), Example 15.6: S 42, K 40, r 10%, vol 20%, 6 months: c 4.76, p 0.81', () => {
    const base = { model: 'bsm', underlying: 42, strike: 40, tYears: 0.5, rate: 0.1 } as const
    expect(impliedVol({ ...base, kind: 'call', price: 4.7594 })).toBeCloseTo(0.2, 3)
    expect(impliedVol({ ...base, kind: 'put', price: 0.8086 })).toBeCloseTo(0.2, 3)
  })

  test('Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), chapter 1 examples', () => {
    // Black-Scholes: S 60, K 65, T 0.25, r 8%, vol 30% -> call 2.1334
    expect(impliedVol({ model: 'bsm', kind: 'call', underlying: 60, strike: 65, tYears: 0.25, rate: 0.08, price: 2.1334 })).toBeCloseTo(0.3, 4)
    // Merton (1973) with a dividend yield: S 100, K 95, T 0.5, r 10%, q 5%, vol 20% -> put 2.4648
    expect(impliedVol({ model: 'bsm', kind: 'put', underlying: 100, strike: 95, tYears: 0.5, rate: 0.1, div: 0.05, price: 2.4648 })).toBeCloseTo(0.2, 4)
    // Black (1976) on a future: F 19, K 19, T 0.75, r 10%, vol 28% -> call = put = 1.7011
    for (const kind of ['call', 'put'] as const) {
      expect(impliedVol({ model: 'black76', kind, underlying: 19, strike: 19, tYears: 0.75, rate: 0.1, price: 1.7011 })).toBeCloseTo(0.28, 4)
    }
  })

  test('at the money, one hour to expiry, 1% vol: the exact price inverts to 1e-14 (no N(d1) - N(d2) cancellation)', () => {
    // mpmath 1.3.0, 50 digits: exp(-0.03 T) * 100 * (2 ncdf(0.01 sqrt(T)/2) - 1) with T = 1/8760 (as a double)
    const price = 0.0042624227900702327935
    const iv = impliedVol({ model: 'black76', kind: 'call', underlying: 100, strike: 100, tYears: 1 / 8760, rate: 0.03, price })
    expect(Math.abs(iv - 0.01) / 0.01).toBeLessThan(1e-14)
  })

  test('inverse: a coin price times spot is the bsm price', () => {
    const spot = 60_000
    const usd = { model: 'bsm', kind: 'call', underlying: spot, strike: 65_000, tYears: 7 / 365, rate: 0.05, div: 0 } as const
    const bsmIv = impliedVol({ ...usd, price: 1_000 })
    expect(impliedVol({ ...usd, model: 'inverse', price: 1_000 / spot })).toBeCloseTo(bsmIv, 13)
  })
})

describe('impliedVol bounds', () => {
  const call = { model: 'bsm', kind: 'call', underlying: 100, strike: 50, tYears: 1, rate: 0, div: 0, price: 60 } as const

  test('below intrinsic: a typed error naming the bound and both numbers', () => {
    const e = throws({ ...call, price: 10 })
    expect(e.reason).toBe('below-intrinsic')
    expect(e.shortMessage).toMatch(/price 10 is below intrinsic value 50\b/)
    expect(e.exitCode).toBe(1)
    const put = throws({ ...call, kind: 'put', strike: 150, price: 49 })
    expect(put.reason).toBe('below-intrinsic')
    expect(put.shortMessage).toContain('50')
  })

  test('at or above the upper bound: a typed error, the bound being the discounted forward (call) or strike (put)', () => {
    expect(throws({ ...call, price: 150 }).reason).toBe('above-upper-bound')
    const at = throws({ ...call, price: 100 })
    expect(at.reason).toBe('above-upper-bound')
    expect(at.shortMessage).toMatch(/upper bound 100 .*discounted forward/)
    const put = throws({ ...call, kind: 'put', strike: 80, rate: 0.05, price: 80 * Math.exp(-0.05) })
    expect(put.reason).toBe('above-upper-bound')
    expect(put.shortMessage).toContain('discounted strike')
    const coins = throws({ ...call, model: 'inverse', underlying: 60_000, strike: 50_000, price: 1.2 })
    expect(coins.shortMessage).toMatch(/upper bound 1 \(in coins\)/)
  })

  test('a price exactly at intrinsic is 0 vol, a price one cent above is a real vol', () => {
    expect(impliedVol({ ...call, price: 50 })).toBe(0)
    expect(impliedVol({ ...call, kind: 'put', strike: 150, price: 50 })).toBe(0)
    expect(impliedVol({ ...call, strike: 100, price: 0 })).toBe(0)
    expect(impliedVol({ ...call, price: 50.01 })).toBeGreaterThan(0.1)
  })

  test('invalid input is a typed error (exit 2) naming the field', () => {
    const nan = throws({ ...call, price: NaN })
    expect(nan.reason).toBe('invalid-input')
    expect(nan.exitCode).toBe(2)
    expect(nan.shortMessage).toContain('price')
    expect(throws({ ...call, strike: -5 }).shortMessage).toMatch(/strike must be a positive finite number, got -5/)
    expect(throws({ ...call, tYears: 0 }).shortMessage).toContain('tYears')
    expect(throws({ ...call, underlying: Infinity }).reason).toBe('invalid-input')
    expect(throws({ ...call, div: NaN }).shortMessage).toContain('div')
  })

  test('never returns NaN: any input gives a finite vol >= 0 or an ImpliedVolError', () => {
    const anyNum = fc.oneof(fc.double(), fc.double({ min: 0.01, max: 1e6, noNaN: true }))
    fc.assert(fc.property(fc.constantFrom(...MODELS), fc.boolean(), anyNum, anyNum, fc.oneof(fc.double(), fc.double({ min: 0.001, max: 10, noNaN: true })),
      anyNum, fc.double({ min: -0.1, max: 0.2, noNaN: true }), (model, isCall, underlying, strike, tYears, price, rate) => {
        try {
          const v = impliedVol({ model, kind: isCall ? 'call' : 'put', underlying, strike, tYears, price, rate })
          expect(Number.isFinite(v) && v >= 0).toBe(true)
        } catch (e) {
          expect(e).toBeInstanceOf(ImpliedVolError)
        }
      }))
  })
})

describe('impliedVolBatch', () => {
  test('gives bit-for-bit the same vols as impliedVol, and a status and NaN for every row it rejects', () => {
    const rows: IvInput[] = []
    for (const model of MODELS) {
      fc.sample(fc.record({
        kind: fc.constantFrom('call', 'put'), m: fc.double({ min: 0.3, max: 3, noNaN: true }),
        tYears: fc.double({ min: 0.001, max: 3, noNaN: true }), sigma: fc.double({ min: 0.05, max: 3, noNaN: true }),
      }), { numRuns: 300, seed: 7 }).forEach(({ kind, m, tYears, sigma }) => {
        const { underlying, rate, div } = terms(model)
        const strike = underlying * m
        rows.push({ model, kind, underlying, strike, tYears, rate, div,
          price: normalisedModelPrice(model, kind === 'call', underlying, strike, tYears, sigma, rate, div) })
      })
      // one of each rejection
      rows.push({ model, kind: 'call', underlying: 100, strike: 50, tYears: 1, rate: 0, div: 0, price: model === 'inverse' ? 0.1 : 10 })
      rows.push({ model, kind: 'call', underlying: 100, strike: 50, tYears: 1, rate: 0, div: 0, price: 1e9 })
      rows.push({ model, kind: 'put', underlying: 100, strike: 50, tYears: -1, rate: 0, div: 0, price: 1 })
    }
    for (const model of MODELS) {
      const mine = rows.filter((r) => r.model === model)
      const n = mine.length
      const col = (f: (r: IvInput) => number) => Float64Array.from(mine, f)
      const input: IvBatchInput = {
        length: n, isCall: Uint8Array.from(mine, (r) => (r.kind === 'call' ? 1 : 0)), underlying: col((r) => r.underlying),
        strike: col((r) => r.strike), tYears: col((r) => r.tYears), price: col((r) => r.price), rate: col((r) => r.rate), div: col((r) => r.div ?? 0),
      }
      const out = new Float64Array(n), status = new Uint8Array(n).fill(9)
      impliedVolBatch(model, input, out, status)
      const codes = { 'below-intrinsic': 1, 'above-upper-bound': 2, 'invalid-input': 3 } as const
      mine.forEach((r, i) => {
        try {
          const v = impliedVol(r)
          expect(status[i]).toBe(0)
          expect(out[i]).toBe(v)
        } catch (e) {
          expect(status[i]).toBe(codes[(e as ImpliedVolError).reason])
          expect(out[i]).toBeNaN()
        }
      })
      expect([...status.slice(n - 3)]).toEqual([1, 2, 3])
      // the status column is optional
      const out2 = new Float64Array(n)
      impliedVolBatch(model, input, out2)
      expect(out2).toEqual(out)
    }
  })
})
