import { MS_PER_YEAR } from '../../engine/domain/units.ts'

/** Years between the first and last bar on a 365-day year (crypto trades 24/7, so no 252-day trading year).
 * @example spanYears(Float64Array.of(0, 86_400_000)) // 1 / 365 */
export function spanYears(tMs: Float64Array): number {
  return tMs.length < 2 ? 0 : ((tMs[tMs.length - 1] as number) - (tMs[0] as number)) / MS_PER_YEAR
}

/** Bars per year inferred from the timestamps: the number of bar-to-bar steps divided by the span in years, i.e.
 * one over the mean step. Works for any bar size and tolerates gaps (a gap lowers the rate a little, as it should:
 * the returns across it cover more time). null with fewer than two bars.
 * @example barsPerYear(hourlyTimes) // 8760 for gap-free 1h bars */
export function barsPerYear(tMs: Float64Array): number | null {
  const years = spanYears(tMs)
  return years > 0 ? (tMs.length - 1) / years : null
}
