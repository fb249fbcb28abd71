/** Types of the margin engine. Conventions, for every file in engine/domain/margin:
 * - Every amount is in the account's **margin coin** (BTC for a BTC account), the way Deribit's inverse
 *   (coin-margined) products keep their books. A field holding USD says so in its name (`indexUsd`, `entryUsd`).
 * - `size` is signed, in units of the underlying: +2 is long 2 BTC of a perpetual or long 2 option contracts
 *   (one Deribit option contract is on 1 BTC); -5 is short 5.
 * - Option marks and entries are coin per contract (Deribit quotes BTC options in BTC: 0.05 = 0.05 BTC).
 * - Futures and perpetuals are inverse: a position of `size` BTC opened at `entryUsd` is a fixed USD notional
 *   `size * entryUsd`, so its P&L in coin is `size * (1 - entryUsd / markUsd)`.
 * Pure: no I/O, no clock. */
import type { OptionKind } from '../pricing/types.ts'
import type { Rate, UnixMs, Vol } from '../units.ts'

/** What an instrument name like BTC-28JUN24-60000-C, BTC-28JUN24 or BTC-PERPETUAL stands for, as margin sees it.
 * Narrower than instruments/instrument.ts (always inverse, coin-margined) and with dated futures, which it lacks. */
export type MarginInstrument =
  | { readonly type: 'option'; readonly name: string; readonly underlying: string; readonly expiryMs: UnixMs; readonly strikeUsd: number; readonly kind: OptionKind }
  | { readonly type: 'future'; readonly name: string; readonly underlying: string; readonly expiryMs: UnixMs }
  | { readonly type: 'perpetual'; readonly name: string; readonly underlying: string }

/** One open position. `entry` is coin per contract for options and USD per unit for futures and perpetuals. */
export interface Position {
  readonly instrument: MarginInstrument
  /** Signed, units of underlying (contracts of 1 BTC for options). */
  readonly size: number
  /** Options: premium in coin per contract. Futures/perpetuals: USD price per unit of underlying. */
  readonly entry: number
}

/** A collateral holding. Its value in margin coin is `amount * spotUsd / indexUsd * (1 - haircut)`. */
export interface Collateral {
  readonly asset: string
  /** In units of `asset` (0.5 BTC, 20000 USDC). */
  readonly amount: number
  /** Fraction of the market value not counted as collateral: 0.02 counts 98%. 0 for the margin coin itself. */
  readonly haircut: number
}

/** One margin account. Collateral holds cash as deposited (before option premiums): premiums and realised
 * P&L are booked into the margin-coin collateral line when a position closes (see liquidation.ts). */
export interface Account {
  readonly id: string
  /** The coin every amount of this account is in, e.g. 'BTC'. Its own collateral line has haircut 0. */
  readonly currency: string
  readonly collateral: readonly Collateral[]
  readonly positions: readonly Position[]
}

/** Prices at one instant. Option marks come from `optionMarks`, else from `optionVols` through a pricer
 * (see resolveMarks.ts). Futures and perpetuals without a mark are marked at the index. */
export interface MarketSnapshot {
  readonly nowMs: UnixMs
  /** Index of the margin coin in USD (Deribit BTC index), e.g. 65000. */
  readonly indexUsd: number
  readonly rate: Rate
  /** USD price of each non-margin collateral asset, e.g. { USDC: 1, ETH: 3400 }. */
  readonly spotUsd: Readonly<Record<string, number>>
  /** Coin per contract, by instrument name. */
  readonly optionMarks: Readonly<Record<string, number>>
  /** Implied vol (fraction) by instrument name; used to price options without a mark and to shock vol. */
  readonly optionVols: Readonly<Record<string, Vol>>
  /** USD mark price by future / perpetual name. */
  readonly futureMarksUsd: Readonly<Record<string, number>>
}

/** Margin of one position in coin. `mm <= im` for every model in this folder. */
export interface PositionMargin {
  readonly instrument: string
  readonly im: number
  readonly mm: number
}

/** A margin model: how much collateral an account must hold. Every amount is in the account's coin.
 * Implementations: standardMargin.ts (Deribit standard, per position), portfolioMargin.ts (risk matrix),
 * volBuffer.ts (wraps another model and scales it by forecast vol). */
export interface MarginModel {
  readonly name: string
  /** Needed to open or add: equity below it blocks new risk and transfers out. */
  initial(account: Account, market: MarketSnapshot): number
  /** Needed to keep positions: health = equity / maintenance; below 1 liquidation starts. */
  maintenance(account: Account, market: MarketSnapshot): number
  /** Per position, for reports and to pick the riskiest position to liquidate. For portfolio models each
   * position is margined on its own, so these need not sum to the account figures. */
  perPosition(account: Account, market: MarketSnapshot): PositionMargin[]
}

/** The account numbers a report and the liquidation engine work from; all in coin. */
export interface AccountHealth {
  readonly equity: number
  readonly im: number
  readonly mm: number
  /** equity / mm; Infinity when mm is 0 (nothing left to liquidate). Below 1 the account is liquidated. */
  readonly health: number
}
