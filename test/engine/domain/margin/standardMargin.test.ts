import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { futureStandardMargin, optionStandardMargin, standardHealth, standardMarginModel } from '../../../../engine/domain/margin/standardMargin.ts'
import { accountHealth } from '../../../../engine/domain/margin/accountHealth.ts'
import { btcAccount, market, pos } from './marketFixture.ts'

// Reference formulas: Deribit knowledge base, "Inverse Options", standard margin (BTC per contract, S = index):
//   short call IM = max(0.15 - OTM/S, 0.1) + mark, MM = 0.075 + mark
//   short put  IM = max(max(0.15 - OTM/S, 0.1) + mark, MM), MM = max(0.075, 0.075 * mark) + mark
// The expected numbers below are worked by hand from those formulas.
describe('Deribit standard option margin', () => {
  test.each([
    // kind, K, S, mark, IM, MM, why
    ['call', 60000, 50000, 0.01, 0.11, 0.085, 'OTM/S = 0.2: IM floor 0.1 applies'],
    ['call', 55000, 50000, 0.02, 0.12, 0.095, 'OTM/S = 0.1: 0.15 - 0.1 = 0.05 < 0.1 floor'],
    ['call', 52500, 50000, 0.03, 0.13, 0.105, 'OTM/S = 0.05: 0.15 - 0.05 = 0.1 exactly'],
    ['call', 45000, 50000, 0.12, 0.27, 0.195, 'ITM: OTM = 0, so 0.15 + mark'],
    ['put', 40000, 50000, 0.005, 0.105, 0.08, 'OTM/S = 0.2: IM = 0.1 + mark above MM'],
    ['put', 60000, 50000, 0.25, 0.4, 0.325, 'ITM put: IM 0.15 + 0.25, MM 0.075 + 0.25'],
    ['put', 200000, 50000, 3, 3.225, 3.225, 'deep ITM put, mark 3 BTC: MM = 0.075 * 3 + 3 exceeds 0.15 + 3, so IM = MM'],
  ] as const)('short %s K=%d S=%d mark=%d: IM %d, MM %d (%s)', (kind, k, s, mark, im, mm, _why) => {
    const one = optionStandardMargin(kind, -1, k, s, mark)
    expect(one.im).toBeCloseTo(im, 12)
    expect(one.mm).toBeCloseTo(mm, 12)
    const three = optionStandardMargin(kind, -3, k, s, mark)
    expect(three.im).toBeCloseTo(3 * im, 12)
    expect(three.mm).toBeCloseTo(3 * mm, 12)
  })

  test('long options need no margin: the premium is paid', () => {
    expect(optionStandardMargin('call', 5, 60000, 50000, 0.01)).toEqual({ im: 0, mm: 0 })
    expect(optionStandardMargin('put', 2, 40000, 50000, 0.01)).toEqual({ im: 0, mm: 0 })
  })
})

// Reference: Deribit knowledge base, "Linear Perpetual", standard margin table for BTC (the same rates as Deribit's
// BTC inverse futures): IM = 2% + P * 0.005%, MM = 1% + P * 0.005%; P = 25 BTC -> IM 2.125% = 0.53125 BTC,
// MM 1.125% = 0.28125 BTC; P = 350 BTC -> IM 3.75% = 13.125 BTC.
describe('Deribit standard futures margin', () => {
  test('Deribit worked examples', () => {
    expect(futureStandardMargin(25).im).toBeCloseTo(0.53125, 12)
    expect(futureStandardMargin(25).mm).toBeCloseTo(0.28125, 12)
    expect(futureStandardMargin(350).im).toBeCloseTo(13.125, 12)
    expect(futureStandardMargin(-25)).toEqual(futureStandardMargin(25))
    expect(futureStandardMargin(0)).toEqual({ im: 0, mm: 0 })
  })

  test('an inverse perpetual is margined on its USD notional in coin at the mark', () => {
    // 25 BTC opened at 40000 is a 1,000,000 USD notional; at a 50000 mark that is 20 BTC: IM = 20 * (2% + 20 * 0.005%)
    const a = btcAccount('a', 10, [pos('BTC-PERPETUAL', 25, 40_000)])
    const m = standardMarginModel()
    expect(m.initial(a, market())).toBeCloseTo(20 * 0.021, 12)
    expect(m.maintenance(a, market())).toBeCloseTo(20 * 0.011, 12)
  })
})

describe('standard model over an account', () => {
  test('sums positions, health = equity / MM, and Infinity with nothing to margin', () => {
    const m = market({ optionMarks: { 'BTC-28JUN24-60000-C': 0.01, 'BTC-28JUN24-40000-P': 0.005 } })
    const a = btcAccount('a', 1, [pos('BTC-28JUN24-60000-C', -2, 0.012), pos('BTC-28JUN24-40000-P', -1, 0.004)])
    const model = standardMarginModel()
    const h = accountHealth(a, m, model)
    const equity = 1 + -2 * (0.01 - 0.012) + -1 * (0.005 - 0.004)
    expect(h.equity).toBeCloseTo(equity, 12)
    expect(h.mm).toBeCloseTo(2 * 0.085 + 0.08, 12)
    expect(h.im).toBeCloseTo(2 * 0.11 + 0.105, 12)
    expect(h.health).toBeCloseTo(equity / (2 * 0.085 + 0.08), 12)
    expect(model.perPosition(a, m).map((x) => x.instrument)).toEqual(['BTC-28JUN24-60000-C', 'BTC-28JUN24-40000-P'])
    expect(accountHealth(btcAccount('b', 1), m, model).health).toBe(Infinity)
  })

  test('standardHealth is accountHealth(..., standardMarginModel()).health to the bit, and throws as it does', () => {
    const names = ['BTC-28JUN24-60000-C', 'BTC-28JUN24-40000-P', 'BTC-28JUN24-50000-C', 'BTC-PERPETUAL', 'BTC-28JUN24']
    const position = fc.record({
      k: fc.integer({ min: 0, max: names.length - 1 }), size: fc.double({ min: -20, max: 20, noNaN: true }),
      entry: fc.double({ min: 0, max: 90_000, noNaN: true }),
    })
    fc.assert(fc.property(
      fc.array(position, { maxLength: 6 }), fc.double({ min: -5, max: 50, noNaN: true }), fc.double({ min: 0, max: 200_000, noNaN: true }),
      fc.double({ min: 20_000, max: 90_000, noNaN: true }), fc.array(fc.double({ min: 0, max: 0.5, noNaN: true }), { minLength: 3, maxLength: 3 }),
      fc.option(fc.double({ min: 20_000, max: 90_000, noNaN: true }), { nil: undefined }),
      (ps, btc, usdc, indexUsd, marks, futureMark) => {
        const a = { ...btcAccount('a', btc, ps.map((x) => pos(names[x.k]!, x.size, names[x.k]!.endsWith('-C') || names[x.k]!.endsWith('-P') ? x.entry / 1e5 : x.entry))),
          collateral: [{ asset: 'BTC', amount: btc, haircut: 0 }, { asset: 'USDC', amount: usdc, haircut: 0.02 }] }
        const m = market({
          indexUsd, optionMarks: Object.fromEntries(names.slice(0, 3).map((n, i) => [n, marks[i]!])),
          ...(futureMark === undefined ? {} : { futureMarksUsd: { 'BTC-28JUN24': futureMark } }),
        })
        expect(standardHealth(a, m)).toBe(accountHealth(a, m, standardMarginModel()).health)
      }), { numRuns: 3000 })
    const noMark = btcAccount('a', 1, [pos('BTC-28JUN24-60000-C', 1, 0.01)])
    expect(() => accountHealth(noMark, market(), standardMarginModel())).toThrow(/no valid mark for BTC-28JUN24-60000-C/)
    expect(() => standardHealth(noMark, market())).toThrow(/no valid mark for BTC-28JUN24-60000-C/)
  })

  test('IM >= MM for any option or futures position', () => {
    fc.assert(fc.property(
      fc.constantFrom('call' as const, 'put' as const), fc.double({ min: -50, max: 50, noNaN: true }),
      fc.double({ min: 1000, max: 200_000, noNaN: true }), fc.double({ min: 1000, max: 200_000, noNaN: true }),
      fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 5000, noNaN: true }),
      (kind, size, k, s, mark, futSize) => {
        const o = optionStandardMargin(kind, size, k, s, mark)
        expect(o.im).toBeGreaterThanOrEqual(o.mm)
        expect(o.mm).toBeGreaterThanOrEqual(0)
        const f = futureStandardMargin(futSize)
        expect(f.im).toBeGreaterThanOrEqual(f.mm)
      }))
  })
})
