import type { SeriesKind } from '../barColumns.ts'

/** The header of each canonical CSV kind, in the order writers emit it. Readers accept the columns in any order.
 * See data/README.md for each column's unit. */
export const CANONICAL_COLUMNS = {
  bars: ['ts', 'open', 'high', 'low', 'close', 'volume'],
  vol: ['ts', 'vol'],
  chain: ['ts', 'instrument', 'expiry', 'strike', 'type', 'bid', 'ask', 'mark', 'bid_iv', 'ask_iv', 'mark_iv', 'underlying_price', 'open_interest'],
  funding: ['ts', 'rate'],
  gas: ['ts', 'gwei'],
} as const satisfies Record<SeriesKind, readonly string[]>
