import type { TradeRow } from '../loop/backtestResult.ts'
import { csvNumber, csvText, csvTime } from './csvFormat.ts'

export const TRADE_COLUMNS = ['ts', 'instrument', 'side', 'qty', 'price', 'fee', 'kind', 'reason'] as const

/** trades.csv: every fill, settlement, liquidation and funding payment in time order. qty in units of the
 * underlying; price in quote per unit (settlement: payoff per unit; funding: rate per interval); fee in the
 * accounting unit (funding: the amount paid, negative when received). */
export function tradesCsv(rows: readonly TradeRow[]): string {
  const out = [TRADE_COLUMNS.join(',')]
  for (const t of rows) {
    out.push([csvTime(t.tMs), csvText(t.instrument), t.side, csvNumber(t.qty), csvNumber(t.price), csvNumber(t.fee), t.kind, csvText(t.reason)].join(','))
  }
  return out.join('\n') + '\n'
}
