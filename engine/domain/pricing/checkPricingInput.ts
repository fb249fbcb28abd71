import { PricingInputError } from '../../errors/pricing.ts'

/** Throws PricingInputError naming the first field no option can have; `where` names the caller (and batch row).
 * Written as negated comparisons so NaN fails every rule; costs a few compares, so hot paths call it too.
 * @example checkPricingInput(100, 100, 0.5, 0.2, 0.05, 0, 'optionGreeks') // returns; sigma -0.2 would throw */
export function checkPricingInput(underlying: number, strike: number, tYears: number, sigma: number, rate: number,
  div: number, where: string): void {
  if (!(underlying > 0 && underlying < Infinity)) throw new PricingInputError('underlying', underlying, where)
  if (!(strike > 0 && strike < Infinity)) throw new PricingInputError('strike', strike, where)
  if (!(tYears >= 0 && tYears < Infinity)) throw new PricingInputError('tYears', tYears, where)
  if (!(sigma >= 0 && sigma < Infinity)) throw new PricingInputError('sigma', sigma, where)
  if (!(Math.abs(rate) < Infinity)) throw new PricingInputError('rate', rate, where)
  if (!(Math.abs(div) < Infinity)) throw new PricingInputError('div', div, where)
}
