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
  return decide(out ?? { rehedge: false, targetUnits: 0, halfWidthUnits: 0, hedgeToUnits: 0, reason: '' }, policy, s)
}

/** A HedgeDecision a caller owns, for `hedgeDecision`'s `out`: a caller deciding on every bar passes one and
 * reads it before the next call, which overwrites it, so the no-trade path allocates nothing.
 * @example const out: HedgeDecisionSlots = { rehedge: false, targetUnits: 0, halfWidthUnits: 0, hedgeToUnits: 0, reason: '' } */
export type HedgeDecisionSlots = { -readonly [K in keyof HedgeDecision]: HedgeDecision[K] }

function decide(out: HedgeDecisionSlots, policy: HedgePolicy, s: HedgeState): HedgeDecisionSlots {
  // Called on every bar: the no-trade path builds no strings (formatting a reason costs more than the decision).
  const targetUnits = policy.targetDelta * s.navAsset
  const off = s.delta - targetUnits
  const dist = Math.abs(off)
  if (dist < 1e-12 * Math.max(1, Math.abs(targetUnits))) return set(out, false, targetUnits, 0, targetUnits, 'delta on target')
  switch (policy.trigger) {
    case 'interval': {
      const every = policy.intervalHours * MS_PER_HOUR
      // A boundary k*every lies in (now - barMs, now] exactly when the floor index changes over the bar.
      const hit = Math.floor(s.nowMs / every) !== Math.floor((s.nowMs - s.barMs) / every)
      if (!hit) return set(out, false, targetUnits, 0, targetUnits, 'between hedge intervals')
      return set(out, true, targetUnits, 0, targetUnits, `${policy.intervalHours}h hedge interval`)
    }
    case 'band': {
      const half = Math.max(policy.band * s.navAsset, s.minHalfWidthUnits ?? 0)
      if (!(dist > half)) return set(out, false, targetUnits, half, targetUnits, 'inside the band')
      return set(out, true, targetUnits, half, targetUnits,
        `delta ${fmt(s.delta)} is ${fmt(dist)} from target ${fmt(targetUnits)} (band ${fmt(half)})`)
    }
    case 'move': {
      if (s.lastHedgeSpot === undefined) return set(out, true, targetUnits, 0, targetUnits, 'first hedge')
      const move = Math.abs(s.spot / s.lastHedgeSpot - 1)
      if (!(move >= policy.moveFraction)) return set(out, false, targetUnits, 0, targetUnits, 'spot has not moved enough')
      return set(out, true, targetUnits, 0, targetUnits,
        `spot moved ${fmt(move * 100)}% since the last hedge (trigger ${fmt(policy.moveFraction * 100)}%)`)
    }
    case 'whalley-wilmott': {
      const half = Math.max(s.minHalfWidthUnits ?? 0, whalleyWilmottHalfWidth({ spot: s.spot, gamma: s.gamma,
        costFraction: policy.costFraction, riskAversion: policy.riskAversion, rate: s.rate ?? 0, tYears: s.tYears ?? 0 }))
      if (!(dist > half)) return set(out, false, targetUnits, half, targetUnits, 'inside the Whalley-Wilmott band')
      return set(out, true, targetUnits, half, targetUnits + Math.sign(off) * half,
        `delta ${fmt(s.delta)} is ${fmt(dist)} from target ${fmt(targetUnits)} (Whalley-Wilmott band ${fmt(half)})`)
    }
  }
}

function set(out: HedgeDecisionSlots, rehedge: boolean, targetUnits: number, halfWidthUnits: number, hedgeToUnits: number, reason: string): HedgeDecisionSlots {
  out.rehedge = rehedge
  out.targetUnits = targetUnits
  out.halfWidthUnits = halfWidthUnits
  out.hedgeToUnits = hedgeToUnits
  out.reason = reason
  return out
}

function fmt(x: number): number {
  return Number(x.toPrecision(6))
}
