import type { LogReturnStats } from './logReturnStats.ts'

/** Annualised volatility as a fraction: the per-bar sample std of log returns times sqrt(bars per year).
 * null with fewer than two returns.
 * @example annualizedVol(logReturnStats(dailyNav), 365) // 0.6 for a 60-vol daily series */
export function annualizedVol(stats: LogReturnStats, barsPerYear: number | null): number | null {
  if (barsPerYear === null || !(stats.count >= 2)) return null
  return stats.std * Math.sqrt(barsPerYear)
}
