import type { Rate, Vol, Years } from '../units.ts'
import { bsmIntoUnchecked } from './bsm.ts'
import { checkPricingInput } from './checkPricingInput.ts'
import { greeksFromSlots } from './greeksFromSlots.ts'
import { GREEK_COUNT, type OptionGreeks, type OptionKind } from './types.ts'

/** Inputs of one Black-76 option on a forward or future (units as in types.ts).
 * @example const x: Black76Input = { kind: 'put', forward: 19, strike: 19, tYears: 0.75, sigma: 0.28, rate: 0.1 } */
export interface Black76Input {
  readonly kind: OptionKind
  /** Forward (or futures) price for the option's expiry, in quote currency per unit. */
  readonly forward: number
  readonly strike: number
  readonly tYears: Years
  readonly sigma: Vol
  /** Discount rate: the premium is paid today, the payoff at expiry, so the value is discounted by e^-rt. */
  readonly rate: Rate
}

/** Value and Greeks of a European option on a forward under Black-76, written into `out` in GREEK_KEYS order.
 * The hot-path twin of `black76Greeks`. Greeks are taken with respect to the FORWARD, holding it fixed as time
 * passes: delta = e^-rt N(d1), theta = r V - e^-rt dB/dtau. Rho is dV/dr with the forward held fixed, which only
 * discounts: rho = -t V. divRho is 0 (there is no yield; the forward already carries it).
 *
 * Black-76 is Black-Scholes-Merton on S = F with carry 0 (q = r), so this delegates to `bsmInto` and fixes rho and
 * divRho; limits and numerics are those of `bsmInto`.
 * @example
 * const g = new Float64Array(GREEK_COUNT)
 * black76Into(g, false, 19, 19, 0.75, 0.28, 0.1) // g[0] = 1.7011 (Haug, Option Pricing Formulas, p. 2-8: Black-76)
 */
export function black76Into(out: Float64Array, isCall: boolean, forward: number, strike: number, tYears: number,
  sigma: number, rate: number): void {
  checkPricingInput(forward, strike, tYears, sigma, rate, 0, 'black76Into')
  black76IntoUnchecked(out, isCall, forward, strike, tYears, sigma, rate)
}

/** `black76Into` without the input check, for loops that validated every row first. `higherOrder` as in
 * `bsmIntoUnchecked`: false writes slots 0-5 only.
 * @example black76IntoUnchecked(g, false, 19, 19, 0.75, 0.28, 0.1) // same as black76Into */
export function black76IntoUnchecked(out: Float64Array, isCall: boolean, forward: number, strike: number,
  tYears: number, sigma: number, rate: number, higherOrder = true): void {
  bsmIntoUnchecked(out, isCall, forward, strike, tYears, sigma, rate, rate, higherOrder)
  out[5] = -tYears * (out[0] as number)
  if (higherOrder) out[6] = 0
}

const scratch = new Float64Array(GREEK_COUNT)

/** Value and Greeks of one Black-76 option (see `black76Into` for conventions).
 * @example black76Greeks({ kind: 'call', forward: 3000, strike: 3200, tYears: 7 / 365, sigma: 0.65, rate: 0.05 }).delta */
export function black76Greeks(input: Black76Input): OptionGreeks {
  black76Into(scratch, input.kind === 'call', input.forward, input.strike, input.tYears, input.sigma, input.rate)
  return greeksFromSlots(scratch)
}

/** Value of one Black-76 option in quote currency.
 * @example black76Price({ kind: 'put', forward: 19, strike: 19, tYears: 0.75, sigma: 0.28, rate: 0.1 }) // 1.7011 */
export function black76Price(input: Black76Input): number {
  black76Into(scratch, input.kind === 'call', input.forward, input.strike, input.tYears, input.sigma, input.rate)
  return scratch[0] as number
}
