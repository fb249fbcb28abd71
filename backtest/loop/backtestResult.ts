import type { AccountingUnit, LedgerTotals } from '../../engine/runtime/portfolio.ts'
import type { StrategyLogLine } from '../../engine/runtime/strategyRuntime.ts'
import type { UnixMs } from '../../engine/domain/units.ts'

/** One row of trades.csv. `fee` is in the accounting unit; `price` in quote currency per unit of underlying
 * (settlement: payoff per unit; funding: the rate per interval). */
export interface TradeRow {
  readonly tMs: UnixMs
  readonly instrument: string
  readonly side: 'buy' | 'sell' | 'pay' | 'receive'
  readonly qty: number
  readonly price: number
  readonly fee: number
  readonly kind: 'option' | 'hedge' | 'settlement' | 'liquidation' | 'funding'
  readonly reason: string
  /** Bar the trade happened on. */
  readonly barIndex: number
}

/** One row of epochs.csv. Money in the accounting unit; `strike` and `settlementPrice` in quote currency.
 * pnl = navEnd - navStart = optionPnl + hedgePnl - fees (+ a rounding residue reported as residual). */
export interface EpochRow {
  readonly epoch: number
  readonly startMs: UnixMs
  readonly endMs: UnixMs
  /** call | put | mixed | none: what the epoch sold or bought. */
  readonly type: string
  /** Strike and expiry of the epoch's largest option position (NaN when none). */
  readonly strike: number
  readonly expiryMs: number
  /** Largest option position in the epoch, contracts of one unit; negative when short. */
  readonly contracts: number
  /** Premium received minus paid over the epoch, at fill prices. */
  readonly premium: number
  readonly settlementPrice: number
  /** premium + settlement payoffs + change in option marks over the epoch. */
  readonly optionPnl: number
  /** Hedge P&L, funding included. */
  readonly hedgePnl: number
  /** Trading fees and gas, positive. */
  readonly fees: number
  readonly funding: number
  readonly gas: number
  readonly pnl: number
  readonly navStart: number
  readonly navEnd: number
  /** Price per share after the epoch's settlement and vault fees, accounting unit per share. */
  readonly ppsEnd: number
  /** Vault fees (management + performance) charged at settlement, accounting unit. */
  readonly vaultFees: number
  /** Deposits minus withdrawals that moved at this epoch's roll, accounting unit. */
  readonly flows: number
  readonly turnoverQuote: number
  readonly trades: number
  /** false for the epoch the data ends in, cut short before its roll: no settlement price, no vault fees, its
   * options at their last marks, pps from the marked NAV. */
  readonly settled: boolean
}

/** Per-bar columns of equity.csv, each of length `bars`. `tMs` and `spot` are views of the input bars (open time,
 * close). NAV and pps in the accounting unit; Greeks in the quote sense (delta units of underlying, vega per 1.00
 * vol, theta per year). Costs and flows happen on few bars, so they are kept sparse. */
export interface EquityColumns {
  readonly tMs: Float64Array
  readonly spot: Float64Array
  readonly nav: Float64Array
  readonly pps: Float64Array
  readonly delta: Float64Array
  readonly gamma: Float64Array
  readonly vega: Float64Array
  readonly theta: Float64Array
  readonly health: Float64Array
  /** Base model vol at the bar, fraction. */
  readonly vol: Float64Array
  /** Epoch the bar's P&L belongs to (the settling bar belongs to the epoch it closes). */
  readonly epoch: Int32Array
  /** Bars with costs, and the costs booked there as signed P&L in quote currency: -(fees + gas) + funding. */
  readonly costBars: readonly number[]
  readonly costQuote: readonly number[]
  /** Bars where deposits, withdrawals or asset-paid vault fees moved, and the amount in quote currency (not P&L). */
  readonly flowBars: readonly number[]
  readonly flowQuote: readonly number[]
}

/** NAV in quote currency per bar (a coin vault's NAV times spot), written into `out` when given (as long as the
 * NAV; a sweep passes a reused column). */
export function navQuoteOf(r: Pick<BacktestResult, 'unit' | 'equity'>, out: Float64Array = new Float64Array(r.equity.nav.length)): Float64Array {
  const e = r.equity
  if (r.unit !== 'asset') { out.set(e.nav); return out }
  // a loop, not nav.map: the typed-array map boxed each bar's value for its callback
  for (let i = 0; i < out.length; i++) out[i] = (e.nav[i] as number) * (e.spot[i] as number)
  return out
}

/** A sparse (bar, value) list as a dense per-bar column. */
export function denseColumn(n: number, bars: readonly number[], values: readonly number[]): Float64Array {
  const out = new Float64Array(n)
  for (let k = 0; k < bars.length; k++) out[bars[k] as number] = (out[bars[k] as number] as number) + (values[k] as number)
  return out
}

export interface BacktestResult {
  readonly strategy: string
  readonly runId: string
  readonly asset: string
  readonly quote: string
  readonly unit: AccountingUnit
  /** Symbol of the accounting unit, e.g. BTC or USDC. */
  readonly unitSymbol: string
  readonly bars: number
  readonly barMs: number
  readonly equity: EquityColumns
  readonly trades: readonly TradeRow[]
  readonly epochs: readonly EpochRow[]
  readonly totals: Readonly<LedgerTotals>
  readonly liquidations: number
  readonly refusedOrders: number
  readonly logs: readonly StrategyLogLine[]
}
