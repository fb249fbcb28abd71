import { ewmaForecast, fitGarch11, garch11TermVol, MS_PER_DAY, MS_PER_YEAR } from '../../engine/plugin/index.ts'

/** Fewest returns each forecast accepts: the EWMA seed, and what pins down GARCH(1,1)'s three parameters. */
export const MIN_RETURNS = { ewma: 20, garch: 50 } as const

/** Annualised realised-vol forecast (a fraction) from past closes, or undefined with too little history.
 * EWMA: next-bar variance with a per-bar decay lambdaDaily^(barMs / 1 day) (RiskMetrics' daily 0.94 keeps its
 * ~11-day half-life on hourly bars). GARCH(1,1): mean forecast variance over the `horizonMs` to expiry, which
 * mean-reverts toward the long-run level. Both annualise with the number of bars per 365-day year.
 * @example forecastVol(ctx.market.closes(24 * 60 + 1), 3_600_000, 'ewma', { lambdaDaily: 0.94, horizonMs: 7 * 86_400_000 }) */
export function forecastVol(closes: Float64Array, barMs: number, method: 'ewma' | 'garch',
  o: { lambdaDaily: number; horizonMs: number }): number | undefined {
  const n = closes.length - 1
  if (n < MIN_RETURNS[method]) return undefined
  const r = new Float64Array(n)
  for (let i = 0; i < n; i++) r[i] = Math.log((closes[i + 1] as number) / (closes[i] as number))
  const periodsPerYear = MS_PER_YEAR / barMs
  if (method === 'ewma') {
    return ewmaForecast(r, { lambda: o.lambdaDaily ** (barMs / MS_PER_DAY), periodsPerYear }).volAnnual
  }
  const fit = fitGarch11(r)
  return garch11TermVol(fit, Math.max(1, Math.round(o.horizonMs / barMs)), periodsPerYear)
}
