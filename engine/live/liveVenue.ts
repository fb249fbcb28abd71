import type { ExecutionPort, Fill, OrderAck } from '../ports/executionPort.ts'
import type { UnixMs } from '../domain/units.ts'

/** One currency's balance on a venue, in that currency. `maintenanceMargin` is what the venue holds against open
 * positions; equity / maintenanceMargin is the health the risk guard reads. */
export interface VenueBalance { readonly total: number; readonly free: number; readonly maintenanceMargin: number }

/** An index price (USD per coin) and the time the venue stamped it, for the staleness and deviation guards. */
export interface VenueIndex { readonly price: number; readonly tMs: UnixMs }

/** What a live run needs of a venue on top of the execution port: the reads reconciliation and the risk guards
 * make, and the kill switch's cancel-all. Implemented by CcxtVenue and PaperVenue.
 * | method | used by |
 * |---|---|
 * | find(clientId) | reconcile on start, and every submit before it sends (never two orders for one id) |
 * | fills(sinceMs) | reconcile: fills the journal has not recorded |
 * | balances() | status, health and daily-loss guards |
 * | index(currency), mark(id) | oracle staleness and deviation guards, hedge sizing |
 * | cancelAll() | optvault kill | */
export interface LiveVenue extends ExecutionPort {
  readonly name: string
  ready(): Promise<void>
  find(clientId: string, instrument?: string): Promise<OrderAck | undefined>
  fills(sinceMs?: UnixMs): Promise<readonly Fill[]>
  balances(): Promise<Readonly<Record<string, VenueBalance>>>
  index(currency: string): Promise<VenueIndex>
  mark(instrument: string): Promise<number>
  cancelAll(): Promise<number>
}
