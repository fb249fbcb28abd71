/** Test helper: a model price built straight on the normalised Black function, the exact inverse of what
 * impliedVol reduces to (bsm: F = S e^((r-q)T); inverse: bsm / S; black76: F = underlying), so round trips test
 * the solver, not the agreement of two pricers. Not exported to the engine. */
import { normalisedBlackCall } from '../../../../../engine/domain/pricing/letsBeRational/normalisedBlack.ts'
import type { PricingModel } from '../../../../../engine/domain/pricing/types.ts'

export function normalisedModelPrice(model: PricingModel, isCall: boolean, underlying: number, strike: number,
  tYears: number, sigma: number, rate: number, div: number): number {
  const carry = model === 'black76' ? 0 : (rate - div) * tYears
  const forward = underlying * Math.exp(carry)
  const x = Math.log(underlying / strike) + carry
  const df = Math.exp(-rate * tYears)
  // b(x, s) for a call; a put is b(-x, s) in the strike-forward symmetric normalisation.
  const b = normalisedBlackCall(isCall ? x : -x, sigma * Math.sqrt(tYears))
  const price = df * Math.sqrt(forward) * Math.sqrt(strike) * b
  return model === 'inverse' ? price / underlying : price
}
