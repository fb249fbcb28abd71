/** Implied volatility for every pricing model, to machine precision: each model is reduced to the normalised
 * Black problem and solved by "Let's Be Rational" (letsBeRational/normalisedImpliedVol.ts; P. Jaeckel,
 * Wilmott 2015), two Householder steps from a rational initial guess.
 *
 * The reduction, with forward F and discount factor df:
 * - bsm: F = S exp((r - q) T), df = exp(-r T);
 * - black76: F = underlying, df = exp(-r T) (`div` ignored);
 * - inverse: the coin price times S is the bsm price.
 * Then u = price / df is the undiscounted price, x = ln(F/K), and by put-call parity (and b(x, s) = b(-x, s) for
 * the out-of-the-money side) every case becomes an out-of-the-money call with x <= 0 and
 * beta = u / sqrt(F K) - 2 sinh(|x|/2) when in the money (the normalised intrinsic value), else u / sqrt(F K);
 * sigma = s / sqrt(T). Two Householder steps; up to 16 beyond |x| = 200, where no listed option lives.
 *
 * Bounds (u undiscounted, intrinsic = max(F - K, 0) for a call, max(K - F, 0) for a put):
 * - u below intrinsic: error 'below-intrinsic'. A price within 16 ulps of max(F, K) below it counts as intrinsic,
 *   since the pricer that produced it rounds F - K at that scale; it and a price exactly at intrinsic give 0.
 * - u at or above the upper bound (F for a call, K for a put): error 'above-upper-bound'. Only an infinite vol
 *   reaches the bound, and a number is more useful to callers than +Infinity.
 * Pure. */
import type { Vol } from '../units.ts'
import type { OptionKind, PricingModel } from './types.ts'
import { ImpliedVolError } from '../../errors/impliedVol.ts'
import { normalisedImpliedVol } from './letsBeRational/normalisedImpliedVol.ts'

/** One price to invert; units as in OptionInput (types.ts): `price` in quote currency for bsm and black76, in
 * coins of the underlying for inverse. */
export interface IvInput {
  readonly model: PricingModel
  readonly kind: OptionKind
  /** Spot for bsm and inverse, forward for black76, in quote currency per unit. */
  readonly underlying: number
  readonly strike: number
  readonly tYears: number
  readonly price: number
  readonly rate: number
  /** Continuous dividend / carry yield (bsm, inverse); 0 when absent. */
  readonly div?: number
}

/** Columns of prices to invert, one row per option; `isCall` is 1 for a call, 0 for a put. Units as IvInput.
 * @example const cols: IvBatchInput = { length: 1, isCall: Uint8Array.of(1), underlying: Float64Array.of(100),
 *   strike: Float64Array.of(100), tYears: Float64Array.of(1), price: Float64Array.of(8), rate: Float64Array.of(0), div: Float64Array.of(0) } */
export interface IvBatchInput {
  readonly length: number
  readonly isCall: Uint8Array
  readonly underlying: Float64Array
  readonly strike: Float64Array
  readonly tYears: Float64Array
  readonly price: Float64Array
  readonly rate: Float64Array
  readonly div: Float64Array
}

/** Status codes impliedVolBatch writes per row; they mirror ImpliedVolReason.
 * @example if (status[i] === IV_STATUS.belowIntrinsic) skipStaleQuote(i) */
export const IV_STATUS = { ok: 0, belowIntrinsic: 1, aboveUpperBound: 2, invalidInput: 3 } as const

/** Prices within this many ulps of max(F, K) below intrinsic are treated as intrinsic (see the module comment). */
const INTRINSIC_TOLERANCE = 16 * Number.EPSILON

/** Beyond |ln(F/K)| = 200 (strikes e^200 times the forward: no listed option) the normalised prices sit near the
 * underflow threshold and two steps can fall short; the solver's bracketing then needs a few more. */
const FAR_WING = 200
const FAR_WING_ITERATIONS = 16

// Codes returned by solve() in place of a vol: negative, so never confused with one.
const BELOW = -1, ABOVE = -2, INVALID = -3

/** The vol, or BELOW / ABOVE / INVALID. The one place the reduction is written; both entry points call it. */
function solve(model: PricingModel, isCall: boolean, underlying: number, strike: number, tYears: number,
  price: number, rate: number, div: number): number {
  if (!(underlying > 0 && underlying < Infinity && strike > 0 && strike < Infinity && tYears > 0 && tYears < Infinity &&
    Number.isFinite(price) && Number.isFinite(rate))) return INVALID
  let lnFOverK: number, forward: number, u: number
  if (model === 'black76') {
    forward = underlying
    lnFOverK = Math.log(underlying / strike)
    u = price * Math.exp(rate * tYears)
  } else {
    if (!Number.isFinite(div)) return INVALID
    const carry = (rate - div) * tYears
    forward = underlying * Math.exp(carry)
    lnFOverK = Math.log(underlying / strike) + carry
    u = (model === 'inverse' ? price * underlying : price) * Math.exp(rate * tYears)
  }
  if (u >= (isCall ? forward : strike)) return ABOVE
  const intrinsic = isCall ? (forward > strike ? forward - strike : 0) : (strike > forward ? strike - forward : 0)
  if (u - intrinsic < -INTRINSIC_TOLERANCE * Math.max(forward, strike)) return BELOW
  // Subtract the intrinsic value in normalised form, 2 sinh(|x|/2), not as F - K: the same x then describes the
  // price and its intrinsic part, so an at-the-money option with minutes to expiry does not see the rounding of
  // F = S exp((r - q) T) (an ulp of F can be 1e-12 of such a price).
  const itm = isCall ? lnFOverK > 0 : lnFOverK < 0
  const beta = u / (Math.sqrt(forward) * Math.sqrt(strike)) - (itm ? 2 * Math.sinh(0.5 * Math.abs(lnFOverK)) : 0)
  if (!(beta > 0)) return 0
  const s = normalisedImpliedVol(beta, -Math.abs(lnFOverK), Math.abs(lnFOverK) > FAR_WING ? FAR_WING_ITERATIONS : 2)
  return s === Infinity ? ABOVE : s / Math.sqrt(tYears)
}

/** Implied volatility (annualised fraction) of one option price. Accurate to about 1e-15 relative wherever the
 * price determines the vol that well; see the module comment for the reduction and the bounds.
 * @throws ImpliedVolError 'below-intrinsic', 'above-upper-bound' or 'invalid-input'; the message names the bound
 *   and the numbers.
 * @example impliedVol({ model: 'bsm', kind: 'call', underlying: 100, strike: 100, tYears: 1, price: 7.965567455405798, rate: 0 }) // 0.2 */
export function impliedVol(input: IvInput): Vol {
  const { model, kind, underlying, strike, tYears, price, rate } = input
  const div = input.div ?? 0
  const v = solve(model, kind === 'call', underlying, strike, tYears, price, rate, div)
  if (v >= 0) return v
  throw boundError(v, input, div)
}

function boundError(code: number, input: IvInput, div: number): ImpliedVolError {
  const { model, kind, underlying, strike, tYears, price, rate } = input
  if (code === INVALID) {
    const bad = ([['underlying', underlying, true], ['strike', strike, true], ['tYears', tYears, true],
      ['price', price, false], ['rate', rate, false], ['div', div, false]] as const)
      .find(([, v, positive]) => !Number.isFinite(v) || (positive && v <= 0))
    const [name, v, positive] = bad ?? ['input', NaN, false]
    return new ImpliedVolError('invalid-input', `${name} must be a ${positive ? 'positive ' : ''}finite number, got ${v}`,
      'pass underlying, strike and tYears > 0 and finite price, rate and div.')
  }
  // Bounds in the caller's units: discounted, and in coins for the inverse model.
  const df = Math.exp(-rate * tYears)
  const forward = model === 'black76' ? underlying : underlying * Math.exp((rate - div) * tYears)
  const perUnit = model === 'inverse' ? 1 / underlying : 1
  const units = model === 'inverse' ? ' (in coins)' : ''
  if (code === BELOW) {
    const intrinsic = df * Math.max(kind === 'call' ? forward - strike : strike - forward, 0) * perUnit
    return new ImpliedVolError('below-intrinsic',
      `price ${price} is below intrinsic value ${intrinsic}${units} of this ${kind}: no volatility reaches it`,
      'check the price, the rate and the dividend yield; a quote below intrinsic is stale or crossed.')
  }
  const bound = df * (kind === 'call' ? forward : strike) * perUnit
  const what = kind === 'call' ? 'the discounted forward' : 'the discounted strike'
  return new ImpliedVolError('above-upper-bound',
    `price ${price} is at or above the upper bound ${bound}${units} of this ${kind} (${what}): only an infinite volatility reaches it`,
    model === 'inverse' ? 'inverse prices are in coins of the underlying, not quote currency.' : 'check the price units, the rate and the dividend yield.')
}

/** Implied vols of a column of prices into `out` (and a status per row into `status` if given):
 * 0 ok, 1 below intrinsic, 2 above upper bound, 3 invalid input; `out` is NaN where status != 0. Same numbers
 * as impliedVol row by row, without allocating or throwing: the hot-path twin for chains and backtests.
 * `div` is read for bsm and inverse only.
 * @example impliedVolBatch('black76', cols, out, status) // out[i] = vol of row i, status[i] = 0 */
export function impliedVolBatch(model: PricingModel, input: IvBatchInput, out: Float64Array, status?: Uint8Array): void {
  const { length, isCall, underlying, strike, tYears, price, rate, div } = input
  for (let i = 0; i < length; i++) {
    const v = solve(model, isCall[i] !== 0, underlying[i] as number, strike[i] as number, tYears[i] as number,
      price[i] as number, rate[i] as number, model === 'black76' ? 0 : (div[i] as number))
    if (v >= 0) {
      out[i] = v
      if (status !== undefined) status[i] = IV_STATUS.ok
    } else {
      out[i] = NaN
      if (status !== undefined) status[i] = v === BELOW ? IV_STATUS.belowIntrinsic : v === ABOVE ? IV_STATUS.aboveUpperBound : IV_STATUS.invalidInput
    }
  }
}
