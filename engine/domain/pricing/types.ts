/** Types of the pricing core. Conventions, for every model:
 * - `sigma` is annualised volatility as a fraction (0.65 = 65 vol points).
 * - `tYears` is time to expiry in years (ACT/365 from ms UTC unless configured; see units.ts yearFraction).
 * - `rate` and `div` are continuously compounded annual rates as fractions.
 * - Greeks are raw derivatives of the value of ONE option on ONE unit of underlying:
 *   vega per 1.00 of vol (not per vol point), rho per 1.00 of rate, theta per year as dV/dt with calendar
 *   time passing (so usually negative for a long option). Reports scale for display, never this type. */
import type { Rate, Vol, Years } from '../units.ts'

export type OptionKind = 'call' | 'put'

/** - `bsm`: Black-Scholes-Merton on spot `underlying` with continuous dividend / carry yield `div`.
 * - `black76`: Black-76 on a forward `underlying`, discounted at `rate`; `div` is ignored.
 * - `inverse`: coin-margined option as Deribit quotes it: the BSM value divided by `underlying`, so the
 *   premium is in units of the underlying (BTC per option on 1 BTC); Greeks are derivatives of that coin value. */
export type PricingModel = 'bsm' | 'black76' | 'inverse'

export interface OptionInput {
  readonly model: PricingModel
  readonly kind: OptionKind
  /** Spot for bsm and inverse, forward for black76; in quote currency (USD) per unit. */
  readonly underlying: number
  readonly strike: number
  readonly tYears: Years
  readonly sigma: Vol
  readonly rate: Rate
  /** Continuous dividend / carry yield (bsm, inverse). 0 when absent. */
  readonly div?: Rate
}

/** Value and Greeks of one option on one unit of underlying; see the module comment for units. */
export interface OptionGreeks {
  /** Value: quote currency for bsm and black76, units of underlying for inverse. */
  price: number
  delta: number // dV/dS
  gamma: number // d2V/dS2
  vega: number // dV/dsigma, sigma as a fraction
  theta: number // dV/dt as calendar time passes, per year
  rho: number // dV/dr
  divRho: number // dV/dq (0 for black76)
  vanna: number // d2V/dS dsigma
  volga: number // d2V/dsigma2
  charm: number // d(delta)/dt as calendar time passes, per year
  speed: number // d3V/dS3
}

/** Keys of OptionGreeks in the order the CLI and the batch API use. */
export const GREEK_KEYS = ['price', 'delta', 'gamma', 'vega', 'theta', 'rho', 'divRho', 'vanna', 'volga', 'charm', 'speed'] as const
export type GreekKey = (typeof GREEK_KEYS)[number]

/** Number of slots the `…Into(out, …)` hot-path functions fill: one per GREEK_KEYS entry, in that order.
 * @example const g = new Float64Array(GREEK_COUNT) // 11 slots, reused for every option */
export const GREEK_COUNT = GREEK_KEYS.length
/** Slot of each Greek in an `…Into` output array (GREEK_KEYS order): `out[GREEK_SLOT.vega]` is vega.
 * @example const g = new Float64Array(GREEK_COUNT); bsmInto(g, true, 100, 100, 1, 0.2, 0.05, 0); g[GREEK_SLOT.delta] */
export const GREEK_SLOT: { readonly [K in GreekKey]: number } = {
  price: 0, delta: 1, gamma: 2, vega: 3, theta: 4, rho: 5, divRho: 6, vanna: 7, volga: 8, charm: 9, speed: 10,
}
