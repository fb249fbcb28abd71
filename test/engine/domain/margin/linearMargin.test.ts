import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { linearFutureMargin, linearOptionMargin, linearStandardMargin, type LinearAccount, type LinearMarket } from '../../../../engine/domain/margin/linearMargin.ts'
import { linearAccountEquity, linearAccountHealth } from '../../../../engine/domain/margin/linearAccountHealth.ts'
import { optionStandardMargin } from '../../../../engine/domain/margin/standardMargin.ts'
import { parseInstrument } from '../../../../engine/domain/margin/parseInstrument.ts'
import { MarginInvariantError } from '../../../../engine/errors/margin.ts'

// Reference: Deribit knowledge base, "Linear USDC Options": USDC options use the standard-margin shapes of the inverse
// options in USDC, S = index (same table in bit.com's "Margin Rules for USD Margined Options"):
//   short call IM = max(0.15 S - OTM, 0.1 S) + mark, MM = 0.075 S + mark
//   short put  IM = max(max(0.15 S - OTM, 0.1 S) + mark, MM), MM = max(0.075 S, 0.075 mark) + mark
// The expected numbers are worked by hand from those formulas at S = 60 000 USDC.
describe('Deribit standard margin of linear USDC options', () => {
  test.each([
    // kind, K, mark (USDC), IM, MM, why
    ['call', 66_000, 300, 6_300, 4_800, 'OTM 6000: 9000 - 6000 = 3000 < the 6000 floor'],
    ['call', 62_000, 800, 7_800, 5_300, 'OTM 2000: 9000 - 2000 = 7000 above the floor'],
    ['put', 50_000, 500, 6_500, 5_000, 'OTM 10000: floor 6000 + 500; MM 4500 + 500'],
    ['put', 70_000, 10_500, 19_500, 15_000, 'ITM: 9000 + 10500; MM max(4500, 787.5) + 10500'],
    ['put', 240_000, 180_000, 193_500, 193_500, 'deep ITM: MM = 0.075 * 180000 + 180000 = 193500 tops 189000, so IM = MM'],
  ] as const)('short %s K=%d mark=%d USDC: IM %d, MM %d (%s)', (kind, k, mark, im, mm, _why) => {
    const one = linearOptionMargin(kind, -1, k, 60_000, mark)
    expect(one.im).toBeCloseTo(im, 8)
    expect(one.mm).toBeCloseTo(mm, 8)
    const two = linearOptionMargin(kind, -2, k, 60_000, mark)
    expect(two.mm).toBeCloseTo(2 * mm, 8)
  })

  test('long options need no margin', () => {
    expect(linearOptionMargin('call', 3, 66_000, 60_000, 300)).toEqual({ im: 0, mm: 0 })
  })

  test('every figure is index times the coin figure at mark / index (the inverse rules in USDC)', () => {
    fc.assert(fc.property(fc.constantFrom('call' as const, 'put' as const), fc.double({ min: 1_000, max: 200_000, noNaN: true }),
      fc.double({ min: 0.3, max: 3, noNaN: true }), fc.double({ min: 0, max: 0.9, noNaN: true }), (kind, s, m, markFrac) => {
        const lin = linearOptionMargin(kind, -1, s * m, s, markFrac * s)
        const coin = optionStandardMargin(kind, -1, s * m, s, markFrac)
        expect(lin.im).toBeCloseTo(coin.im * s, 6)
        expect(lin.mm).toBeCloseTo(coin.mm * s, 6)
      }))
  })
})

// Reference: Deribit knowledge base, "Linear Perpetual", BTC_USDC at 100 000: IM 2% + P * 0.005%, MM 1% + P * 0.005%;
// 25 BTC -> IM 53 125 USDC, MM 28 125 USDC; 350 BTC -> IM 3.75% -> 1 312 500 USDC.
describe('Deribit standard margin of linear perpetuals', () => {
  test('Deribit worked examples', () => {
    expect(linearFutureMargin(25, 100_000).im).toBeCloseTo(53_125, 8)
    expect(linearFutureMargin(-25, 100_000).mm).toBeCloseTo(28_125, 8)
    expect(linearFutureMargin(350, 100_000).im).toBeCloseTo(1_312_500, 6)
  })
})

describe('linear account equity and health', () => {
  const market: LinearMarket = { indexUsd: 60_000, spotUsd: { BTC: 60_000 }, optionMarksUsdc: { 'BTC-28JUN24-50000-P': 500 }, futureMarksUsdc: {} }
  const put = parseInstrument('BTC-28JUN24-50000-P')
  const perp = { type: 'perpetual', name: 'BTC_USDC-PERPETUAL', underlying: 'BTC' } as const
  test('a cash-secured put vault: 100 000 USDC, short 2 puts K 50 000 at mark 500, short 0.5 BTC perp from 61 000', () => {
    const account: LinearAccount = { id: 'v', currency: 'USDC', collateral: [{ asset: 'USDC', amount: 100_000, haircut: 0 }],
      positions: [{ instrument: put, size: -2, entryUsdc: 0 }, { instrument: perp, size: -0.5, entryUsdc: 61_000 }] }
    // equity = 100000 - 2 * 500 (premium already in the cash, so entry 0) - 0.5 * (60000 - 61000) = 99 500
    // MM = 2 * 5000 + 0.5 * 60000 * (1% + 0.5 * 0.005%) = 10000 + 300.75; IM = 2 * 6500 + 0.5 * 60000 * 2.0025% = 13 600.75
    const h = linearAccountHealth(account, market)
    expect(h.equity).toBeCloseTo(99_500, 8)
    expect(h.mm).toBeCloseTo(10_300.75, 8)
    expect(h.im).toBeCloseTo(13_600.75, 8)
    expect(h.health).toBeCloseTo(99_500 / 10_300.75, 12)
    expect(linearStandardMargin(account, market).map((x) => x.instrument)).toEqual(['BTC-28JUN24-50000-P', 'BTC_USDC-PERPETUAL'])
  })
  test('other collateral counts at spot after its haircut; no margin is infinite health', () => {
    const account: LinearAccount = { id: 'v', currency: 'USDC', collateral: [{ asset: 'USDC', amount: 1_000, haircut: 0 }, { asset: 'BTC', amount: 1, haircut: 0.02 }], positions: [] }
    expect(linearAccountEquity(account, market)).toBeCloseTo(1_000 + 58_800, 8)
    expect(linearAccountHealth(account, market).health).toBe(Infinity)
  })
  test('an option without a USDC mark is a broken invariant', () => {
    const account: LinearAccount = { id: 'v', currency: 'USDC', collateral: [], positions: [{ instrument: parseInstrument('BTC-28JUN24-40000-P'), size: -1, entryUsdc: 0 }] }
    expect(() => linearAccountHealth(account, market)).toThrow(MarginInvariantError)
  })
})
