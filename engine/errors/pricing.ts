import { OptvaultError } from './base.ts'

/** An input to the pricing core that no option can have: a negative or NaN vol, time, strike or underlying, or a
 * non-finite rate. Names the field, the value and the rule. Exits 2 when it reaches the CLI, like any bad input.
 * `where` says which call (and batch row) saw it; callers that read files wrap it with the file and line.
 * @example
 * throw new PricingInputError('sigma', -0.2, 'optionGreeks')
 * // sigma must be a finite number >= 0, got -0.2.
 * // Where: optionGreeks
 * // Fix: sigma is annualised volatility as a fraction: 0.65 for 65 vol points. */
export class PricingInputError extends OptvaultError {
  override name = 'PricingInputError'
  override readonly exitCode = 2 as const
  constructor(readonly field: PricingField, readonly value: unknown, where: string) {
    super(`${field} must be ${RULES[field]}, got ${String(value)}.`, { where, fix: FIXES[field] })
  }
}

/** The fields of a pricing input, as named in `OptionInput` and `BatchInput`. */
export type PricingField = 'model' | 'kind' | 'underlying' | 'strike' | 'tYears' | 'sigma' | 'rate' | 'div'

const RULES: Record<PricingField, string> = {
  model: 'one of bsm, black76, inverse',
  kind: 'call or put',
  underlying: 'a finite number > 0',
  strike: 'a finite number > 0',
  tYears: 'a finite number >= 0',
  sigma: 'a finite number >= 0',
  rate: 'a finite number',
  div: 'a finite number',
}

const FIXES: Record<PricingField, string> = {
  model: 'bsm prices on spot with a yield, black76 on a forward, inverse in coins (Deribit-style).',
  kind: "write 'call' or 'put' in lower case.",
  underlying: 'underlying is the spot (bsm, inverse) or forward (black76) price in quote currency, e.g. 3000.',
  strike: 'strike is in quote currency per unit of underlying, e.g. 3200.',
  tYears: 'tYears is time to expiry in years (7 days = 7 / 365); an expired option has no time value to price.',
  sigma: 'sigma is annualised volatility as a fraction: 0.65 for 65 vol points.',
  rate: 'rate is a continuously compounded annual rate as a fraction: 0.05 for 5%.',
  div: 'div is a continuous dividend or carry yield as a fraction: 0.02 for 2%; use 0 when there is none.',
}
