import type { BacktestSummary } from '../outputs/backtestSummary.ts'

/** The metric columns of sweep.csv, in order. Bare names are the vault's quote-currency NAV metrics
 * (backtest/metrics/summarize.ts), `bh.` is buy-and-hold of the underlying, `vault.` the vault's own figures in
 * its accounting unit. Fixed, so every row of a sweep (and of a resumed sweep) has the same columns. */
export const METRIC_COLUMNS = [
  'totalReturn', 'cagr', 'annualizedVol', 'sharpe', 'sortino', 'maxDrawdown', 'calmar',
  'bh.totalReturn', 'bh.sharpe', 'bh.maxDrawdown',
  'vault.navEnd', 'vault.totalReturn', 'vault.premiumCollected', 'vault.optionPnl', 'vault.hedgePnl', 'vault.fees',
  'vault.gas', 'vault.funding', 'vault.vaultFees', 'vault.trades', 'vault.liquidations', 'vault.refusedOrders',
  'vault.epochs', 'vault.epochsWon', 'vault.epochsLost',
] as const

export type MetricName = (typeof METRIC_COLUMNS)[number]

/** Metrics where smaller is better; every other metric is maximised (maxDrawdown is negative, so the largest
 * is the shallowest). */
export const MINIMIZED_METRICS: ReadonlySet<string> = new Set(['annualizedVol', 'vault.fees', 'vault.gas', 'vault.liquidations', 'vault.refusedOrders'])

/** The flat metrics of a backtest summary; non-finite values become null. */
export function summaryMetrics(s: BacktestSummary): Record<MetricName, number | null> {
  const m = s.metrics
  const b = s.buyAndHold
  const v = s.vault
  const f = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x)
  return {
    totalReturn: f(m.totalReturn), cagr: f(m.cagr), annualizedVol: f(m.annualizedVol), sharpe: f(m.sharpe), sortino: f(m.sortino),
    maxDrawdown: f(m.maxDrawdown), calmar: f(m.calmar),
    'bh.totalReturn': f(b.totalReturn), 'bh.sharpe': f(b.sharpe), 'bh.maxDrawdown': f(b.maxDrawdown),
    'vault.navEnd': f(v.navEnd), 'vault.totalReturn': f(v.totalReturn), 'vault.premiumCollected': f(v.premiumCollected),
    'vault.optionPnl': f(v.optionPnl), 'vault.hedgePnl': f(v.hedgePnl), 'vault.fees': f(v.fees), 'vault.gas': f(v.gas),
    'vault.funding': f(v.funding), 'vault.vaultFees': f(v.vaultFees), 'vault.trades': v.trades, 'vault.liquidations': v.liquidations,
    'vault.refusedOrders': v.refusedOrders, 'vault.epochs': v.epochs, 'vault.epochsWon': v.epochsWon, 'vault.epochsLost': v.epochsLost,
  }
}

/** Whether `a` beats `b` on `metric` (null never beats a number). */
export function betterMetric(metric: string, a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || !Number.isFinite(a)) return false
  if (b === null || b === undefined || !Number.isFinite(b)) return true
  return MINIMIZED_METRICS.has(metric) ? a < b : a > b
}
