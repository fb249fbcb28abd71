/** The normalised Black function of "Let's Be Rational" (P. Jaeckel, Wilmott 2015, sections 2-3) and its
 * derivative in s. Every model reduces to it: with forward F, strike K, discount factor df, x = ln(F/K) and
 * total volatility s = sigma sqrt(T), a call is worth df sqrt(F K) b(x, s) and
 *   b(x, s) = exp(x/2) N(x/s + s/2) - exp(-x/2) N(x/s - s/2).
 * Evaluated in four regions (h = x/s, t = s/2, after mapping x > 0 to intrinsic + b(-x, s)) so that the value
 * keeps full relative precision where it is tiny, which is where implied vol needs it most:
 *   I   h + t <= -10 (deep out of the money): asymptotic expansion (asymptoticExpansion.ts);
 *   II  t < 0.21: Taylor expansion in t (smallTExpansion.ts);
 *   III h + t > 0.85: the first term dominates, so the plain formula with N loses nothing;
 *   IV  otherwise: b = exp(-(h^2 + t^2)/2)/2 * (erfcx(-(h + t)/sqrt2) - erfcx(-(h - t)/sqrt2)), which never
 *       subtracts two numbers of very different exponent.
 * Pure. */
import { erfcx, normCdf } from '../normal.ts'
import { asymptoticExpansionOfNormalisedBlackCall } from './asymptoticExpansion.ts'
import { smallTExpansionOfNormalisedBlackCall } from './smallTExpansion.ts'

const INV_SQRT_2PI = 0.3989422804014327
/** Jaeckel's eta: below h + t = -10 the asymptotic expansion is exact to double precision. */
const ASYMPTOTIC_THRESHOLD = -10
/** Jaeckel's tau = 2 eps^(1/16) ~ 0.21: below t = s/2 = tau the Taylor expansion in t is exact to double precision. */
const SMALL_T_THRESHOLD = 2 * Math.pow(Number.EPSILON, 1 / 16)
/** Above h + t = 0.85 the call is mostly its first term, about 85% or more of its maximum exp(x/2). */
const FIRST_TERM_DOMINATES = 0.85

/** Normalised intrinsic value of a call, max(exp(x/2) - exp(-x/2), 0) = 2 sinh(x/2) for x > 0, without the
 * cancellation of the difference when x is small.
 * @example normalisedIntrinsicCall(Math.log(1.25)) // 0.2236067977... = (125 - 100)/sqrt(125 * 100) */
export function normalisedIntrinsicCall(x: number): number {
  return x > 0 ? 2 * Math.sinh(0.5 * x) : 0
}

/** Normalised Black call b(x, s): the undiscounted call value divided by sqrt(F K), for x = ln(F/K) and total
 * volatility s = sigma sqrt(T) >= 0; between the intrinsic value and exp(x/2). Full relative precision down to
 * the smallest positive doubles.
 * @example normalisedBlackCall(0, 0.2) // 0.07965567455405798 = 2 N(0.1) - 1 */
export function normalisedBlackCall(x: number, s: number): number {
  if (x > 0) return normalisedIntrinsicCall(x) + normalisedBlackCall(-x, s) // put-call parity: price the OTM side
  if (!(s > 0)) return 0 // zero vol: an out-of-the-money call is worth its intrinsic value, 0
  // The tests below are h < eta and h + t < eta + tau, multiplied through by s > 0 to avoid dividing.
  if (x < s * ASYMPTOTIC_THRESHOLD && 0.5 * s * s + x < s * (SMALL_T_THRESHOLD + ASYMPTOTIC_THRESHOLD)) {
    return asymptoticExpansionOfNormalisedBlackCall(x / s, 0.5 * s)
  }
  if (0.5 * s < SMALL_T_THRESHOLD) return smallTExpansionOfNormalisedBlackCall(x / s, 0.5 * s)
  if (x + 0.5 * s * s > s * FIRST_TERM_DOMINATES) {
    const h = x / s, t = 0.5 * s
    return Math.exp(0.5 * x) * normCdf(h + t) - Math.exp(-0.5 * x) * normCdf(h - t)
  }
  const h = x / s, t = 0.5 * s
  return 0.5 * Math.exp(-0.5 * (h * h + t * t)) * (erfcx(-Math.SQRT1_2 * (h + t)) - erfcx(-Math.SQRT1_2 * (h - t)))
}

/** Normalised vega db/ds = exp(-(x^2/s^2 + s^2/4)/2)/sqrt(2 pi): the vega of a call per unit of total
 * volatility, divided by df sqrt(F K). The same for calls and puts and for x and -x.
 * @example normalisedVega(0, 0.2) // 0.3969525474770118 = phi(0.1) */
export function normalisedVega(x: number, s: number): number {
  if (x === 0) return INV_SQRT_2PI * Math.exp(-0.125 * s * s)
  if (!(s > 0)) return 0
  const h = x / s
  return INV_SQRT_2PI * Math.exp(-0.5 * (h * h + 0.25 * s * s))
}
