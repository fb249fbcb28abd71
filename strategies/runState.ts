import type { StrategyContext } from '../engine/plugin/index.ts'

// Fallback when a runtime gives no ctx.state: one map per portfolio view, which lives exactly as long as the run.
const fallback = new WeakMap<object, Map<string, unknown>>()

/** The run's scratch map: `ctx.state` when the runtime provides it, otherwise a map tied to this run's
 * portfolio view. Use it for what a strategy must remember between hooks.
 * @example
 * const mem = runState(ctx)
 * const last = mem.get('lastHedgeSpot') as number | undefined
 * mem.set('lastHedgeSpot', ctx.market.spot()) */
export function runState(ctx: StrategyContext): Map<string, unknown> {
  if (ctx.state !== undefined) return ctx.state
  let m = fallback.get(ctx.portfolio)
  if (m === undefined) { m = new Map(); fallback.set(ctx.portfolio, m) }
  return m
}
