import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { optionGreeksBatch, type BatchGreeks, type BatchInput } from '../../../../engine/domain/pricing/batch.ts'
import { optionGreeks } from '../../../../engine/domain/pricing/optionGreeks.ts'
import { GREEK_KEYS, type PricingModel } from '../../../../engine/domain/pricing/types.ts'
import { OptvaultError } from '../../../../engine/errors/base.ts'
import { PricingInputError } from '../../../../engine/errors/pricing.ts'

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true })
const row = fc.record({
  isCall: fc.boolean(),
  underlying: num(1e-3, 1e6),
  m: num(0.2, 5),
  tYears: fc.oneof(num(0, 5), fc.constant(0)),
  sigma: fc.oneof(num(0, 4), fc.constant(0)),
  rate: num(-0.1, 0.3),
  div: num(-0.1, 0.3),
})

function columns(rows: { isCall: boolean; underlying: number; m: number; tYears: number; sigma: number; rate: number;
  div: number }[]): BatchInput {
  const n = rows.length
  const b = {
    length: n, isCall: new Uint8Array(n), underlying: new Float64Array(n), strike: new Float64Array(n),
    tYears: new Float64Array(n), sigma: new Float64Array(n), rate: new Float64Array(n), div: new Float64Array(n),
  }
  rows.forEach((r, i) => {
    b.isCall[i] = r.isCall ? 1 : 0
    b.underlying[i] = r.underlying
    b.strike[i] = r.underlying * r.m
    b.tYears[i] = r.tYears
    b.sigma[i] = r.sigma
    b.rate[i] = r.rate
    b.div[i] = r.div
  })
  return b
}

const at = (a: Float64Array | Uint8Array, i: number) => a[i] as number

describe('optionGreeksBatch', () => {
  test.each(['bsm', 'black76', 'inverse'] as PricingModel[])('%s: every column equals optionGreeks row by row', (model) => {
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => {
      const input = columns(rows)
      const out: BatchGreeks = {}
      for (const k of GREEK_KEYS) out[k] = new Float64Array(input.length)
      optionGreeksBatch(model, input, out)
      for (let i = 0; i < input.length; i++) {
        const g = optionGreeks({ model, kind: at(input.isCall, i) === 1 ? 'call' : 'put',
          underlying: at(input.underlying, i), strike: at(input.strike, i), tYears: at(input.tYears, i),
          sigma: at(input.sigma, i), rate: at(input.rate, i), div: at(input.div, i) })
        for (const k of GREEK_KEYS) expect(at(out[k] as Float64Array, i)).toBe(g[k])
      }
    }), { numRuns: 50 })
  })

  test.each(['bsm', 'black76', 'inverse'] as PricingModel[])(
    '%s: with only first-order columns (the faster path) the values are the same', (model) => {
      fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => {
        const input = columns(rows)
        const keys = ['price', 'delta', 'gamma', 'vega', 'theta', 'rho'] as const
        const out: BatchGreeks = {}
        for (const k of keys) out[k] = new Float64Array(input.length)
        optionGreeksBatch(model, input, out)
        for (let i = 0; i < input.length; i++) {
          const g = optionGreeks({ model, kind: at(input.isCall, i) === 1 ? 'call' : 'put',
            underlying: at(input.underlying, i), strike: at(input.strike, i), tYears: at(input.tYears, i),
            sigma: at(input.sigma, i), rate: at(input.rate, i), div: at(input.div, i) })
          for (const k of keys) expect(at(out[k] as Float64Array, i)).toBe(g[k])
        }
      }), { numRuns: 50 })
    })

  test.each(['bsm', 'black76', 'inverse'] as PricingModel[])(
    '%s: bit-identical to optionGreeks across the inlined kernel\'s edges (|d| near 5.66, near-money, tiny vol)',
    (model) => {
      // A dense grid whose rows straddle every switch of the batch's inlined kernel: erfcx's y = |d| / sqrt2
      // around THRESH (0.47) and 4, the near-money series (s < 0.05, |x| <= s), the sigma -> 0 limit, and
      // pd1 underflow far out of the money.
      const rows: Parameters<typeof columns>[0] = []
      for (const m of [0.2, 0.5, 0.9, 0.99, 1, 1.0001, 1.01, 1.2, 2, 5]) {
        for (const tYears of [0, 1e-6, 1 / 365, 0.02, 0.25, 1, 5]) {
          for (const sigma of [0, 1e-3, 0.02, 0.05, 0.3, 1.5, 4]) {
            for (const isCall of [true, false]) {
              rows.push({ isCall, underlying: 3000, m, tYears, sigma, rate: 0.03, div: 0.01 })
            }
          }
        }
      }
      // d1 swept finely through +-5.66 (y = 4) and +-0.66 (y = THRESH)
      for (let j = 0; j <= 400; j++) {
        const m = Math.exp((j - 200) * 0.02) // log-moneyness -4..4 at total vol 0.7
        rows.push({ isCall: j % 2 === 0, underlying: 100, m, tYears: 0.49, sigma: 1, rate: 0.05, div: 0.02 })
      }
      const input = columns(rows)
      const out: BatchGreeks = {}
      for (const k of GREEK_KEYS) out[k] = new Float64Array(input.length)
      optionGreeksBatch(model, input, out)
      for (let i = 0; i < input.length; i++) {
        const g = optionGreeks({ model, kind: at(input.isCall, i) === 1 ? 'call' : 'put',
          underlying: at(input.underlying, i), strike: at(input.strike, i), tYears: at(input.tYears, i),
          sigma: at(input.sigma, i), rate: at(input.rate, i), div: at(input.div, i) })
        for (const k of GREEK_KEYS) expect(at(out[k] as Float64Array, i), `row ${i} ${k}`).toBe(g[k])
      }
    })

  test('fills only the columns present and only the first `length` rows', () => {
    const input = columns([
      { isCall: true, underlying: 100, m: 1.1, tYears: 0.5, sigma: 0.3, rate: 0.02, div: 0 },
      { isCall: false, underlying: 100, m: 0.9, tYears: 0.5, sigma: 0.3, rate: 0.02, div: 0 },
    ])
    const short = { ...input, length: 1 }
    const out = { vega: new Float64Array(2).fill(-7), speed: new Float64Array(2).fill(-7) }
    optionGreeksBatch('bsm', short, out)
    expect(out.vega[0]).toBeGreaterThan(0)
    expect(out.vega[1]).toBe(-7)
    expect(out.speed[1]).toBe(-7)
    expect(Object.keys(out)).toEqual(['vega', 'speed'])
  })

  test('a bad row throws PricingInputError naming the row and the field', () => {
    const input = columns([
      { isCall: true, underlying: 100, m: 1, tYears: 0.5, sigma: 0.3, rate: 0, div: 0 },
      { isCall: true, underlying: 100, m: 1, tYears: 0.5, sigma: 0.3, rate: 0, div: 0 },
      { isCall: true, underlying: 100, m: 1, tYears: 0.5, sigma: -0.3, rate: 0, div: 0 },
    ])
    let err: unknown
    try { optionGreeksBatch('bsm', input, { price: new Float64Array(3) }) } catch (e) { err = e }
    expect(err).toBeInstanceOf(PricingInputError)
    expect((err as PricingInputError).field).toBe('sigma')
    expect((err as Error).message).toContain('Where: optionGreeksBatch row 2')
    // black76 ignores div, so a NaN div is not an error there, but is for bsm
    input.sigma[2] = 0.3
    input.div[1] = Number.NaN
    expect(() => optionGreeksBatch('black76', input, { price: new Float64Array(3) })).not.toThrow()
    expect(() => optionGreeksBatch('bsm', input, { price: new Float64Array(3) })).toThrow(/div must be/)
  })

  test('short columns and unknown models are refused', () => {
    const input = columns([{ isCall: true, underlying: 100, m: 1, tYears: 0.5, sigma: 0.3, rate: 0, div: 0 }])
    expect(() => optionGreeksBatch('bsm', input, { delta: new Float64Array(0) })).toThrow(OptvaultError)
    expect(() => optionGreeksBatch('bsm', input, { delta: new Float64Array(0) })).toThrow(/out\.delta has 0 rows/)
    expect(() => optionGreeksBatch('bsm', { ...input, length: 2 }, {})).toThrow(/isCall has 1 rows/)
    expect(() => optionGreeksBatch('sabr' as PricingModel, input, {})).toThrow(PricingInputError)
  })
})
