import { ewmaForecast, fitGarch11, garch11TermVol, MS_PER_DAY, MS_PER_YEAR } from '../../engine/plugin/index.ts'

/** Fewest returns each forecast accepts: the EWMA seed, and what pins down GARCH(1,1)'s three parameters. */
export const MIN_RETURNS = { ewma: 20, garch: 50 } as const

/** Annualised realised-vol forecasts (fractions) from past closes, as a function of the horizon; undefined with too
 * little history. The model is fitted once, then asked for each horizon (one GARCH fit serves every ladder rung).
 * EWMA: next-bar variance with a per-bar decay lambdaDaily^(barMs / 1 day) (RiskMetrics' daily 0.94 keeps its
 * ~11-day half-life on hourly bars); the same for every horizon, as EWMA has no mean reversion. GARCH(1,1): mean
 * forecast variance over the horizon, reverting toward the long-run level. Both annualise with bars per 365 days.
 * @example volForecaster(ctx.market.closes(24 * 60 + 1), 3_600_000, 'ewma', 0.94)?.(7 * 86_400_000) // 0.62 */
export function volForecaster(closes: Float64Array, barMs: number, method: 'ewma' | 'garch',
  lambdaDaily: number): ((horizonMs: number) => number) | undefined {
  const n = closes.length - 1
  if (n < MIN_RETURNS[method]) return undefined
  const r = new Float64Array(n)
  for (let i = 0; i < n; i++) r[i] = Math.log((closes[i + 1] as number) / (closes[i] as number))
  const periodsPerYear = MS_PER_YEAR / barMs
  if (method === 'ewma') {
    const vol = ewmaForecast(r, { lambda: lambdaDaily ** (barMs / MS_PER_DAY), periodsPerYear }).volAnnual
    return () => vol
  }
  const fit = fitGarch11(r)
  return (horizonMs) => garch11TermVol(fit, Math.max(1, Math.round(horizonMs / barMs)), periodsPerYear)
}

/** One forecast over `horizonMs`: volForecaster for a single horizon. */
export function forecastVol(closes: Float64Array, barMs: number, method: 'ewma' | 'garch',
  o: { lambdaDaily: number; horizonMs: number }): number | undefined {
  return volForecaster(closes, barMs, method, o.lambdaDaily)?.(o.horizonMs)
}
