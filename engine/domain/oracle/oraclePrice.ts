import type { UnixMs } from '../units.ts'

/** A price from one source, kept as an integer so amounts derived from it stay exact: quote currency per ONE unit
 * of the base asset, times 10^decimals (Chainlink's BTC/USD answer 6_000_000_000_000 with 8 decimals is 60000 USD).
 * @example const p: OraclePrice = { answer: 6_000_000_000_000n, decimals: 8, source: 'chainlink BTC/USD', updatedAtMs: Date.UTC(2024, 0, 1) } */
export interface OraclePrice {
  readonly answer: bigint
  readonly decimals: number
  /** Human-readable name for messages and the journal, e.g. `chainlink BTC/USD`. */
  readonly source: string
  /** When the source last updated it (for a TWAP: the end of the window). */
  readonly updatedAtMs: UnixMs
}

/** The price as a float, for comparison and display only; amounts are computed from `answer`.
 * @example oraclePriceNumber({ answer: 6_000_000_000_000n, decimals: 8, source: 'x', updatedAtMs: 0 }) // 60000 */
export function oraclePriceNumber(p: OraclePrice): number {
  const scale = 10n ** BigInt(p.decimals)
  return Number(p.answer / scale) + Number(p.answer % scale) / Number(scale)
}
