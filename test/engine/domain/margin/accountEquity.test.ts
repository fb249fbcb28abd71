import { describe, expect, test } from 'vitest'
import { accountEquity, collateralValue, positionPnl } from '../../../../engine/domain/margin/accountEquity.ts'
import { MarginInvariantError } from '../../../../engine/errors/margin.ts'
import { market, pos } from './marketFixture.ts'

describe('account equity', () => {
  test('collateral is valued in the margin coin after its haircut', () => {
    const m = market({ indexUsd: 65_000, spotUsd: { USDC: 1, ETH: 3_250 } })
    expect(collateralValue({ asset: 'USDC', amount: 65_000, haircut: 0.02 }, 'BTC', m)).toBeCloseTo(0.98, 12)
    expect(collateralValue({ asset: 'ETH', amount: 10, haircut: 0.1 }, 'BTC', m)).toBeCloseTo(10 * 3_250 / 65_000 * 0.9, 12)
    expect(collateralValue({ asset: 'BTC', amount: 1.5, haircut: 0 }, 'BTC', m)).toBe(1.5)
    expect(() => collateralValue({ asset: 'SOL', amount: 1, haircut: 0 }, 'BTC', m)).toThrow(MarginInvariantError)
  })

  test('inverse perpetual P&L in coin is size * (1 - entry / mark)', () => {
    // Deribit's inverse contracts: long 1 BTC at 50000 (a 50000 USD notional) is worth 0.2 BTC more at 62500
    expect(positionPnl(pos('BTC-PERPETUAL', 1, 50_000), market({ indexUsd: 62_500 }))).toBeCloseTo(0.2, 12)
    expect(positionPnl(pos('BTC-PERPETUAL', -1, 50_000), market({ futureMarksUsd: { 'BTC-PERPETUAL': 62_500 } }))).toBeCloseTo(-0.2, 12)
  })

  test('option P&L is size * (mark - entry) in coin; a missing mark is an error, not a zero', () => {
    const m = market({ optionMarks: { 'BTC-28JUN24-60000-C': 0.03 } })
    expect(positionPnl(pos('BTC-28JUN24-60000-C', -2, 0.05), m)).toBeCloseTo(0.04, 12)
    expect(() => positionPnl(pos('BTC-28JUN24-70000-C', -2, 0.05), m)).toThrow(MarginInvariantError)
    const account = { id: 'a', currency: 'BTC', collateral: [{ asset: 'BTC', amount: 1, haircut: 0 }, { asset: 'USDC', amount: 5_000, haircut: 0 }],
      positions: [pos('BTC-28JUN24-60000-C', -2, 0.05)] }
    expect(accountEquity(account, m)).toBeCloseTo(1 + 0.1 + 0.04, 12)
  })
})
