import { summarizeVsBuyAndHold, type PerformanceSummary } from '../metrics/summarize.ts'
import { navQuoteOf, type BacktestResult } from '../loop/backtestResult.ts'

/** summary.json: headline metrics of the vault's quote-currency NAV and of buy-and-hold of the underlying
 * (backtest/metrics), then the vault's own figures in its accounting unit (`unit`). Key order is fixed. */
export interface BacktestSummary {
  readonly strategy: string
  readonly runId: string
  readonly asset: string
  readonly quote: string
  /** Symbol of the unit the vault counts money in (BTC for a coin-margined BTC vault). */
  readonly unit: string
  readonly bars: number
  readonly start: string
  readonly end: string
  readonly metrics: PerformanceSummary
  readonly buyAndHold: PerformanceSummary
  readonly vault: {
    readonly navStart: number
    readonly navEnd: number
    readonly totalReturn: number
    readonly ppsEnd: number
    readonly premiumCollected: number
    readonly optionPnl: number
    readonly hedgePnl: number
    readonly fees: number
    readonly gas: number
    readonly funding: number
    readonly vaultFees: number
    readonly turnoverQuote: number
    readonly trades: number
    readonly liquidations: number
    readonly refusedOrders: number
    /** Settled epochs (the one the data cuts short is in epochs.csv as open, not here). */
    readonly epochs: number
    readonly epochsWon: number
    readonly epochsLost: number
  }
}

/** `scratch`: a column as long as the run to build the buy-and-hold NAV in (default: a new one). */
export function backtestSummary(r: BacktestResult, navQuote: Float64Array = navQuoteOf(r), scratch?: Float64Array): BacktestSummary {
  const e = r.equity
  const m = summarizeVsBuyAndHold({ tMs: e.tMs, nav: navQuote, spot: e.spot }, {}, scratch)
  const sum = (f: (x: BacktestResult['epochs'][number]) => number) => r.epochs.reduce((a, x) => a + f(x), 0)
  // won and lost count settled epochs; one the data cut short is neither
  const settled = r.epochs.filter((x) => x.settled)
  const n = e.tMs.length
  const navStart = e.nav[0] as number
  const navEnd = e.nav[n - 1] as number
  return {
    strategy: r.strategy, runId: r.runId, asset: r.asset, quote: r.quote, unit: r.unitSymbol, bars: r.bars,
    start: new Date(e.tMs[0] as number).toISOString(), end: new Date((e.tMs[n - 1] as number) + r.barMs).toISOString(),
    metrics: m.strategy, buyAndHold: m.buyAndHold,
    vault: {
      navStart, navEnd, totalReturn: navEnd / navStart - 1, ppsEnd: e.pps[n - 1] as number,
      premiumCollected: r.totals.optionCash, optionPnl: sum((x) => x.optionPnl), hedgePnl: r.totals.hedge,
      fees: r.totals.fees, gas: r.totals.gas, funding: r.totals.funding, vaultFees: sum((x) => x.vaultFees),
      turnoverQuote: r.totals.turnoverQuote, trades: r.trades.filter((t) => t.kind === 'option' || t.kind === 'hedge').length,
      liquidations: r.liquidations, refusedOrders: r.refusedOrders, epochs: settled.length,
      epochsWon: settled.filter((x) => x.pnl > 0).length, epochsLost: settled.filter((x) => x.pnl < 0).length,
    },
  }
}

/** JSON with non-finite numbers as strings ("Infinity", "NaN"), 2-space indent, trailing newline. */
export function summaryJson(s: BacktestSummary): string {
  return JSON.stringify(s, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n'
}
