import type { LogReturnStats } from './logReturnStats.ts'
import { safeRatio } from './safeRatio.ts'

/** Annualised Sharpe ratio on log returns: (mean log return per bar * barsPerYear - riskFreeRate) / annualised vol.
 * `riskFreeRate` is a continuously compounded annual rate as a fraction (default 0), so it subtracts directly from
 * the annualised mean log return. Zero vol gives +-Infinity or null (safeRatio); fewer than two returns gives null.
 * @example sharpeRatio(logReturnStats(nav), 365, 0.04) */
export function sharpeRatio(stats: LogReturnStats, barsPerYear: number | null, riskFreeRate = 0): number | null {
  if (barsPerYear === null || !(stats.count >= 2)) return null
  return safeRatio(stats.mean * barsPerYear - riskFreeRate, stats.std * Math.sqrt(barsPerYear))
}
