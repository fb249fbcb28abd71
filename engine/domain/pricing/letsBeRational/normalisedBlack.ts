/** The normalised Black function of "Let's Be Rational" (P. Jaeckel, Wilmott 2015, sections 2-3) and its
 * derivative in s. Every model reduces to it: with forward F, strike K, discount factor df, x = ln(F/K) and
 * total volatility s = sigma sqrt(T), a call is worth df sqrt(F K) b(x, s) and
 *   b(x, s) = exp(x/2) N(x/s + s/2) - exp(-x/2) N(x/s - s/2).
 * Evaluated in four regions (h = x/s, t = s/2, after mapping x > 0 to intrinsic + b(-x, s)) so that the value
 * keeps full relative precision where it is tiny, which is where implied vol needs it most. With
 * phi0 = exp(-(h^2 + t^2)/2)/sqrt(2 pi), which is also the vega db/ds, b = phi0 (Y(h + t) - Y(h - t)), Y the
 * Mills ratio N(z)/phi(z), and
 *   I   h + t <= -10 (deep out of the money): Y difference by asymptotic expansion (asymptoticExpansion.ts);
 *   II  t < 0.21: Y difference by Taylor expansion in t (smallTExpansion.ts);
 *   III h + t > 0.85: b = exp(x/2) - phi0 sqrt(pi/2) (erfcx((h + t)/sqrt2) + erfcx((t - h)/sqrt2)), b being at
 *       least about 60% of its maximum exp(x/2) there (2 N(0.85) - 1 at the money), and the distance to that maximum (all the information an
 *       upper-branch implied vol has) exact to a few ulps;
 *   IV  otherwise: b = phi0 sqrt(pi/2) (erfcx(-(h + t)/sqrt2) - erfcx(-(h - t)/sqrt2)), which never subtracts
 *       two numbers of very different size.
 * Regions I, II and IV are Jaeckel's; III is his with N written through erfcx. Every region computes phi0, so
 * value and vega come together for one exp (normalisedBlackAndVegaInto, the solver's hot path). Pure. */
import { erfcx } from '../normal.ts'
import { asymptoticMillsRatioDifference } from './asymptoticExpansion.ts'
import { smallTMillsRatioDifference } from './smallTExpansion.ts'

const INV_SQRT_2PI = 0.3989422804014327
const SQRT_PI_OVER_2 = 1.2533141373155003
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

/** Writes [b(x, s), db/ds] into `out`: the normalised call and its vega from one exp. The hot-path twin of
 * normalisedBlackCall and normalisedVega (a test checks they agree); x any sign, s >= 0.
 * @example const o = new Float64Array(2); normalisedBlackAndVegaInto(o, 0, 0.2) // o = [0.0796556745540579.., 0.39695254747701..] */
export function normalisedBlackAndVegaInto(out: Float64Array, x: number, s: number): void {
  // put-call parity: price the out-of-the-money side, b(x, s) = 2 sinh(x/2) + b(-x, s); the vega is the same
  const intrinsic = x > 0 ? 2 * Math.sinh(0.5 * x) : 0
  if (x > 0) x = -x
  if (!(s > 0)) { // zero vol: intrinsic value; the vega is 0 except exactly at the money
    out[0] = intrinsic
    out[1] = x === 0 ? INV_SQRT_2PI : 0
    return
  }
  const h = x / s, t = 0.5 * s
  const phi0 = INV_SQRT_2PI * Math.exp(-0.5 * (h * h + t * t))
  let b: number
  // The region I test is h < eta and h + t < eta + tau, multiplied through by s > 0 to avoid dividing.
  if (x < s * ASYMPTOTIC_THRESHOLD && 0.5 * s * s + x < s * (SMALL_T_THRESHOLD + ASYMPTOTIC_THRESHOLD)) {
    b = phi0 * asymptoticMillsRatioDifference(h, t)
  } else if (t < SMALL_T_THRESHOLD) {
    b = phi0 * smallTMillsRatioDifference(h, t)
  } else if (h + t > FIRST_TERM_DOMINATES) {
    b = Math.exp(0.5 * x) - phi0 * SQRT_PI_OVER_2 * (erfcx(Math.SQRT1_2 * (h + t)) + erfcx(Math.SQRT1_2 * (t - h)))
  } else {
    b = phi0 * SQRT_PI_OVER_2 * (erfcx(-Math.SQRT1_2 * (h + t)) - erfcx(-Math.SQRT1_2 * (h - t)))
  }
  out[0] = intrinsic + b
  out[1] = phi0
}

const scratch = new Float64Array(2)

/** Normalised Black call b(x, s): the undiscounted call value divided by sqrt(F K), for x = ln(F/K) and total
 * volatility s = sigma sqrt(T) >= 0; between the intrinsic value and exp(x/2). Full relative precision down to
 * the smallest positive doubles.
 * @example normalisedBlackCall(0, 0.2) // 0.07965567455405798 = 2 N(0.1) - 1 */
export function normalisedBlackCall(x: number, s: number): number {
  normalisedBlackAndVegaInto(scratch, x, s)
  return scratch[0] as number
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
