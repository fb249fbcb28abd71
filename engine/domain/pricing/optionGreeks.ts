import { PricingInputError } from '../../errors/pricing.ts'
import { black76IntoUnchecked } from './black76.ts'
import { bsmIntoUnchecked } from './bsm.ts'
import { checkPricingInput } from './checkPricingInput.ts'
import { greeksFromSlots } from './greeksFromSlots.ts'
import { inverseIntoUnchecked } from './inverse.ts'
import { GREEK_COUNT, type OptionGreeks, type OptionInput, type PricingModel } from './types.ts'

/** Value and Greeks of one option under `model`, written into `out` (length >= GREEK_COUNT) in GREEK_KEYS order.
 * The allocation-free twin of `optionGreeks` for loops over bars: reuse one `out` for every call.
 * `underlying` is spot for bsm and inverse, forward for black76 (which ignores `div`).
 * @example
 * const g = new Float64Array(GREEK_COUNT)
 * optionGreeksInto(g, 'bsm', true, 100, 100, 0.5, 0.2, 0.05, 0) // g[GREEK_SLOT.delta] ~ 0.5977 */
export function optionGreeksInto(out: Float64Array, model: PricingModel, isCall: boolean, underlying: number,
  strike: number, tYears: number, sigma: number, rate: number, div: number): void {
  checkPricingInput(underlying, strike, tYears, sigma, rate, model === 'black76' ? 0 : div, 'optionGreeksInto')
  intoUnchecked(out, model, isCall, underlying, strike, tYears, sigma, rate, div, 'optionGreeksInto')
}

function intoUnchecked(out: Float64Array, model: PricingModel, isCall: boolean, underlying: number, strike: number,
  tYears: number, sigma: number, rate: number, div: number, where: string): void {
  if (model === 'bsm') bsmIntoUnchecked(out, isCall, underlying, strike, tYears, sigma, rate, div)
  else if (model === 'black76') black76IntoUnchecked(out, isCall, underlying, strike, tYears, sigma, rate)
  else if (model === 'inverse') inverseIntoUnchecked(out, isCall, underlying, strike, tYears, sigma, rate, div)
  else throw new PricingInputError('model', model, where)
}

const scratch = new Float64Array(GREEK_COUNT)

function evaluate(input: OptionInput, where: string): void {
  const { model, kind, underlying, strike, tYears, sigma, rate } = input
  const div = input.div ?? 0
  if (kind !== 'call' && kind !== 'put') throw new PricingInputError('kind', kind, where)
  if (model !== 'bsm' && model !== 'black76' && model !== 'inverse') throw new PricingInputError('model', model, where)
  checkPricingInput(underlying, strike, tYears, sigma, rate, model === 'black76' ? 0 : div, where)
  intoUnchecked(scratch, model, kind === 'call', underlying, strike, tYears, sigma, rate, div, where)
}

/** Value and Greeks of ONE option on ONE unit of underlying, for any model. Units (types.ts): value in quote
 * currency (in coins for `inverse`); vega per 1.00 vol; rho and divRho per 1.00 rate; theta and charm per year of
 * calendar time passing. Valid limits: t = 0 and sigma = 0 give the discounted intrinsic value and a step delta.
 * Throws PricingInputError naming the field for a NaN, negative or infinite input, or an unknown model or kind.
 * @example
 * optionGreeks({ model: 'bsm', kind: 'call', underlying: 60, strike: 65, tYears: 0.25, sigma: 0.3, rate: 0.08 })
 * // { price: 2.1334, delta: 0.3725, ... } (Haug, Option Pricing Formulas, p. 2-8) */
export function optionGreeks(input: OptionInput): OptionGreeks {
  evaluate(input, 'optionGreeks')
  return greeksFromSlots(scratch)
}

/** Value of ONE option on ONE unit of underlying: quote currency for bsm and black76, coins for inverse.
 * Same validation as `optionGreeks`.
 * @example optionPrice({ model: 'black76', kind: 'put', underlying: 19, strike: 19, tYears: 0.75, sigma: 0.28, rate: 0.1 }) // 1.7011 */
export function optionPrice(input: OptionInput): number {
  evaluate(input, 'optionPrice')
  return scratch[0] as number
}

/** Cash gamma 0.5 * gamma * S^2: the second-order value change for a relative move of the underlying, per unit of
 * that move squared. A move of m (0.1 = 10%) changes the value by about cashGamma * m^2 through gamma alone, so
 * this is the value change for a 100% move under the quadratic approximation. Units: those of the value (quote
 * currency, or coins when `gamma` is an inverse gamma in coins per USD^2 and `underlying` in USD).
 * @example cashGamma(0.0278, 55) // 42.0475: 0.42 for a 10% move (0.1^2), 0.0042 for 1% */
export function cashGamma(gamma: number, underlying: number): number {
  return 0.5 * gamma * underlying * underlying
}

/** Cash gamma per 1% move: cashGamma * 0.01^2, the value change through gamma when the underlying moves 1%
 * (in either direction). The usual desk figure: "we make 4.2 USD per 1% move".
 * @example cashGammaPerPct(0.0278, 55) // 0.00420475 */
export function cashGammaPerPct(gamma: number, underlying: number): number {
  return cashGamma(gamma, underlying) * 1e-4
}
