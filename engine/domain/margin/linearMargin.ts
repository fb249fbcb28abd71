import { MarginInvariantError } from '../../errors/margin.ts'
import { DERIBIT_BTC_STANDARD, futureStandardMargin, optionStandardMargin, type StandardMarginParams } from './standardMargin.ts'
import type { Collateral, MarginInstrument, PositionMargin } from './types.ts'

/** Linear (stablecoin-margined) books, the way Deribit keeps its USDC options and linear perpetuals. Conventions,
 * next to types.ts's coin ones:
 * - Every amount is in the account's **margin currency**, a USD stablecoin (USDC), worth 1 USD.
 * - `size` is signed, in units of the underlying: one option contract is on 1 unit (1 BTC; Deribit's altcoin
 *   multipliers are applied by the caller), a perp position of 2 is 2 BTC.
 * - Option marks and entries are USDC per contract; perp marks and entries USDC per unit of underlying.
 *   P&L is linear for both: size * (mark - entry).
 *
 * Margin (Deribit knowledge base, "Linear USDC Options" and "Linear Perpetual"): the standard-margin shapes of the
 * inverse products with every coin amount replaced by the same share of the index in USDC, S = index:
 * - short call: IM = max(0.15 S - OTM, 0.1 S) + mark,  MM = 0.075 S + mark
 * - short put:  IM = max(max(0.15 S - OTM, 0.1 S) + mark, MM),  MM = max(0.075 S, 0.075 mark) + mark
 * - perpetual of P units: IM = P S (2% + P * 0.005%), MM = P S (1% + P * 0.005%); Deribit's example: 25 BTC at
 *   100 000 USDC gives IM 53 125 USDC and MM 28 125 USDC.
 * Each is exactly index times the coin figure of standardMargin.ts at mark / S, so that code is reused, not
 * copied. (bit.com's "Margin Rules for USD Margined Options" tabulates the same USD formulas.) */

/** One position of a linear account. */
export interface LinearPosition {
  readonly instrument: MarginInstrument
  /** Signed, units of underlying (contracts of 1 unit for options). */
  readonly size: number
  /** USDC per contract (options) or per unit (perpetuals, futures) at entry. */
  readonly entryUsdc: number
}

/** A USDC-margined account. Collateral holds the margin currency (haircut 0) and any other asset. */
export interface LinearAccount {
  readonly id: string
  /** The margin currency, e.g. 'USDC'. */
  readonly currency: string
  readonly collateral: readonly Collateral[]
  readonly positions: readonly LinearPosition[]
}

/** Prices at one instant for a linear account. */
export interface LinearMarket {
  /** Index of the underlying in USD = USDC, e.g. 60000. */
  readonly indexUsd: number
  /** USD price of each non-margin collateral asset, e.g. { BTC: 60000 }. */
  readonly spotUsd: Readonly<Record<string, number>>
  /** USDC per contract, by option name. */
  readonly optionMarksUsdc: Readonly<Record<string, number>>
  /** USDC per unit, by perpetual or future name; absent: the index. */
  readonly futureMarksUsdc: Readonly<Record<string, number>>
}

/** Deribit standard IM and MM of a linear option position, in USDC (formulas above).
 * @example linearOptionMargin('put', -1, 50000, 60000, 500) // { im: 6500, mm: 5000 } */
export function linearOptionMargin(kind: 'call' | 'put', size: number, strikeUsd: number, indexUsd: number, markUsdc: number,
  p: StandardMarginParams = DERIBIT_BTC_STANDARD): { im: number; mm: number } {
  if (!(indexUsd > 0)) throw new MarginInvariantError(`index must be positive, got ${indexUsd}`, 'give market.indexUsd in USD')
  const coin = optionStandardMargin(kind, size, strikeUsd, indexUsd, markUsdc / indexUsd, p)
  return { im: coin.im * indexUsd, mm: coin.mm * indexUsd }
}

/** Deribit standard IM and MM of a linear perpetual or future of `sizeUnits` (sign ignored) at `markUsdc`, in USDC.
 * @example linearFutureMargin(25, 100000) // { im: 53125, mm: 28125 } (Deribit "Linear Perpetual" example) */
export function linearFutureMargin(sizeUnits: number, markUsdc: number, p: StandardMarginParams = DERIBIT_BTC_STANDARD): { im: number; mm: number } {
  const coin = futureStandardMargin(sizeUnits, p)
  return { im: coin.im * markUsdc, mm: coin.mm * markUsdc }
}

/** Mark of a linear position: USDC per contract (options; throws without one) or per unit (the index by default).
 * @example linearMark(shortPut, market) // 500 */
export function linearMark(position: LinearPosition, market: LinearMarket): number {
  const ins = position.instrument
  if (ins.type !== 'option') return market.futureMarksUsdc[ins.name] ?? market.indexUsd
  const mark = market.optionMarksUsdc[ins.name]
  if (mark === undefined || !Number.isFinite(mark) || mark < 0) {
    throw new MarginInvariantError(`no valid USDC mark for ${ins.name} (got ${String(mark)})`, 'give market.optionMarksUsdc for it')
  }
  return mark
}

/** Deribit standard margin of each position of a linear account, in USDC; the account's IM and MM are the sums.
 * @example linearStandardMargin(account, market) // [{ instrument: 'BTC-28JUN24-50000-P', im: 13000, mm: 10000 }] */
export function linearStandardMargin(account: LinearAccount, market: LinearMarket, p: StandardMarginParams = DERIBIT_BTC_STANDARD): PositionMargin[] {
  return account.positions.map((pos) => {
    const ins = pos.instrument
    const m = ins.type === 'option'
      ? linearOptionMargin(ins.kind, pos.size, ins.strikeUsd, market.indexUsd, linearMark(pos, market), p)
      : linearFutureMargin(pos.size, linearMark(pos, market), p)
    return { instrument: ins.name, ...m }
  })
}
