import { MS_PER_DAY, MS_PER_YEAR, type StrategyContext } from '../../engine/plugin/index.ts'
import { runState } from '../runState.ts'

const KEY = 'gamma.ewma'

/** The EWMA forecast kept current bar by bar: seeded at epoch start from the lookback window (forecastVol.ts), then
 * s2 = lambda * s2 + (1 - lambda) * r^2 with each new bar's log return r, the RiskMetrics recursion itself. O(1) per
 * bar, where recomputing over a window of weeks of 1-minute bars would cost tens of thousands of steps.
 * State: [variance per bar, time of the last bar folded in (ms), that bar's close, per-bar decay]. */
export function seedEwma(ctx: StrategyContext, volAnnual: number, lambdaDaily: number): void {
  runState(ctx).set(KEY, Float64Array.of(volAnnual * volAnnual * ctx.market.barMs / MS_PER_YEAR, ctx.now, ctx.market.spot(),
    lambdaDaily ** (ctx.market.barMs / MS_PER_DAY)))
}

/** Folds the current bar's return in (once per bar, whoever calls first). No-op before the first seed. */
export function updateEwma(ctx: StrategyContext): void {
  const s = runState(ctx).get(KEY) as Float64Array | undefined
  if (s === undefined || !(ctx.now > (s[1] as number))) return
  const spot = ctx.market.spot()
  const r = Math.log(spot / (s[2] as number))
  const lambda = s[3] as number
  s[0] = lambda * (s[0] as number) + (1 - lambda) * r * r
  s[1] = ctx.now
  s[2] = spot
}

/** Annualised EWMA vol now (a fraction), or undefined before the first seed. */
export function ewmaVolNow(ctx: StrategyContext): number | undefined {
  const s = runState(ctx).get(KEY) as Float64Array | undefined
  return s === undefined ? undefined : Math.sqrt((s[0] as number) * MS_PER_YEAR / ctx.market.barMs)
}
