// Test support: one BSM call under simulated paths, turned into the attribution columns a backtester would emit.
import { bsmInto } from '../../../engine/domain/pricing/bsm.ts'
import { GREEK_COUNT, GREEK_SLOT } from '../../../engine/domain/pricing/types.ts'
import { MS_PER_YEAR } from '../../../engine/domain/units.ts'
import type { AttributionInput } from '../../../backtest/attribution/attributePnl.ts'

export interface Path { tMs: Float64Array; spot: Float64Array; sigma: Float64Array }

/** Every `stride`-th point of a path (the same Brownian path seen on a coarser grid). */
export function subsample(p: Path, stride: number): Path {
  const n = Math.floor((p.tMs.length - 1) / stride) + 1
  const pick = (a: Float64Array) => Float64Array.from({ length: n }, (_, i) => a[i * stride] as number)
  return { tMs: pick(p.tMs), spot: pick(p.spot), sigma: pick(p.sigma) }
}

/** Columns for `qty` calls (strike, expiry) marked with BSM at the path's vol, optionally delta-hedged with spot at
 * every bar. pnl[i] is the change of the book's value from bar i-1, so it is exactly what a mark-to-model loop books. */
export function bookColumns(p: Path, o: { strike: number; expiryMs: number; qty: number; hedged: boolean; epochOf?: (i: number) => number }): AttributionInput {
  const n = p.tMs.length
  const c = () => new Float64Array(n)
  const delta = c(), gamma = c(), vega = c(), theta = c(), vanna = c(), volga = c(), pnl = c(), epoch = c()
  const g = new Float64Array(GREEK_COUNT)
  let prevValue = 0
  let prevHedge = 0
  for (let i = 0; i < n; i++) {
    const s = p.spot[i] as number
    bsmInto(g, true, s, o.strike, (o.expiryMs - (p.tMs[i] as number)) / MS_PER_YEAR, p.sigma[i] as number, 0, 0)
    const hedge = o.hedged ? -o.qty * (g[GREEK_SLOT.delta] as number) : 0 // units of spot held after this bar's trade
    const value = o.qty * (g[GREEK_SLOT.price] as number)
    // hedge P&L over the step comes from the units held since the previous bar
    pnl[i] = i === 0 ? 0 : value - prevValue + prevHedge * (s - (p.spot[i - 1] as number))
    delta[i] = o.qty * (g[GREEK_SLOT.delta] as number) + hedge
    gamma[i] = o.qty * (g[GREEK_SLOT.gamma] as number)
    vega[i] = o.qty * (g[GREEK_SLOT.vega] as number)
    theta[i] = o.qty * (g[GREEK_SLOT.theta] as number)
    vanna[i] = o.qty * (g[GREEK_SLOT.vanna] as number)
    volga[i] = o.qty * (g[GREEK_SLOT.volga] as number)
    epoch[i] = o.epochOf === undefined ? 1 : o.epochOf(i)
    prevValue = value
    prevHedge = hedge
  }
  return { tMs: p.tMs, spot: p.spot, sigma: p.sigma, delta, gamma, vega, theta, vanna, volga, pnl, epoch }
}
