import type { LogReturnStats } from './logReturnStats.ts'
import { safeRatio } from './safeRatio.ts'

/** Annualised Sortino ratio on log returns: (mean * barsPerYear - riskFreeRate) / (downside deviation *
 * sqrt(barsPerYear)). Convention: the downside target is the risk-free rate per bar (riskFreeRate / barsPerYear,
 * so 0 by default) and the downside deviation averages over ALL periods, gains counting as 0 (see
 * LogReturnStats.downsideDeviation; computing `stats` with that target is the caller's job). A series with no return
 * below target has downside deviation 0, so Sortino is Infinity when the mean beats the rate (safeRatio).
 * @example sortinoRatio(logReturnStats(nav, 0), 365) */
export function sortinoRatio(stats: LogReturnStats, barsPerYear: number | null, riskFreeRate = 0): number | null {
  if (barsPerYear === null || !(stats.count >= 1)) return null
  return safeRatio(stats.mean * barsPerYear - riskFreeRate, stats.downsideDeviation * Math.sqrt(barsPerYear))
}
