import { describe, expect, test } from 'vitest'
import { applyFunding } from '../../../../engine/domain/margin/applyFunding.ts'
import { btcAccount, coinOf, market, pos } from './marketFixture.ts'

describe('perpetual funding', () => {
  const m = market({ futureMarksUsd: { 'BTC-PERPETUAL': 50_000 } })

  test('positive rate: longs pay shorts, rate * notional per interval', () => {
    const long = applyFunding(btcAccount('l', 1, [pos('BTC-PERPETUAL', 2, 50_000)]), m, { 'BTC-PERPETUAL': 0.0001 }, 3)
    expect(long.payments).toEqual([{ instrument: 'BTC-PERPETUAL', amountCoin: expect.closeTo(-2 * 0.0001 * 3, 15) }])
    expect(coinOf(long.account)).toBeCloseTo(1 - 0.0006, 15)
    const short = applyFunding(btcAccount('s', 1, [pos('BTC-PERPETUAL', -2, 50_000)]), m, { 'BTC-PERPETUAL': 0.0001 }, 3)
    expect(coinOf(short.account)).toBeCloseTo(1 + 0.0006, 15)
  })

  test('negative rate: shorts pay longs', () => {
    const long = applyFunding(btcAccount('l', 1, [pos('BTC-PERPETUAL', 2, 50_000)]), m, { 'BTC-PERPETUAL': -0.0002 })
    expect(coinOf(long.account)).toBeGreaterThan(1)
    const short = applyFunding(btcAccount('s', 1, [pos('BTC-PERPETUAL', -2, 50_000)]), m, { 'BTC-PERPETUAL': -0.0002 })
    expect(coinOf(short.account)).toBeLessThan(1)
  })

  test('notional is the fixed USD value in coin at the mark; futures and options pay nothing', () => {
    // 2 BTC opened at 40000 = 80000 USD = 1.6 BTC at a 50000 mark
    const r = applyFunding(btcAccount('l', 1, [pos('BTC-PERPETUAL', 2, 40_000), pos('BTC-27SEP24', 5, 50_000)]),
      m, { 'BTC-PERPETUAL': 0.001, 'BTC-27SEP24': 0.001 })
    expect(r.payments).toHaveLength(1)
    expect(r.payments[0]?.amountCoin).toBeCloseTo(-1.6 * 0.001, 15)
  })
})
