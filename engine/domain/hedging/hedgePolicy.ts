/** When a vault re-hedges its delta: the config's `hedge:` section as strategies see it. Pure types.
 * Delta targets and bands are per unit of NAV in the vault asset: with NAV 10 BTC, `targetDelta: 1` means a net
 * delta of +10 BTC and `band: 0.05` means "re-hedge when delta is more than 0.5 BTC from the target". */
export type HedgeTrigger = 'interval' | 'band' | 'move' | 'whalley-wilmott'

interface HedgeBase {
  /** Net delta to keep, per unit of NAV in the vault asset: 1 = as long as holding the NAV, 0 = neutral. */
  readonly targetDelta: number
}

/** Re-hedge at every multiple of `intervalHours` (UTC clock), whatever the delta. */
export interface IntervalHedge extends HedgeBase { readonly trigger: 'interval'; readonly intervalHours: number }
/** Re-hedge when |delta / NAV - targetDelta| > band (a fraction of NAV). */
export interface BandHedge extends HedgeBase { readonly trigger: 'band'; readonly band: number }
/** Re-hedge when the underlying has moved by `moveFraction` (0.02 = 2%) since the last hedge. */
export interface MoveHedge extends HedgeBase { readonly trigger: 'move'; readonly moveFraction: number }
/** Re-hedge when |delta - target| leaves the Whalley-Wilmott band (whalleyWilmott.ts). */
export interface WhalleyWilmottHedge extends HedgeBase {
  readonly trigger: 'whalley-wilmott'
  /** Exponential-utility risk aversion, per unit of quote currency. */
  readonly riskAversion: number
  /** Proportional cost lambda of one hedge trade, as a fraction of notional (fee plus slippage). */
  readonly costFraction: number
}

/** One of the four triggers; `trigger` tells which fields are present.
 * @example const p: HedgePolicy = { trigger: 'band', band: 0.05, targetDelta: 1 } */
export type HedgePolicy = IntervalHedge | BandHedge | MoveHedge | WhalleyWilmottHedge
