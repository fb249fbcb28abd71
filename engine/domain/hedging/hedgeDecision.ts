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
 * A delta already on target never trades, whatever the trigger.
 * @example hedgeDecision({ trigger: 'band', band: 0.05, targetDelta: 1 },
 *   { nowMs: 0, barMs: 3_600_000, spot: 60_000, delta: 9.2, gamma: 0, navAsset: 10 })
 * // { rehedge: true, targetUnits: 10, halfWidthUnits: 0.5, hedgeToUnits: 10, reason: 'delta 9.2 is 0.8 from target 10 (band 0.5)' } */
export function hedgeDecision(policy: HedgePolicy, s: HedgeState): HedgeDecision {
  // Called on every bar: the no-trade path builds no strings (formatting a reason costs more than the decision).
  const targetUnits = policy.targetDelta * s.navAsset
  const off = s.delta - targetUnits
  const dist = Math.abs(off)
  if (dist < 1e-12 * Math.max(1, Math.abs(targetUnits))) return hold(targetUnits, 0, 'delta on target')
  switch (policy.trigger) {
    case 'interval': {
      const every = policy.intervalHours * MS_PER_HOUR
      // A boundary k*every lies in (now - barMs, now] exactly when the floor index changes over the bar.
      const hit = Math.floor(s.nowMs / every) !== Math.floor((s.nowMs - s.barMs) / every)
      if (!hit) return hold(targetUnits, 0, 'between hedge intervals')
      return { rehedge: true, targetUnits, halfWidthUnits: 0, hedgeToUnits: targetUnits, reason: `${policy.intervalHours}h hedge interval` }
    }
    case 'band': {
      const half = Math.max(policy.band * s.navAsset, s.minHalfWidthUnits ?? 0)
      if (!(dist > half)) return hold(targetUnits, half, 'inside the band')
      return { rehedge: true, targetUnits, halfWidthUnits: half, hedgeToUnits: targetUnits,
        reason: `delta ${fmt(s.delta)} is ${fmt(dist)} from target ${fmt(targetUnits)} (band ${fmt(half)})` }
    }
    case 'move': {
      if (s.lastHedgeSpot === undefined) return { rehedge: true, targetUnits, halfWidthUnits: 0, hedgeToUnits: targetUnits, reason: 'first hedge' }
      const move = Math.abs(s.spot / s.lastHedgeSpot - 1)
      if (!(move >= policy.moveFraction)) return hold(targetUnits, 0, 'spot has not moved enough')
      return { rehedge: true, targetUnits, halfWidthUnits: 0, hedgeToUnits: targetUnits,
        reason: `spot moved ${fmt(move * 100)}% since the last hedge (trigger ${fmt(policy.moveFraction * 100)}%)` }
    }
    case 'whalley-wilmott': {
      const half = Math.max(s.minHalfWidthUnits ?? 0, whalleyWilmottHalfWidth({ spot: s.spot, gamma: s.gamma,
        costFraction: policy.costFraction, riskAversion: policy.riskAversion, rate: s.rate ?? 0, tYears: s.tYears ?? 0 }))
      if (!(dist > half)) return hold(targetUnits, half, 'inside the Whalley-Wilmott band')
      return { rehedge: true, targetUnits, halfWidthUnits: half, hedgeToUnits: targetUnits + Math.sign(off) * half,
        reason: `delta ${fmt(s.delta)} is ${fmt(dist)} from target ${fmt(targetUnits)} (Whalley-Wilmott band ${fmt(half)})` }
    }
  }
}

function hold(targetUnits: number, halfWidthUnits: number, reason: string): HedgeDecision {
  return { rehedge: false, targetUnits, halfWidthUnits, hedgeToUnits: targetUnits, reason }
}

function fmt(x: number): number {
  return Number(x.toPrecision(6))
}
