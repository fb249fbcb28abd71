/** What a strategy can see and do: the same shape in backtest, paper and live. Everything is "as of now": views
 * hold data up to the current bar and nothing later. Units: quantities in units of the underlying, prices and NAV
 * in the quote currency unless a name says otherwise, times in ms UTC, vol as a fraction. */
import type { MarketView } from '../runtime/marketView.ts'
import type { InstrumentId, OptionInstrument } from '../domain/instruments/instrument.ts'
import type { OptionGreeks, OptionKind } from '../domain/pricing/types.ts'
import type { UnixMs, Vol } from '../domain/units.ts'
import type { HedgePolicy } from '../domain/hedging/hedgePolicy.ts'

export type { MarketView }

export interface OptionQuote {
  readonly instrument: OptionInstrument
  /** Best bid and ask per option in quote currency; NaN when there is none. */
  readonly bid: number
  readonly ask: number
  readonly mark: number
  /** Implied vol at the mark, from the configured vol source (chain, index, realised or constant). */
  readonly markIv: Vol
  /** Forward / underlying price used for this expiry, quote currency. */
  readonly underlyingPrice: number
}

/** The listed options as of now: from recorded chain data, or a strike grid rule with model prices. */
export interface ChainView {
  /** Listed expiries strictly after now, ascending. */
  expiries(): readonly UnixMs[]
  /** The nearest listed expiry at least `minDays` days after now (fractional days allowed). */
  nearestExpiry(o: { minDays: number }): UnixMs
  /** Listed strikes for an expiry, ascending. */
  strikes(expiryMs: UnixMs): readonly number[]
  /** The listed option of `kind` at `expiryMs` whose delta (per the configured vol source) is nearest `delta`.
   * For puts pass a negative delta or its absolute value; both mean the same. */
  nearestByDelta(o: { kind: OptionKind; delta: number; expiryMs: UnixMs }): OptionInstrument
  /** The listed option nearest a strike (e.g. spot * (1 + otmPct)). */
  nearestByStrike(o: { kind: OptionKind; strike: number; expiryMs: UnixMs }): OptionInstrument
  quote(id: InstrumentId): OptionQuote
}

export interface EpochInfo {
  /** 1-based epoch number. */
  readonly index: number
  readonly startMs: UnixMs
  /** Scheduled end: the expiry the epoch's options should share (e.g. Friday 08:00 UTC). */
  readonly endMs: UnixMs
}

export interface VaultView {
  /** The vault's asset, e.g. 'BTC' for a BTC covered-call vault. */
  readonly asset: string
  readonly epoch: EpochInfo
  /** Net asset value in the quote currency at current marks. */
  navQuote(): number
  /** Net asset value in units of the vault asset. */
  navAsset(): number
  /** Units of the underlying still free to back new short calls (covered) or cash-secured puts (in underlying units). */
  freeCollateral(): number
  pricePerShare(): number
}

export interface PositionView {
  readonly instrument: InstrumentId
  /** Signed quantity, units of the underlying: positive long, negative short. */
  readonly qty: number
  readonly avgPrice: number
}

/** Aggregate Greeks are position-weighted, in quote currency per unit move (delta in units of the underlying). */
export interface PortfolioView {
  positions(): readonly PositionView[]
  qty(id: InstrumentId): number
  /** Net delta in units of the underlying, spot and perp holdings included. */
  delta(): number
  gamma(): number
  vega(): number
  theta(): number
}

export interface PricingView {
  /** Greeks of one option on one unit of underlying under the configured vol source, in quote currency. */
  greeks(id: InstrumentId): OptionGreeks
  /** Vol the configured source gives this option now. */
  iv(id: InstrumentId): Vol
}

export interface RiskView {
  /** Margin health factor = equity / maintenance margin (Infinity with no margin used). */
  health(): number
}

export interface OrderOptions {
  /** Limit price in the instrument's price unit; market order when absent. */
  readonly limitPrice?: number
  /** Free text for the journal and trades.csv. */
  readonly reason?: string
}

/** At expiry: what one position settled at. */
export interface SettlementNotice {
  readonly instrument: OptionInstrument
  /** TWAP of the index over the settlement window, quote currency. */
  readonly settlementPrice: number
  /** Signed position that settled, units of the underlying. */
  readonly qty: number
  /** Payoff received (negative: paid), quote currency. */
  readonly payoffQuote: number
}

export interface StrategyContext {
  readonly mode: 'backtest' | 'paper' | 'live'
  readonly now: UnixMs
  readonly market: MarketView
  readonly chain: ChainView
  readonly vault: VaultView
  readonly portfolio: PortfolioView
  readonly pricing: PricingView
  readonly risk: RiskView
  /** Queue a buy; returns its deterministic client id. Orders go out after the hook returns and fill later
   * (next bar in backtests), never at the price the hook saw. */
  buy(instrument: InstrumentId, qty: number, o?: OrderOptions): string
  sell(instrument: InstrumentId, qty: number, o?: OrderOptions): string
  amend(clientId: string, change: { qty?: number; limitPrice?: number }): void
  cancel(clientId: string): void
  /** Trades the configured hedge instrument so that net delta becomes `target` (units of the underlying per unit
   * of NAV in the vault asset: 1.0 keeps the full long exposure, 0 is market-neutral). Returns the client id, or
   * undefined when no trade was needed. */
  hedgeDeltaTo(target: number, o?: OrderOptions): string | undefined
  /** The config's `hedge:` section as a policy (its Whalley-Wilmott `costFraction` filled from the execution fees
   * and slippage when the config leaves it out). Absent: the config asks for no hedging. Strategies that hedge pass
   * it to `hedgeDecision` and call `hedgeDeltaTo`; the runtime never hedges behind the strategy's back. Optional
   * (added after apiVersion 1 shipped), so a runtime or test context without it still type-checks. */
  readonly hedge?: HedgePolicy
  /** Scratch space that lives for one run, from onStart to onStop (and through a journal replay): what a strategy
   * must remember between hooks, such as the spot at its last hedge. Keep it here, not in module variables, which
   * every run in one process (a parameter sweep) would share. Optional: without it, a built-in keeps a map per run
   * itself (strategies/runState.ts). */
  readonly state?: Map<string, unknown>
  log(message: string, fields?: Readonly<Record<string, unknown>>): void
}
