/** Whether a vault should re-hedge now, for each trigger of hedgePolicy.ts. Pure: the caller passes the clock,
 * the book and what it remembers of the last hedge. */
import type { UnixMs } from '../units.ts'
import type { HedgePolicy } from './hedgePolicy.ts'
import { whalleyWilmottHalfWidth } from './whalleyWilmott.ts'

const MS_PER_HOUR = 3_600_000

export interface HedgeState {
  /** Current time (close of the current bar), ms UTC. */
  readonly nowMs: UnixMs
  /** Bar size in ms: an interval boundary "happened" if it fell inside the current bar. */
  readonly barMs: number
  /** Underlying price now, quote currency per unit. */
  readonly spot: number
  /** Net delta of the whole vault, units of the underlying (options, spot and perps). */
  readonly delta: number
  /** Net gamma of the book, d(delta)/dS: units of underlying per one quote-currency move in price (Whalley-Wilmott). */
  readonly gamma: number
  /** NAV in units of the vault asset: turns the per-NAV target and band into units. */
  readonly navAsset: number
  /** Spot at the last hedge; undefined before the first one (the move trigger then hedges). */
  readonly lastHedgeSpot?: number | undefined
  /** Years to the nearest option expiry in the book, for the band's discount factor; 0 when absent. */
  readonly tYears?: number
  /** Rate for the band's discount factor, a fraction; 0 when absent. */
  readonly rate?: number
  /** Floor under the band and Whalley-Wilmott half-widths, units of the underlying; 0 when absent. A book without
   * gamma has a zero Whalley-Wilmott band, yet its delta still drifts (an inverse perp's coin delta moves with
   * price), and chasing that drift every bar only pays fees. */
  readonly minHalfWidthUnits?: number
}

export interface HedgeDecision {
  readonly rehedge: boolean
  /** Delta the policy wants, units of the underlying: targetDelta * navAsset. */
  readonly targetUnits: number
  /** Tolerated |delta - targetUnits| in units of the underlying (0 for interval and move triggers). */
  readonly halfWidthUnits: number
  /** Delta to trade to when re-hedging, units of the underlying: the target, except for Whalley-Wilmott, whose
   * optimal policy trades only back to the nearest edge of the band (target +- halfWidth). */
  readonly hedgeToUnits: number
  /** Why, for the order's reason and the journal. */
  readonly reason: string
}

/** Decides a re-hedge under `policy`. Interval: when an `intervalHours` boundary of the UTC clock falls in the
 * current bar (stateless, so a restart never skips or doubles one). Band: |delta - target| > band * navAsset.
 * Move: |spot / lastHedgeSpot - 1| >= moveFraction. Whalley-Wilmott: |delta - target| > H from the book's gamma.
 * A delta already on target never trades, whatever the trigger. With `out` the decision is written there and `out`
 * is returned (nothing allocated when no reason string is built).
 * @example hedgeDecision({ trigger: 'band', band: 0.05, targetDelta: 1 },
 *   { nowMs: 0, barMs: 3_600_000, spot: 60_000, delta: 9.2, gamma: 0, navAsset: 10 })
 * // { rehedge: true, targetUnits: 10, halfWidthUnits: 0.5, hedgeToUnits: 10, reason: 'delta 9.2 is 0.8 from target 10 (band 0.5)' } */
export function hedgeDecision(policy: HedgePolicy, s: HedgeState, out?: HedgeDecisionSlots): HedgeDecision {
  const o = decide(out ?? { rehedge: false, targetUnits: 0, halfWidthUnits: 0, hedgeToUnits: 0, reason: '' }, policy, s)
  if (o.rehedge) o.reason = explain(o, policy, s)
  return o
}

/** A HedgeDecision a caller owns, for `hedgeDecision`'s `out`: a caller deciding on every bar passes one and
 * reads it before the next call, which overwrites it, so the no-trade path allocates nothing.
 * @example const out: HedgeDecisionSlots = { rehedge: false, targetUnits: 0, halfWidthUnits: 0, hedgeToUnits: 0, reason: '' } */
export type HedgeDecisionSlots = { -readonly [K in keyof HedgeDecision]: HedgeDecision[K] }

// Called on every bar, so kept small enough for V8 to inline into the caller: numbers go straight into `out` (a
// double passed to a helper that is not inlined is boxed on each call), and the no-trade reasons are constants;
// the reason for a trade is built by `explain`, only when there is one.
function decide(out: HedgeDecisionSlots, policy: HedgePolicy, s: HedgeState): HedgeDecisionSlots {
  const targetUnits = policy.targetDelta * s.navAsset
  const off = s.delta - targetUnits
  const dist = Math.abs(off)
  out.targetUnits = targetUnits
  out.halfWidthUnits = 0
  out.hedgeToUnits = targetUnits
  out.rehedge = false
  if (dist < 1e-12 * Math.max(1, Math.abs(targetUnits))) { out.reason = 'delta on target'; return out }
  switch (policy.trigger) {
    case 'interval': {
      const every = policy.intervalHours * MS_PER_HOUR
      // A boundary k*every lies in (now - barMs, now] exactly when the floor index changes over the bar.
      out.rehedge = Math.floor(s.nowMs / every) !== Math.floor((s.nowMs - s.barMs) / every)
      out.reason = 'between hedge intervals'
      return out
    }
    case 'band': {
      const half = Math.max(policy.band * s.navAsset, s.minHalfWidthUnits ?? 0)
      out.halfWidthUnits = half
      out.rehedge = dist > half
      out.reason = 'inside the band'
      return out
    }
    case 'move': {
      out.rehedge = s.lastHedgeSpot === undefined || Math.abs(s.spot / s.lastHedgeSpot - 1) >= policy.moveFraction
      out.reason = 'spot has not moved enough'
      return out
    }
    case 'whalley-wilmott': {
      const half = Math.max(s.minHalfWidthUnits ?? 0, whalleyWilmottHalfWidth({ spot: s.spot, gamma: s.gamma,
        costFraction: policy.costFraction, riskAversion: policy.riskAversion, rate: s.rate ?? 0, tYears: s.tYears ?? 0 }))
      out.halfWidthUnits = half
      out.rehedge = dist > half
      if (out.rehedge) out.hedgeToUnits = targetUnits + Math.sign(off) * half
      out.reason = 'inside the Whalley-Wilmott band'
      return out
    }
  }
}

/** The reason for a re-hedge `decide` chose, for the order and the journal. */
function explain(d: HedgeDecision, policy: HedgePolicy, s: HedgeState): string {
  const n = toSignificant6
  switch (policy.trigger) {
    case 'interval': return `${policy.intervalHours}h hedge interval`
    case 'band': return `delta ${n(s.delta)} is ${n(Math.abs(s.delta - d.targetUnits))} from target ${n(d.targetUnits)} (band ${n(d.halfWidthUnits)})`
    case 'move':
      if (s.lastHedgeSpot === undefined) return 'first hedge'
      return `spot moved ${n(Math.abs(s.spot / s.lastHedgeSpot - 1) * 100)}% since the last hedge (trigger ${n(policy.moveFraction * 100)}%)`
    case 'whalley-wilmott':
      return `delta ${n(s.delta)} is ${n(Math.abs(s.delta - d.targetUnits))} from target ${n(d.targetUnits)} (Whalley-Wilmott band ${n(d.halfWidthUnits)})`
  }
}

/** x to 6 significant digits, as Number(x.toPrecision(6)) gives it (to the last digit in all but rare ties), at a
 * fraction of the cost: a vault that re-hedges every few bars builds several of these per hedge. */
export function toSignificant6(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x
  const e = Math.floor(Math.log10(Math.abs(x)))
  // scale by an exact power of ten: 10 ** k is exact for 0 <= k <= 22, 10 ** -k is not
  if (e <= 5) { const f = 10 ** (5 - e); return f > 1e22 ? Number(x.toPrecision(6)) : Math.round(x * f) / f }
  const g = 10 ** (e - 5)
  return g > 1e22 ? Number(x.toPrecision(6)) : Math.round(x / g) * g
}
