/** The in-memory columnar forms every loader produces and the engine's hot loops read. One row per index
 * across all columns; `length` may be smaller than the arrays' capacity, so loops run to `length`.
 * Timestamps are `tMs`: ms since the Unix epoch, UTC, the OPEN time of a bar. A missing value is NaN. */

/** OHLCV bars: prices in quote currency (USD/USDT), volume in base units (BTC). */
export type BarColumns = Readonly<{
  length: number
  tMs: Float64Array
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
  volume: Float64Array
}>

/** A volatility index (e.g. Deribit DVOL), annualised, as a fraction: DVOL 55.3 is 0.553. */
export type VolColumns = Readonly<{ length: number; tMs: Float64Array; vol: Float64Array }>

/** Perpetual funding rate per funding interval (8h on Binance) as a fraction: 0.0001 = 0.01% per 8h. */
export type FundingColumns = Readonly<{ length: number; tMs: Float64Array; rate: Float64Array }>

/** Gas price: base fee plus priority tip, in gwei. */
export type GasColumns = Readonly<{ length: number; tMs: Float64Array; gwei: Float64Array }>

/** Option chain snapshots: one row per instrument per snapshot time `tMs`, rows in snapshot order.
 * bid/ask/mark are in units of the underlying coin per option (Deribit quotes inverse: 0.05 BTC), NaN when no
 * quote; IVs are annualised fractions, NaN when not given; underlyingPrice is the forward for that expiry in
 * quote currency (USD); openInterest in contracts of one coin. */
export type ChainColumns = Readonly<{
  length: number
  tMs: Float64Array
  instrument: readonly string[]
  expiryMs: Float64Array
  strike: Float64Array
  /** 1 for a call, 0 for a put */
  isCall: Uint8Array
  bid: Float64Array
  ask: Float64Array
  mark: Float64Array
  bidIv: Float64Array
  askIv: Float64Array
  markIv: Float64Array
  underlyingPrice: Float64Array
  openInterest: Float64Array
}>

export type SeriesKind = 'bars' | 'vol' | 'chain' | 'funding' | 'gas'
export const SERIES_KINDS: readonly SeriesKind[] = ['bars', 'vol', 'chain', 'funding', 'gas']

export interface SeriesByKind {
  bars: BarColumns
  vol: VolColumns
  chain: ChainColumns
  funding: FundingColumns
  gas: GasColumns
}
export type Series = SeriesByKind[SeriesKind]

/** Which kind a series is, from the columns it carries (the types have no tag, so generators can build them
 * as plain objects). */
export function seriesKindOf(s: Series): SeriesKind {
  if ('open' in s) return 'bars'
  if ('instrument' in s) return 'chain'
  if ('vol' in s) return 'vol'
  if ('rate' in s) return 'funding'
  return 'gas'
}
