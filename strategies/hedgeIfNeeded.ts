import { hedgeDecision, type HedgePolicy, type StrategyContext } from '../engine/plugin/index.ts'
import { runState } from './runState.ts'

const LAST_HEDGE_SPOT = 'hedge.lastSpot'

/** Re-hedges when `policy` says so (hedgeDecision) and remembers the spot for the move trigger. Call it at the end
 * of onBar. `minBandOfNav` floors the band and Whalley-Wilmott half-widths, as a fraction of NAV. Returns the hedge
 * order's client id, or undefined when nothing was traded or no policy applies.
 * The Whalley-Wilmott band is not discounted (rate and expiry are not on the context): over the days-to-weeks
 * tenors vaults trade, exp(-rT)^(1/3) differs from 1 by well under 1%.
 * Runs on every bar: the book's gamma and the run state are read only by the triggers that use them. */
export function hedgeIfNeeded(ctx: StrategyContext, policy: HedgePolicy | undefined, minBandOfNav = 0): string | undefined {
  if (policy === undefined) return undefined
  const navAsset = ctx.vault.navAsset()
  if (!(navAsset > 0)) return undefined
  const spot = ctx.market.spot()
  const byMove = policy.trigger === 'move'
  const d = hedgeDecision(policy, {
    nowMs: ctx.now, barMs: ctx.market.barMs, spot, delta: ctx.portfolio.delta(),
    gamma: policy.trigger === 'whalley-wilmott' ? ctx.portfolio.gamma() : 0,
    navAsset, lastHedgeSpot: byMove ? runState(ctx).get(LAST_HEDGE_SPOT) as number | undefined : undefined,
    minHalfWidthUnits: minBandOfNav * navAsset,
  })
  if (!d.rehedge) return undefined
  const id = ctx.hedgeDeltaTo(d.hedgeToUnits / navAsset, { reason: d.reason })
  if (byMove) runState(ctx).set(LAST_HEDGE_SPOT, spot)
  return id
}
