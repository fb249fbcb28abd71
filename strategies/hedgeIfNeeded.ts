import { hedgeDecision, type HedgeDecision, type HedgePolicy, type HedgeState, type StrategyContext } from '../engine/plugin/index.ts'
import { runState } from './runState.ts'

const LAST_HEDGE_SPOT = 'hedge.lastSpot'

// Scratch for the decision, reused: this runs on every bar, and each call fills both before reading either, so
// nothing carries over between calls (or between runs sharing the module).
const state: { -readonly [K in Exclude<keyof HedgeState, 'lastHedgeSpot'>]-?: number } & { lastHedgeSpot: number | undefined } = {
  nowMs: 0, barMs: 0, spot: 0, delta: 0, gamma: 0, navAsset: 0, lastHedgeSpot: undefined, tYears: 0, rate: 0, minHalfWidthUnits: 0,
}
const decision: { -readonly [K in keyof HedgeDecision]: HedgeDecision[K] } = { rehedge: false, targetUnits: 0, halfWidthUnits: 0, hedgeToUnits: 0, reason: '' }

/** Re-hedges when `policy` says so (hedgeDecision) and remembers the spot for the move trigger. Call it at the end
 * of onBar. `minBandOfNav` floors the band and Whalley-Wilmott half-widths, as a fraction of NAV. Returns the hedge
 * order's client id, or undefined when nothing was traded or no policy applies.
 * The Whalley-Wilmott band is not discounted (rate and expiry are not on the context): over the days-to-weeks
 * tenors vaults trade, exp(-rT)^(1/3) differs from 1 by well under 1%.
 * Runs on every bar: the book's gamma and the run state are read only by the triggers that use them, and a bar
 * that does not trade allocates nothing. */
export function hedgeIfNeeded(ctx: StrategyContext, policy: HedgePolicy | undefined, minBandOfNav = 0): string | undefined {
  if (policy === undefined) return undefined
  const navAsset = ctx.vault.navAsset()
  if (!(navAsset > 0)) return undefined
  const spot = ctx.market.spot()
  const byMove = policy.trigger === 'move'
  state.nowMs = ctx.now
  state.barMs = ctx.market.barMs
  state.spot = spot
  state.delta = ctx.portfolio.delta()
  state.gamma = policy.trigger === 'whalley-wilmott' ? ctx.portfolio.gamma() : 0
  state.navAsset = navAsset
  state.lastHedgeSpot = byMove ? runState(ctx).get(LAST_HEDGE_SPOT) as number | undefined : undefined
  state.minHalfWidthUnits = minBandOfNav * navAsset
  const d = hedgeDecision(policy, state, decision)
  if (!d.rehedge) return undefined
  const id = ctx.hedgeDeltaTo(d.hedgeToUnits / navAsset, { reason: d.reason })
  if (byMove) runState(ctx).set(LAST_HEDGE_SPOT, spot)
  return id
}
