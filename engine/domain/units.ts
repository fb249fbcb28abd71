/** Units and conventions shared by the whole engine. When a type cannot carry a unit, the name does
 * (`expiryMs`, `feeBps`, `tYears`). Pure: no I/O, no clock. */

/** Milliseconds since the Unix epoch, UTC. Never seconds, never local time. */
export type UnixMs = number & { readonly __unit?: 'UnixMs' }

/** Annualised volatility as a fraction: 0.65 means 65 vol points. */
export type Vol = number

/** Continuously compounded annual rate as a fraction: 0.05 means 5% a year. */
export type Rate = number

/** Time in years on the configured day count (ACT/365 unless configured). */
export type Years = number

export const MS_PER_DAY = 86_400_000
/** Days in a year for ACT/365, the default day count. */
export const DAYS_PER_YEAR = 365
export const MS_PER_YEAR = DAYS_PER_YEAR * MS_PER_DAY

/** Year fraction between two UTC instants on ACT/`daysPerYear` (365 unless configured).
 * Negative when `toMs` is before `fromMs`: callers that price decide what an expired option is worth.
 * @example yearFraction(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 8)) // 7 / 365 */
export function yearFraction(fromMs: UnixMs, toMs: UnixMs, daysPerYear: number = DAYS_PER_YEAR): Years {
  return (toMs - fromMs) / (daysPerYear * MS_PER_DAY)
}

/** On-chain amount in the token's smallest unit. Token amounts are never floats. */
export interface TokenAmount { readonly raw: bigint; readonly decimals: number; readonly symbol: string }
