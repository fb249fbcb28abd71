import { MarginInvariantError } from '../../errors/margin.ts'
import { DERIBIT_BTC_STANDARD, type StandardMarginParams } from './standardMargin.ts'
import { linearMark, linearStandardMargin, type LinearAccount, type LinearMarket } from './linearMargin.ts'
import type { AccountHealth } from './types.ts'

/** Equity of a linear account in its margin currency (USDC): collateral (other assets at spotUsd, after haircut)
 * plus size * (mark - entry) of every position. Conventions in linearMargin.ts.
 * @example linearAccountEquity({ id: 'v', currency: 'USDC', collateral: [{ asset: 'USDC', amount: 1e5, haircut: 0 }], positions: [] }, market) // 100000 */
export function linearAccountEquity(account: LinearAccount, market: LinearMarket): number {
  let equity = 0
  for (const c of account.collateral) {
    if (c.asset === account.currency) { equity += c.amount * (1 - c.haircut); continue }
    const usd = market.spotUsd[c.asset]
    if (usd === undefined || !(usd >= 0)) throw new MarginInvariantError(`no USD price for collateral ${c.asset}`, `add ${c.asset} to market.spotUsd`)
    equity += c.amount * usd * (1 - c.haircut)
  }
  for (const p of account.positions) equity += p.size * (linearMark(p, market) - p.entryUsdc)
  return equity
}

/** Health factor of a linear account, defined as for coin accounts (accountHealth.ts): equity / maintenance margin,
 * Infinity with no maintenance margin; equity, IM and MM in USDC under Deribit's standard margin.
 * @example linearAccountHealth(account, market) // { equity: 99000, im: 13000, mm: 10000, health: 9.9 } */
export function linearAccountHealth(account: LinearAccount, market: LinearMarket, p: StandardMarginParams = DERIBIT_BTC_STANDARD): AccountHealth {
  const equity = linearAccountEquity(account, market)
  let im = 0
  let mm = 0
  for (const x of linearStandardMargin(account, market, p)) { im += x.im; mm += x.mm }
  return { equity, im, mm, health: mm > 0 ? equity / mm : Infinity }
}
