/** What can be traded. Ids follow Deribit's names (`BTC-28JUN24-60000-C`, `BTC-PERPETUAL`) and spot pairs
 * (`BTC/USD`); adapters map them to venue symbols (ccxt's unified `BTC/USD:BTC-240628-60000-C`). */
import type { UnixMs } from '../units.ts'
import type { OptionKind } from '../pricing/types.ts'

export type InstrumentId = string

/** A European option on one unit of `underlying`. `inverse`: premium and settlement in coins of the underlying
 * (Deribit); otherwise linear in the quote currency. Strike in quote currency. */
export interface OptionInstrument {
  readonly type: 'option'
  readonly id: InstrumentId
  readonly underlying: string
  readonly quote: string
  readonly kind: OptionKind
  readonly strike: number
  readonly expiryMs: UnixMs
  readonly inverse: boolean
}

/** A perpetual swap on one unit of `underlying`; `inverse` when margined in the coin. */
export interface PerpInstrument {
  readonly type: 'perp'
  readonly id: InstrumentId
  readonly underlying: string
  readonly quote: string
  readonly inverse: boolean
}

/** Spot: buying 1 gives 1 unit of `underlying` for `price` units of `quote`. */
export interface SpotInstrument {
  readonly type: 'spot'
  readonly id: InstrumentId
  readonly underlying: string
  readonly quote: string
}

export type Instrument = OptionInstrument | PerpInstrument | SpotInstrument
