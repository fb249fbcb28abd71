/** EWMA variance (RiskMetrics, J.P. Morgan/Reuters Technical Document 1996, section 5.2.1):
 * s2[t] = lambda * s2[t-1] + (1 - lambda) * r[t-1]^2, seeded with the mean square of the first `seedCount`
 * returns. Returns are log returns per period (a fraction, not percent). The forecast for every horizon is
 * the next-period variance: EWMA has no mean reversion.
 *
 * Only returns strictly before the forecast point enter: the caller passes the past, e.g. `returns.subarray(0, t)`. */
export interface EwmaForecast {
  /** Variance of the next period's return, per period. */
  readonly variancePerPeriod: number
  /** Annualised vol (fraction): sqrt(variance * periodsPerYear). */
  readonly volAnnual: number
}

/** Next-period EWMA variance and annualised vol from past returns.
 * @example ewmaForecast(dailyLogReturns, { lambda: 0.94, periodsPerYear: 365 }).volAnnual // 0.62 */
export function ewmaForecast(returns: Float64Array, o: { lambda?: number; periodsPerYear: number; seedCount?: number }): EwmaForecast {
  const lambda = o.lambda ?? 0.94
  if (!(lambda > 0 && lambda < 1)) throw new RangeError(`ewma lambda must be in (0, 1), got ${lambda}`)
  if (returns.length === 0) throw new RangeError('ewma needs at least one return')
  const seedCount = Math.min(returns.length, o.seedCount ?? 20)
  let s2 = 0
  for (let i = 0; i < seedCount; i++) s2 += (returns[i] as number) ** 2
  s2 /= seedCount
  for (let i = seedCount; i < returns.length; i++) s2 = lambda * s2 + (1 - lambda) * (returns[i] as number) ** 2
  return { variancePerPeriod: s2, volAnnual: Math.sqrt(s2 * o.periodsPerYear) }
}
