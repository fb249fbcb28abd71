import type { AttributionRow } from '../attribution/attributionRow.ts'
import type { PerformanceSummary } from '../metrics/summarize.ts'

/** Per-bar series of a backtest, one value per bar, columnar. Money is in the quote currency (`ReportInput.quote`). */
export interface ReportBars {
  /** Bar times, ms UTC, strictly increasing. */
  readonly tMs: Float64Array
  /** Underlying price per unit, quote currency. */
  readonly spot: Float64Array
  /** Vault NAV, quote currency. */
  readonly nav: Float64Array
  /** Price per vault share, quote currency per share. */
  readonly pps: Float64Array
  /** NAV of buy-and-hold of the underlying with the same starting NAV (metrics/buyAndHoldNav), quote currency. */
  readonly navBuyAndHold: Float64Array
  /** Position-weighted Greeks of the whole book (engine/plugin/context.ts PortfolioView): delta in units of the
   * underlying, gamma per unit of spot squared, vega per 1.00 of vol, theta per year. The report shows vega per vol
   * point (/100), theta per day (/365) and gamma as cash gamma per 1% move (0.5 gamma S^2 / 10^4). */
  readonly delta: Float64Array
  readonly gamma: Float64Array
  readonly vega: Float64Array
  readonly theta: Float64Array
  /** Margin health: equity / maintenance margin (engine/domain/margin/accountHealth.ts), dimensionless; 1 is the
   * liquidation line. Infinity or NaN (no margin used) shows as a gap. */
  readonly health: Float64Array
}

/** One epoch of the vault, as the backtester closes it. Money in quote currency; times ms UTC. */
export interface ReportEpoch {
  /** 1-based epoch number. */
  readonly epoch: number
  readonly startMs: number
  readonly endMs: number
  /** What the epoch sold or bought, e.g. 'call', 'put', 'strangle'. Shown as text (escaped). */
  readonly type: string
  /** Strike of the epoch's option, quote currency per unit; NaN when the epoch held no option. */
  readonly strike: number
  readonly expiryMs: number
  /** Contracts (units of the underlying), signed: negative when sold. */
  readonly contracts: number
  /** Premium received (+) or paid (-) over the epoch. */
  readonly premium: number
  /** Settlement price of the underlying at expiry; NaN if not settled. */
  readonly settlementPrice: number
  readonly optionPnl: number
  readonly hedgePnl: number
  /** Fees paid, as signed P&L (negative). */
  readonly fees: number
  /** Epoch P&L: navEnd - navStart. */
  readonly pnl: number
  readonly navStart: number
  readonly navEnd: number
  readonly ppsEnd: number
}

/** Everything `renderReport` draws. The report is a pure function of this (no clock, no network). */
export interface ReportInput {
  readonly title: string
  /** Quote currency label for money columns, e.g. 'USD'. */
  readonly quote: string
  /** Symbol of the underlying, e.g. 'BTC': the unit of delta. Omitted: "units of the underlying". */
  readonly asset?: string
  /** NAV in the vault's own accounting unit when that is not the quote currency (a coin-margined BTC vault counts in
   * BTC): the report adds a headline tile with the return in that unit, since the quote-currency return of such a
   * vault is mostly the coin's own move. */
  readonly accountingNav?: { readonly unit: string; readonly start: number; readonly end: number }
  /** When the backtest ran, ms UTC: passed in so the same input renders the same bytes. Omitted: not shown. */
  readonly generatedAtMs?: number
  /** Config summary, shown as a key/value table in this order: either key/value pairs, or the lines of
   * engine/config/summarizeConfig.ts ('vault     BTC, …'), split at the first run of spaces into key and value. */
  readonly config: Readonly<Record<string, string | number | boolean | null>> | readonly string[]
  readonly bars: ReportBars
  readonly epochs: readonly ReportEpoch[]
  /** Attribution per epoch (backtest/attribution/attributePnl.ts). */
  readonly attribution: readonly AttributionRow[]
  /** Headline metrics of the strategy and of buy-and-hold (backtest/metrics/summarize.ts summarizeVsBuyAndHold). */
  readonly summary: { readonly strategy: PerformanceSummary; readonly buyAndHold: PerformanceSummary }
  /** Most points a time chart carries (min/max per bucket above it). Default 5000. */
  readonly maxChartPoints?: number
}
