/** The change of variable that makes the lowest branch of "Let's Be Rational" (P. Jaeckel, Wilmott 2015,
 * section 6.1, eq. (6.1)-(6.6)) nearly linear. For a deep out-of-the-money call the price b falls off like
 * exp(-x^2/(2 s^2)) as s -> 0, so s is a terrible function of b there; but
 *   f(s) = (2 pi |x| / sqrt 27) N(-z)^3,   z = |x| / (sqrt3 s),
 * behaves like b itself near b = 0 (f -> 0 and df/db -> 1), and s follows from f in closed form. Pure. */
import { erfcx, inverseNormCdf } from '../normal.ts'

const TWO_PI = 2 * Math.PI
const SQRT3 = Math.sqrt(3)
/** 2 pi / sqrt(27) */
const TWO_PI_OVER_SQRT27 = TWO_PI / Math.sqrt(27)
const SQRT_PI_OVER_2 = 1.2533141373155003
const INV_SQRT_2PI = 0.3989422804014327
/** Smallest positive normal double: below it, treat as 0. */
const DBL_MIN = 2.2250738585072014e-308

/** Writes [f, df/db, d2f/db2] of the lower map at total volatility s into `out` (b = b(x, s) the normalised
 * call, x <= 0). Derivatives in b come from d/ds divided by the normalised vega:
 *   df/db = 2 pi z^2 N(-z)^2 exp(z^2 + s^2/8),
 *   d2f/db2 = 2 pi z^2 N(-z) exp(2 z^2 + s^2/4) (2z/s + M(z) (s/4 - 2(1 + z^2)/s)),  M(z) = N(-z)/phi(z).
 * The Mills ratio M = sqrt(pi/2) erfcx(z/sqrt2) is taken whole so it stays finite where N(-z) and phi(z) underflow;
 * with it df/db = z^2 M^2 exp(s^2/8).
 * @example const o = new Float64Array(3); lowerMapInto(o, -1, 0.1) // o = [7.07e-26, 0.947, -1.26e22]: f ~ b, f' ~ 1 */
export function lowerMapInto(out: Float64Array, x: number, s: number): void {
  const ax = Math.abs(x)
  const z = ax / (SQRT3 * s), y = z * z, s2 = s * s
  const mills = SQRT_PI_OVER_2 * erfcx(Math.SQRT1_2 * z)
  // N(-z) = M phi(z) = M exp(-z^2/2)/sqrt(2 pi). Substituting it cancels exp(z^2) out of df/db, which is then
  // finite (-> 1) however small s gets; only the initial guess uses these, so exp(-z^2/2) needs no splitting.
  const eHalf = Math.exp(-0.5 * y), eS = Math.exp(0.125 * s2)
  const cdf = mills * INV_SQRT_2PI * eHalf
  out[2] = (TWO_PI * y * cdf * eS * eS / (eHalf * eHalf * eHalf * eHalf)) * (2 * z / s + mills * (0.25 * s - 2 * (1 + y) / s))
  if (s < DBL_MIN) {
    out[0] = 0
    out[1] = 1
    return
  }
  out[1] = y * mills * mills * eS
  out[0] = ax < DBL_MIN ? 0 : TWO_PI_OVER_SQRT27 * ax * cdf * cdf * cdf
}

/** The total volatility s whose lower map is f: s = |x| / (sqrt3 |N^-1((f sqrt27 / (2 pi |x|))^(1/3))|).
 * @example inverseLowerMap(-1, 7.074092118569632e-26) // 0.1, undoing the example above */
export function inverseLowerMap(x: number, f: number): number {
  // Subnormal f still has a well-defined cube root; only f <= 0 means s = 0.
  if (!(f > 0)) return 0
  return Math.abs(x / (SQRT3 * inverseNormCdf(Math.cbrt(f / (TWO_PI_OVER_SQRT27 * Math.abs(x))))))
}
