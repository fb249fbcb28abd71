import { attributePnl, type AttributionInput } from '../attribution/attributePnl.ts'
import { ATTRIBUTION_COLUMNS, type AttributionRow } from '../attribution/attributionRow.ts'
import { denseColumn, navQuoteOf, type BacktestResult } from '../loop/backtestResult.ts'
import { csvNumber } from './csvFormat.ts'

/** Per-epoch Taylor attribution (backtest/attribution) of a backtest's quote-currency NAV: per-bar P&L is the change
 * in NAV (quote) less deposits/withdrawals, Greeks are the book's after each bar, sigma the base model vol. */
export function attributionFor(r: BacktestResult): AttributionRow[] {
  const e = r.equity
  const n = e.tMs.length
  const navQuote = navQuoteOf(r)
  const flow = denseColumn(n, e.flowBars, e.flowQuote)
  const pnl = new Float64Array(n)
  for (let i = 1; i < n; i++) pnl[i] = (navQuote[i] as number) - (navQuote[i - 1] as number) - (flow[i] as number)
  const sigma = new Float64Array(n)
  for (let i = 0; i < n; i++) { const v = e.vol[i] as number; sigma[i] = Number.isFinite(v) ? v : 0 }
  const input: AttributionInput = {
    tMs: e.tMs, spot: e.spot, sigma, delta: e.delta, gamma: e.gamma, vega: e.vega, theta: e.theta, pnl,
    costs: { fees: denseColumn(n, e.costBars, e.costQuote) }, epoch: e.epoch,
  }
  return attributePnl(input)
}

/** attribution.csv: one row per epoch, quote currency; the parts add up to `total` (residual included). */
export function attributionCsv(rows: readonly AttributionRow[]): string {
  const out = [ATTRIBUTION_COLUMNS.join(',')]
  for (const r of rows) out.push(ATTRIBUTION_COLUMNS.map((c) => (c === 'epoch' ? String(r.epoch) : csvNumber(r[c]))).join(','))
  return out.join('\n') + '\n'
}
