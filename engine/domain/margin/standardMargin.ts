import type { OptionKind } from '../pricing/types.ts'
import { accountEquity, positionMark } from './accountEquity.ts'
import type { Account, MarginModel, MarketSnapshot, Position, PositionMargin } from './types.ts'

/** Parameters of Deribit's standard margin. Defaults are Deribit's published BTC values:
 *
 * Options (Deribit knowledge base, "Inverse Options", standard margin; coin per contract, S = index):
 * - long call / long put: IM = MM = 0 (the premium is paid up front)
 * - short call: IM = max(0.15 - OTM/S, 0.1) + mark,  MM = 0.075 + mark,  OTM = max(K - S, 0)
 * - short put:  IM = max(max(0.15 - OTM/S, 0.1) + mark, MM),  MM = max(0.075, 0.075 * mark) + mark,  OTM = max(S - K, 0)
 *
 * Futures and perpetuals (Deribit knowledge base, "Inverse Futures" / "Linear Perpetual"; P = position size in
 * BTC at the mark): IM rate = 2% + P * 0.005%, MM rate = 1% + P * 0.005%, margin = P * rate. Deribit's worked
 * example: P = 25 BTC gives IM 2.125% = 0.53125 BTC and MM 1.125% = 0.28125 BTC. The size-dependent term makes a
 * big position cost more per BTC, because it takes longer to liquidate. */
export interface StandardMarginParams {
  readonly optionImBase: number // 0.15
  readonly optionImFloor: number // 0.1
  readonly optionMm: number // 0.075
  readonly futureImBase: number // 0.02
  readonly futureMmBase: number // 0.01
  /** Added to the IM and MM rates per BTC of position: 0.00005 = 0.005% per BTC. */
  readonly futureRatePerCoin: number
}

/** Deribit's published BTC standard-margin parameters (see StandardMarginParams).
 * @example standardMarginModel({ ...DERIBIT_BTC_STANDARD, futureImBase: 0.04 }) // a stricter venue */
export const DERIBIT_BTC_STANDARD: StandardMarginParams = {
  optionImBase: 0.15, optionImFloor: 0.1, optionMm: 0.075,
  futureImBase: 0.02, futureMmBase: 0.01, futureRatePerCoin: 0.00005,
}

/** Deribit standard IM and MM of an option position, in coin (see StandardMarginParams for the formulas).
 * @example optionStandardMargin('call', -1, 60000, 50000, 0.01) // { im: 0.11, mm: 0.085 }: OTM/S = 0.2, so IM uses the 0.1 floor */
export function optionStandardMargin(kind: OptionKind, size: number, strikeUsd: number, indexUsd: number, mark: number,
  p: StandardMarginParams = DERIBIT_BTC_STANDARD): { im: number; mm: number } {
  if (size >= 0) return { im: 0, mm: 0 }
  const n = -size
  return { im: n * shortOptionIm(kind, strikeUsd, indexUsd, mark, p), mm: n * shortOptionMm(kind, mark, p) }
}

/** MM of one short option contract, coin. */
function shortOptionMm(kind: OptionKind, mark: number, p: StandardMarginParams): number {
  return kind === 'call' ? p.optionMm + mark : Math.max(p.optionMm, p.optionMm * mark) + mark
}

/** IM of one short option contract, coin. */
function shortOptionIm(kind: OptionKind, strikeUsd: number, indexUsd: number, mark: number, p: StandardMarginParams): number {
  const otm = kind === 'call' ? Math.max(strikeUsd - indexUsd, 0) : Math.max(indexUsd - strikeUsd, 0)
  const base = Math.max(p.optionImBase - otm / indexUsd, p.optionImFloor)
  return kind === 'call' ? base + mark : Math.max(base + mark, shortOptionMm(kind, mark, p))
}

/** Deribit standard IM and MM of a future or perpetual position of `sizeCoin` BTC at the mark (sign ignored).
 * @example futureStandardMargin(25) // { im: 0.53125, mm: 0.28125 } (Deribit's worked example) */
export function futureStandardMargin(sizeCoin: number, p: StandardMarginParams = DERIBIT_BTC_STANDARD): { im: number; mm: number } {
  const s = Math.abs(sizeCoin)
  return { im: futureMargin(s, p.futureImBase, p), mm: futureMargin(s, p.futureMmBase, p) }
}

/** IM or MM (by `baseRate`) of a future position of `s` coin, s >= 0. */
function futureMargin(s: number, baseRate: number, p: StandardMarginParams): number {
  return s * (baseRate + s * p.futureRatePerCoin)
}

/** Size in coin at the mark: options are 1 coin per contract; an inverse future's fixed USD notional
 * size * entryUsd is worth size * entryUsd / markUsd coin now.
 * @example positionSizeCoin({ instrument: perp, size: 2, entry: 50000 }, { ...market, indexUsd: 100000 }) // 1 */
export function positionSizeCoin(position: Position, market: MarketSnapshot): number {
  if (position.instrument.type === 'option') return Math.abs(position.size)
  return Math.abs(position.size) * position.entry / positionMark(position, market)
}

/** IM or MM (by `key`) of one position, coin. A number, not an { im, mm } object: account sums run on every margin
 * check of a backtest, and per-position objects (and the boxed arguments of the calls that made them) were most of
 * what a 1-minute backtest allocated between trades. */
function marginPart(position: Position, market: MarketSnapshot, p: StandardMarginParams, key: 'im' | 'mm'): number {
  const ins = position.instrument
  if (ins.type === 'option') {
    const mark = positionMark(position, market) // checked for a long position too
    if (position.size >= 0) return 0
    return -position.size * (key === 'mm' ? shortOptionMm(ins.kind, mark, p) : shortOptionIm(ins.kind, ins.strikeUsd, market.indexUsd, mark, p))
  }
  return futureMargin(Math.abs(positionSizeCoin(position, market)), key === 'mm' ? p.futureMmBase : p.futureImBase, p)
}

/** accountHealth(account, market, standardMarginModel(p)).health without its IM pass and result object: the same
 * equity and MM sum, so the same figure to the bit and the same MarginInvariantError on a missing mark or collateral
 * price. For the backtester's margin check, which runs every hour of a backtest and on every 0.5% move.
 * @example standardHealth(account, market) // 6: equity / MM; Infinity with no MM */
export function standardHealth(account: Account, market: MarketSnapshot, p: StandardMarginParams = DERIBIT_BTC_STANDARD): number {
  const equity = accountEquity(account, market)
  const mm = marginSum(account, market, p, 'mm')
  return mm > 0 ? equity / mm : Infinity
}

/** The account's IM or MM: the sum of its positions'. */
function marginSum(account: Account, market: MarketSnapshot, p: StandardMarginParams, key: 'im' | 'mm'): number {
  let total = 0
  for (const pos of account.positions) total += marginPart(pos, market, p, key)
  return total
}

/** Deribit standard margin: each position margined on its own, account IM and MM are the sums.
 * @example standardMarginModel().maintenance(account, market) */
export function standardMarginModel(p: StandardMarginParams = DERIBIT_BTC_STANDARD): MarginModel {
  const perPosition = (account: Account, market: MarketSnapshot): PositionMargin[] =>
    account.positions.map((pos) => ({ instrument: pos.instrument.name, im: marginPart(pos, market, p, 'im'), mm: marginPart(pos, market, p, 'mm') }))
  return {
    name: 'deribit-standard',
    initial: (account, market) => marginSum(account, market, p, 'im'),
    maintenance: (account, market) => marginSum(account, market, p, 'mm'),
    perPosition,
  }
}
