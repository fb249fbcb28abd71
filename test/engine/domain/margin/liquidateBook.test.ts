import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { liquidateAccount, DEFAULT_LIQUIDATION } from '../../../../engine/domain/margin/liquidateAccount.ts'
import { liquidateBook } from '../../../../engine/domain/margin/liquidateBook.ts'
import { accountHealth } from '../../../../engine/domain/margin/accountHealth.ts'
import { accountEquity } from '../../../../engine/domain/margin/accountEquity.ts'
import { standardMarginModel } from '../../../../engine/domain/margin/standardMargin.ts'
import type { Account } from '../../../../engine/domain/margin/types.ts'
import { btcAccount, coinOf, market, pos } from './marketFixture.ts'

const model = standardMarginModel()

describe('liquidateAccount', () => {
  // Short 20 BTC of the perpetual at 50000 with 1 BTC; the index at 52200 loses 20 * (1 - 50000/52200) = 0.843 BTC,
  // leaving health 0.75. (Much deeper, a 0.5% penalty on a 25% step can cost more equity than the margin it frees.)
  const shortPerp = btcAccount('s', 1, [pos('BTC-PERPETUAL', -20, 50_000)])
  const up = market({ indexUsd: 52_200 })

  test('closes in steps until health reaches the target, no further', () => {
    expect(accountHealth(shortPerp, up, model).health).toBeLessThan(1)
    const r = liquidateAccount(shortPerp, up, model)
    const after = accountHealth(r.account, up, model)
    expect(after.health).toBeGreaterThanOrEqual(DEFAULT_LIQUIDATION.targetHealth)
    expect(r.records.length).toBeGreaterThan(1)
    // every step but the last left health below target: it did not over-liquidate
    for (const rec of r.records.slice(0, -1)) expect(rec.healthAfter).toBeLessThan(DEFAULT_LIQUIDATION.targetHealth)
    r.records.forEach((rec, i) => {
      expect(rec.step).toBe(i + 1)
      expect(rec.instrument).toBe('BTC-PERPETUAL')
      expect(rec.size).toBeLessThan(0) // closing part of a short
      expect(rec.price).toBe(52_200)
      expect(rec.healthAfter).toBeGreaterThan(rec.healthBefore)
    })
    // closing at the mark moves P&L into cash; only the penalties leave equity
    const penalties = r.records.reduce((s, x) => s + x.penaltyCoin, 0)
    expect(penalties).toBeCloseTo(r.penaltiesCoin, 15)
    expect(after.equity).toBeCloseTo(accountEquity(shortPerp, up) - penalties, 12)
    // penalty = 0.5% of the closed size in coin (size * entry / mark)
    const closedCoin = r.records.reduce((s, x) => s - x.size * 50_000 / 52_200, 0)
    expect(penalties).toBeCloseTo(0.005 * closedCoin, 12)
    expect(r.deficitCoin).toBe(0)
  })

  test('a healthy account is left alone', () => {
    const r = liquidateAccount(shortPerp, market(), model)
    expect(r.records).toEqual([])
    expect(r.account).toBe(shortPerp)
  })

  test('bankrupt: everything closed, deficit = negative equity, penalties capped at zero equity', () => {
    // at 60000 the short loses 20 * (1 - 50000/60000) = 3.3333 BTC against 1 BTC of collateral
    const r = liquidateAccount(shortPerp, market({ indexUsd: 60_000 }), model)
    expect(r.account.positions).toEqual([])
    expect(r.deficitCoin).toBeCloseTo(20 / 6 - 1, 12)
    expect(r.penaltiesCoin).toBe(0)
    expect(accountEquity(r.account, market({ indexUsd: 60_000 }))).toBeCloseTo(0, 12)
  })
})

describe('liquidateBook: insurance fund, then socialised losses', () => {
  const m = market({ indexUsd: 60_000 })
  // B and C each hold 1.6667 BTC of unrealised profit at 60000: 10 * (1 - 50/60) and 5 * (1 - 40/60)
  const b = btcAccount('b', 5, [pos('BTC-PERPETUAL', 10, 50_000)])
  const c = btcAccount('c', 5, [pos('BTC-PERPETUAL', 5, 40_000)])
  const bust = btcAccount('bust', 1, [pos('BTC-PERPETUAL', -20, 50_000)])

  test('the fund pays first, then profits pay pro rata, and the fund reconciles', () => {
    const r = liquidateBook([bust, b, c], 1, m, model)
    const deficit = 20 / 6 - 1
    expect(r.coveredByFundCoin).toBeCloseTo(1, 12)
    expect(r.insuranceFundCoin).toBeCloseTo(1 + r.penaltiesCoin - r.coveredByFundCoin, 12)
    expect(r.insuranceFundCoin).toBeCloseTo(0, 12)
    const paid = r.socialised.reduce((s, x) => s + x.amountCoin, 0)
    expect(paid).toBeCloseTo(deficit - 1, 12)
    expect(r.socialised.map((x) => x.accountId)).toEqual(['b', 'c'])
    expect(r.socialised[0]?.amountCoin).toBeCloseTo((deficit - 1) / 2, 12) // equal profits, equal shares
    expect(coinOf(r.accounts[1] as Account)).toBeCloseTo(5 - (deficit - 1) / 2, 12)
    expect(r.uncoveredCoin).toBe(0)
    const last = r.records.at(-1)
    expect(last?.accountId).toBe('bust')
    expect(last?.deficitCoveredByFundCoin).toBeCloseTo(1, 12)
    expect(last?.deficitSocialisedCoin).toBeCloseTo(deficit - 1, 12)
  })

  test('a big enough fund pays it all; nobody is socialised', () => {
    const r = liquidateBook([bust, b, c], 10, m, model)
    expect(r.socialised).toEqual([])
    expect(r.insuranceFundCoin).toBeCloseTo(10 - (20 / 6 - 1), 12)
  })

  test('socialisation never takes more than the profit; the rest is uncovered', () => {
    const small = btcAccount('small', 1, [pos('BTC-PERPETUAL', 1, 50_000)]) // profit 1/6 BTC
    const r = liquidateBook([bust, small], 0, m, model)
    expect(r.socialised[0]?.amountCoin).toBeCloseTo(1 / 6, 12)
    expect(r.uncoveredCoin).toBeCloseTo(20 / 6 - 1 - 1 / 6, 12)
  })

  test('over random books: fund, deficits and socialised sums reconcile; survivors end at the target', () => {
    fc.assert(fc.property(
      fc.array(fc.record({
        btc: fc.double({ min: 0.05, max: 5, noNaN: true }),
        size: fc.double({ min: -40, max: 40, noNaN: true }),
        entry: fc.double({ min: 30_000, max: 70_000, noNaN: true }),
      }), { minLength: 1, maxLength: 8 }),
      fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 25_000, max: 90_000, noNaN: true }),
      (rows, fund, index) => {
        const accounts = rows.map((x, i) => btcAccount(`a${i}`, x.btc, [pos('BTC-PERPETUAL', x.size, x.entry)]))
        const mk = market({ indexUsd: index })
        const r = liquidateBook(accounts, fund, mk, model)
        const penalties = r.records.reduce((s, x) => s + x.penaltyCoin, 0)
        expect(r.insuranceFundCoin).toBeCloseTo(fund + penalties - r.coveredByFundCoin, 9)
        expect(r.insuranceFundCoin).toBeGreaterThanOrEqual(-1e-12)
        const deficits = r.records.reduce((s, x) => s + x.deficitCoveredByFundCoin + x.deficitSocialisedCoin, 0) + r.uncoveredCoin
        const socialised = r.socialised.reduce((s, x) => s + x.amountCoin, 0)
        expect(deficits).toBeCloseTo(r.coveredByFundCoin + socialised + r.uncoveredCoin, 9)
        r.accounts.forEach((a, i) => {
          if (a === accounts[i]) return // untouched
          const h = accountHealth(a, mk, model)
          const liquidated = r.records.some((x) => x.accountId === a.id)
          if (liquidated) expect(h.health >= DEFAULT_LIQUIDATION.targetHealth || a.positions.length === 0).toBe(true)
          expect(h.equity).toBeGreaterThanOrEqual(-1e-9)
        })
      }), { numRuns: 200 })
  })
})
