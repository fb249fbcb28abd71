import { OptvaultError } from './base.ts'

/** Why no implied volatility exists for a price:
 * - `below-intrinsic`: the price is less than the discounted intrinsic value (no vol, not even 0, reaches it).
 * - `above-upper-bound`: the price is at or above the no-arbitrage maximum (the discounted forward for a call,
 *   the discounted strike for a put); only an infinite vol reaches the bound itself, so it is an error too.
 * - `invalid-input`: a field is NaN, infinite or out of its domain (underlying, strike and tYears must be > 0). */
export type ImpliedVolReason = 'below-intrinsic' | 'above-upper-bound' | 'invalid-input'

/** No implied volatility for this price. The short message names the bound and the numbers, in the caller's
 * units (coins for the inverse model), e.g. "price 10 is below intrinsic value 50 of this call". Bad input
 * (`invalid-input`) exits 2 like any InputError; a price outside the bounds is a fact about the data and exits 1.
 * @example throw new ImpliedVolError('below-intrinsic', 'price 10 is below intrinsic value 50 of this call', 'check the quote') */
export class ImpliedVolError extends OptvaultError {
  override name = 'ImpliedVolError'
  override readonly exitCode: 1 | 2
  constructor(readonly reason: ImpliedVolReason, problem: string, fix?: string) {
    super(problem, fix === undefined ? {} : { fix })
    this.exitCode = reason === 'invalid-input' ? 2 : 1
  }
}
