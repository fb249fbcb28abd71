import type { ExecutionPort, Fill, OrderAck } from '../ports/executionPort.ts'
import type { UnixMs } from '../domain/units.ts'

/** One currency's balance on a venue, in that currency. `maintenanceMargin` is what the venue holds against open
 * positions; equity / maintenanceMargin is the health the risk guard reads. */
export interface VenueBalance { readonly total: number; readonly free: number; readonly maintenanceMargin: number }

/** An index price (USD per coin) and the time the venue stamped it, for the staleness and deviation guards. */
export interface VenueIndex { readonly price: number; readonly tMs: UnixMs }

/** Closed bars of one instrument, columnar like data/barColumns.ts: `tMs` = bar open time, prices in USD. */
export interface VenueBars {
  readonly length: number
  readonly tMs: Float64Array
  readonly open: Float64Array
  readonly high: Float64Array
  readonly low: Float64Array
  readonly close: Float64Array
  readonly volume: Float64Array
}

/** Best bid, best ask and mark of one instrument in its own quote (coins for Deribit options, USD for perps);
 * bid NaN when nobody bids. */
export interface VenueQuote { readonly bid: number; readonly ask: number; readonly mark: number }

/** What a live run needs of a venue on top of the execution port: the reads reconciliation and the risk guards
 * make, and the kill switch's cancel-all. Implemented by CcxtVenue and PaperVenue.
 * | method | used by |
 * |---|---|
 * | find(clientId) | reconcile on start, and every submit before it sends (never two orders for one id) |
 * | fills(sinceMs) | reconcile: fills the journal has not recorded |
 * | balances() | status, health and daily-loss guards |
 * | index(currency), mark(id), quote(id) | oracle staleness, deviation and slippage guards |
 * | bars, volIndex | the strategy's market view and model vol |
 * | cancelAll() | optvault kill | */
export interface LiveVenue extends ExecutionPort {
  readonly name: string
  ready(): Promise<void>
  find(clientId: string, instrument?: string): Promise<OrderAck | undefined>
  fills(sinceMs?: UnixMs): Promise<readonly Fill[]>
  balances(): Promise<Readonly<Record<string, VenueBalance>>>
  index(currency: string): Promise<VenueIndex>
  mark(instrument: string): Promise<number>
  quote(instrument: string): Promise<VenueQuote>
  /** The last `count` bars of `barMs` that closed at or before `endMs`. */
  bars(instrument: string, barMs: number, count: number, endMs: UnixMs): Promise<VenueBars>
  /** A 30-day implied vol index (Deribit's DVOL) as fractions, hourly, in [fromMs, toMs]; undefined where the venue
   * has none. */
  volIndex(currency: string, fromMs: UnixMs, toMs: UnixMs): Promise<{ length: number; tMs: Float64Array; vol: Float64Array } | undefined>
  cancelAll(): Promise<number>
}
