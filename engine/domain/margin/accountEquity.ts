import { MarginInvariantError } from '../../errors/margin.ts'
import type { Account, Collateral, MarketSnapshot, Position } from './types.ts'

/** Mark of a position's instrument: coin per contract for options, USD per unit for futures and perpetuals
 * (the index when the market has no future mark). Throws MarginInvariantError when an option has no mark.
 * @example positionMark(shortCall, market) // 0.0312 (BTC per contract) */
export function positionMark(position: Position, market: MarketSnapshot): number {
  const ins = position.instrument
  if (ins.type !== 'option') return market.futureMarksUsd[ins.name] ?? market.indexUsd
  const mark = market.optionMarks[ins.name]
  if (mark === undefined || !Number.isFinite(mark) || mark < 0) {
    throw new MarginInvariantError(`no valid mark for ${ins.name} (got ${String(mark)})`,
      'give market.optionMarks for it, or market.optionVols and resolve marks with resolveMarks()')
  }
  return mark
}

/** Unrealised P&L of one position at the market, in coin. Options: size * (mark - entry). Inverse futures and
 * perpetuals: size * (1 - entryUsd / markUsd), because the USD notional size * entryUsd is fixed at entry.
 * @example positionPnl({ instrument: perp, size: 1, entry: 50000 }, { ...market, indexUsd: 62500 }) // 0.2 BTC */
export function positionPnl(position: Position, market: MarketSnapshot): number {
  const mark = positionMark(position, market)
  if (position.instrument.type === 'option') return position.size * (mark - position.entry)
  return position.size * (1 - position.entry / mark)
}

/** Value in margin coin of one collateral line after its haircut: amount * spotUsd / indexUsd * (1 - haircut).
 * The margin coin itself is worth its amount.
 * @example collateralValue({ asset: 'USDC', amount: 65000, haircut: 0.02 }, 'BTC', { ...market, indexUsd: 65000, spotUsd: { USDC: 1 } }) // 0.98 */
export function collateralValue(c: Collateral, currency: string, market: MarketSnapshot): number {
  if (c.asset === currency) return c.amount * (1 - c.haircut)
  const usd = market.spotUsd[c.asset]
  if (usd === undefined || !(usd >= 0)) {
    throw new MarginInvariantError(`no USD price for collateral ${c.asset}`, `add ${c.asset} to market.spotUsd`)
  }
  return (c.amount * usd / market.indexUsd) * (1 - c.haircut)
}

/** Equity in coin: haircut collateral plus unrealised P&L of every position at marks.
 * @example accountEquity({ id: 'a', currency: 'BTC', collateral: [{ asset: 'BTC', amount: 1, haircut: 0 }], positions: [] }, market) // 1 */
export function accountEquity(account: Account, market: MarketSnapshot): number {
  let equity = 0
  for (const c of account.collateral) equity += collateralValue(c, account.currency, market)
  for (const p of account.positions) equity += positionPnl(p, market)
  return equity
}
