/** The one way a strategy's intent leaves the runtime. Implemented by the simulated venue (backtest), the paper
 * venue and the live adapters (ccxt, Uniswap). Quantities are in units of the underlying (1 = one BTC option or
 * one BTC of perp/spot); prices in the instrument's quote (coins for inverse options, quote currency otherwise). */
import type { InstrumentId } from '../domain/instruments/instrument.ts'
import type { UnixMs } from '../domain/units.ts'

export type Side = 'buy' | 'sell'

/** Why an order exists; it becomes trades.csv's `kind` column. */
export type OrderPurpose = 'option' | 'hedge' | 'settlement' | 'liquidation' | 'funding'

export interface OrderIntent {
  /** Deterministic id derived from (run, epoch, step, purpose): a replay or retry never places a second order. */
  readonly clientId: string
  readonly instrument: InstrumentId
  readonly side: Side
  /** Positive quantity in units of the underlying. */
  readonly qty: number
  /** Absent: market order. */
  readonly limitPrice?: number
  readonly purpose: OrderPurpose
  /** Free text for the journal and trades.csv `reason`. */
  readonly reason: string
}

export interface Fill {
  readonly clientId: string
  readonly instrument: InstrumentId
  readonly side: Side
  readonly qty: number
  readonly price: number
  /** Fee paid, in the venue's fee currency; `feeCurrency` says which. */
  readonly fee: number
  readonly feeCurrency: string
  readonly tMs: UnixMs
}

export type OrderStatus = 'open' | 'partially-filled' | 'filled' | 'cancelled' | 'rejected'

export interface OrderAck {
  readonly clientId: string
  readonly status: OrderStatus
  readonly filledQty: number
  readonly fills: readonly Fill[]
  readonly venueOrderId?: string
  readonly rejectReason?: string
}

export interface PositionReport {
  readonly instrument: InstrumentId
  /** Signed: positive long, negative short, in units of the underlying. */
  readonly qty: number
  readonly avgPrice: number
}

/** Every venue fills in these methods; see engine/adapters/README.md for the table of expectations. */
export interface ExecutionPort {
  /** Idempotent on `order.clientId`: submitting the same id again returns the first order's ack. */
  submit(order: OrderIntent): Promise<OrderAck>
  /** Changes price and/or quantity of an open order. */
  amend(clientId: string, change: { qty?: number; limitPrice?: number }): Promise<OrderAck>
  cancel(clientId: string): Promise<void>
  openOrders(): Promise<readonly OrderAck[]>
  /** What the venue holds; checked against the journal on start. */
  positions(): Promise<readonly PositionReport[]>
}

/** A venue that answers at once, with the same answers as its ExecutionPort methods: the backtest's simulated
 * venue. The loop sends to it without awaiting, so a backtest's trade costs no chain of promises (with a 0.5% hedge
 * band, 416k trades on 2.6M bars, that chain was ~40% of the run's allocation and 5-18% of its time). Live venues
 * answer over the network and implement ExecutionPort alone. */
export interface ImmediateOrderPort {
  submitNow(order: OrderIntent): OrderAck
  amendNow(clientId: string, change: { qty?: number; limitPrice?: number }): OrderAck
  cancelNow(clientId: string): void
}
