import { accountEquity } from './accountEquity.ts'
import type { Account, AccountHealth, MarginModel, MarketSnapshot } from './types.ts'

/** Health factor = equity / maintenance margin, with equity, IM and MM, all in coin.
 * Health is Infinity when MM is 0 (no position needs margin: nothing to liquidate), even if equity is negative;
 * a negative equity with nothing left to close is a bankruptcy, which liquidation.ts handles apart.
 * Health below 1 starts liquidation; 1.25 is the default target it liquidates back to.
 * @example accountHealth(account, market, standardMarginModel()) // { equity: 1.2, im: 0.3, mm: 0.2, health: 6 } */
export function accountHealth(account: Account, market: MarketSnapshot, model: MarginModel): AccountHealth {
  const equity = accountEquity(account, market)
  const mm = model.maintenance(account, market)
  const im = model.initial(account, market)
  return { equity, im, mm, health: mm > 0 ? equity / mm : Infinity }
}
