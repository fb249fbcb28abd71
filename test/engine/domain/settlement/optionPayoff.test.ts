import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { inversePayoff, isExercised, linearPayoff } from '../../../../engine/domain/settlement/optionPayoff.ts'
import { SettlementInputError } from '../../../../engine/errors/settlement.ts'

// Reference: Deribit BTC/ETH options are European, cash-settled in the coin: the USD intrinsic value at the
// delivery price S divided by S, i.e. max(S - K, 0) / S per call and max(K - S, 0) / S per put on 1 coin (Deribit
// contract specifications); USDC-settled (linear) options pay the intrinsic value max(S - K, 0) in USDC.
describe('option payoffs', () => {
  test('linear and inverse values: ITM, OTM, ATM, deep ITM', () => {
    expect(linearPayoff('call', 3000, 3300)).toBe(300)
    expect(linearPayoff('put', 3000, 3300)).toBe(0)
    expect(linearPayoff('put', 60_000, 50_000)).toBe(10_000)
    expect(inversePayoff('put', 60_000, 50_000)).toBeCloseTo(0.2, 15) // 10_000 / 50_000
    expect(inversePayoff('call', 60_000, 66_000)).toBeCloseTo(6_000 / 66_000, 15) // 0.0909 BTC
    // at the money: nothing either way
    for (const kind of ['call', 'put'] as const) {
      expect(linearPayoff(kind, 3000, 3000)).toBe(0)
      expect(inversePayoff(kind, 3000, 3000)).toBe(0)
    }
    // deep ITM call: the inverse payoff tends to 1 coin, never above it: (100_000 - 10_000) / 100_000 = 0.9
    expect(inversePayoff('call', 10_000, 100_000)).toBeCloseTo(0.9, 15)
    expect(inversePayoff('call', 1, 1e9)).toBeLessThan(1)
    // deep ITM put: unbounded in coins as S falls: (100_000 - 1_000) / 1_000 = 99
    expect(inversePayoff('put', 100_000, 1_000)).toBeCloseTo(99, 12)
  })

  // Deribit's own worked examples (www.deribit.com/pages/docs/options, "2. Example (Options)"), 1 BTC contracts:
  // 1. long call K 10,000 bought for 0.05 BTC, delivery price 12,500: settles at 2,500 / 12,500 = 0.2 BTC, profit 0.15 BTC;
  //    the seller is debited 0.2 BTC.
  // 2. long put K 10,000 bought for 0.05 BTC, delivery price 5,000: settles at 5,000 / 5,000 = 1 BTC, profit 0.95 BTC.
  // 3. short put K 10,000 sold for 0.05 BTC, delivery 10,001: expires worthless, the seller keeps 0.05 BTC.
  // 4. short call K 10,000 sold for 0.05 BTC, delivery 9,999: expires worthless, the seller keeps 0.05 BTC.
  test("Deribit's documented examples, to the satoshi", () => {
    expect(inversePayoff('call', 10_000, 12_500)).toBe(0.2)
    expect(inversePayoff('call', 10_000, 12_500) - 0.05).toBeCloseTo(0.15, 15)
    expect(inversePayoff('put', 10_000, 5_000)).toBe(1)
    expect(inversePayoff('put', 10_000, 5_000) - 0.05).toBeCloseTo(0.95, 15)
    expect([inversePayoff('put', 10_000, 10_001), isExercised('put', 10_000, 10_001)]).toEqual([0, false])
    expect([inversePayoff('call', 10_000, 9_999), isExercised('call', 10_000, 9_999)]).toEqual([0, false])
    // the same examples in USD (the linear payoff is the intrinsic value): 2,500 and 5,000
    expect([linearPayoff('call', 10_000, 12_500), linearPayoff('put', 10_000, 5_000)]).toEqual([2_500, 5_000])
  })

  test('exercise only strictly in the money; at the money is not exercised', () => {
    expect([isExercised('call', 100, 101), isExercised('call', 100, 100), isExercised('call', 100, 99)]).toEqual([true, false, false])
    expect([isExercised('put', 100, 99), isExercised('put', 100, 100), isExercised('put', 100, 101)]).toEqual([true, false, false])
  })

  test('identity: inverse * S == linear for any strike and settlement price', () => {
    const px = fc.double({ min: 1e-3, max: 1e7, noNaN: true })
    fc.assert(fc.property(fc.constantFrom('call' as const, 'put' as const), px, px, (kind, k, s) => {
      const lin = linearPayoff(kind, k, s)
      expect(Math.abs(inversePayoff(kind, k, s) * s - lin)).toBeLessThanOrEqual(1e-12 * Math.max(lin, 1))
      expect(lin > 0).toBe(isExercised(kind, k, s))
    }))
  })

  test('bad prices are named', () => {
    expect(() => linearPayoff('call', 0, 100)).toThrow(SettlementInputError)
    expect(() => inversePayoff('call', 100, 0)).toThrow('settlementPrice must be a positive finite price, got 0')
  })
})
