import { describe, expect, test } from 'vitest'
import { marginPools, poolGroup, poolHealth, transferBetweenSubs, type ParentAccount } from '../../../../engine/domain/margin/subAccounts.ts'
import { liquidateBook } from '../../../../engine/domain/margin/liquidateBook.ts'
import { DEFAULT_LIQUIDATION } from '../../../../engine/domain/margin/liquidateAccount.ts'
import { accountHealth } from '../../../../engine/domain/margin/accountHealth.ts'
import { standardMarginModel } from '../../../../engine/domain/margin/standardMargin.ts'
import { TransferRejectedError } from '../../../../engine/errors/margin.ts'
import { btcAccount, coinOf, market, pos } from './marketFixture.ts'

const model = standardMarginModel()
const parent: ParentAccount = {
  account: btcAccount('parent', 5, [pos('BTC-PERPETUAL', 10, 50_000)]),
  subs: [
    { mode: 'cross', account: btcAccount('cross-1', 0.2, [pos('BTC-PERPETUAL', -30, 50_000)]) },
    { mode: 'isolated', account: btcAccount('iso-1', 0.5, [pos('BTC-PERPETUAL', -20, 50_000)]) },
  ],
}

describe('sub-accounts', () => {
  test('cross subs pool with the parent; isolated subs stand alone', () => {
    const pools = marginPools(parent)
    expect(pools.map((p) => [p.id, p.mode, p.members])).toEqual([['parent', 'cross', ['parent', 'cross-1']], ['iso-1', 'isolated', ['iso-1']]])
    expect(pools[0]?.account.positions).toHaveLength(2)
    // cross-1 alone would be at health 0.2 / (30 * 0.0115) < 1; pooled with the parent's 5 BTC it is healthy
    expect(accountHealth(parent.subs[0]!.account, market(), model).health).toBeLessThan(1)
    expect(poolHealth(parent, market(), model)[0]!.health).toBeGreaterThan(1)
  })

  test('an isolated bankruptcy never touches the parent, even with an empty fund and a profitable parent', () => {
    const m = market({ indexUsd: 60_000 }) // iso-1 loses 20 * (1 - 50/60) = 3.33 BTC against 0.5
    const outsider = btcAccount('outsider', 1, [pos('BTC-PERPETUAL', 4, 40_000)])
    const pools = marginPools(parent).map((p) => p.account)
    const before = pools[0]
    const r = liquidateBook([...pools, outsider], 0, m, model, DEFAULT_LIQUIDATION, poolGroup(parent))
    expect(r.records.some((x) => x.accountId === 'iso-1')).toBe(true)
    expect(r.accounts[0]).toBe(before) // the cross pool, parent included, is the very same object
    expect(r.socialised.map((x) => x.accountId)).toEqual(['outsider'])
  })

  test('a transfer out of a pool is refused if it leaves the pool below initial margin', () => {
    const m = market()
    const iso = parent.subs[1]!.account
    const h = accountHealth(iso, m, model)
    const free = h.equity - h.im // 0.5 - 20 * 0.021
    expect(() => transferBetweenSubs(parent, 'iso-1', 'parent', free + 1e-6, m, model)).toThrow(TransferRejectedError)
    const after = transferBetweenSubs(parent, 'iso-1', 'parent', free - 1e-6, m, model)
    expect(coinOf(after.subs[1]!.account)).toBeCloseTo(0.5 - free + 1e-6, 12)
    expect(coinOf(after.account)).toBeCloseTo(5 + free - 1e-6, 12)
  })

  test('inside the cross pool only the coin balance limits a transfer: the pool does not change', () => {
    const m = market()
    const after = transferBetweenSubs(parent, 'parent', 'cross-1', 4.9, m, model)
    expect(poolHealth(after, m, model)[0]!.equity).toBeCloseTo(poolHealth(parent, m, model)[0]!.equity, 12)
    expect(() => transferBetweenSubs(parent, 'parent', 'cross-1', 5.1, m, model)).toThrow(TransferRejectedError)
  })
})
