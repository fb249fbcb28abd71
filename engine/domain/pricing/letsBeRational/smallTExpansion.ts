/** The normalised Black call for small total volatility s = 2t: Jaeckel's Taylor expansion in t
 * (P. Jaeckel, "Let's Be Rational", Wilmott 2015, section 3, "region II").
 *
 * Why: b = phi0 * (Y(h + t) - Y(h - t)) with Y(z) = N(z)/phi(z) the Mills ratio and
 * phi0 = exp(-(h^2 + t^2)/2)/sqrt(2 pi). For small t the difference cancels in floating point, so expand it
 * instead: Y(h + t) - Y(h - t) = 2 sum_j t^(2j+1)/(2j+1)! Y^(2j+1)(h). Because Y' = 1 + hY, every derivative is
 * Y^(n) = P_n(h) + Q_n(h) Y with P_(n+1) = P_n' + Q_n, Q_(n+1) = Q_n' + h Q_n (P_0 = 0, Q_0 = 1); for odd n,
 * Q_n is odd in h, so Q_n Y = (Q_n/h)(a - 1) with a := 1 + hY(h) = 1 + h sqrt(pi/2) erfcx(-h/sqrt2), and
 *   Y^(2j+1)(h) = C_j(h^2) + a D_j(h^2),   C_j = P_(2j+1) - Q_(2j+1)/h,  D_j = Q_(2j+1)/h,
 * polynomials in h^2 with integer coefficients (j = 1: -1 + (3 + h^2) a). Seven terms (through t^13) reach
 * double precision for t < 2 eps^(1/16) ~ 0.21 and |h| <= 10. The test rebuilds the coefficients from the
 * recursion and checks the ones written out below. Pure. */
import { erfcx } from '../normal.ts'

const INV_SQRT_2PI = 0.3989422804014327
const SQRT_PI_OVER_2 = 1.2533141373155003

/** Y(h + t) - Y(h - t) for t < 0.21 and h in [-10, 0], Y the Mills ratio: the normalised Black call divided by
 * exp(-(h^2 + t^2)/2)/sqrt(2 pi), which is also the normalised vega, so callers that need both share one exp.
 * @example smallTMillsRatioDifference(0, 0.1) // 0.2006... = 2t (1 + t^2/3 + ...) at the money */
export function smallTMillsRatioDifference(h: number, t: number): number {
  const a = 1 + h * SQRT_PI_OVER_2 * erfcx(-Math.SQRT1_2 * h)
  const w = t * t, h2 = h * h
  // c_j = (C_j(h^2) + a D_j(h^2)) / (2j+1)!, written out from the recursion above (c_0 = a): straight-line code,
  // multiplied by reciprocal factorials, because this is the region most short-dated options fall in.
  const c1 = ((-1 + 3 * a) + h2 * a) * (1 / 6)
  const c2 = ((-7 + 15 * a) + h2 * ((-1 + 10 * a) + h2 * a)) * (1 / 120)
  const c3 = ((-57 + 105 * a) + h2 * ((-18 + 105 * a) + h2 * ((-1 + 21 * a) + h2 * a))) * (1 / 5040)
  const c4 = ((-561 + 945 * a) + h2 * ((-285 + 1260 * a) + h2 * ((-33 + 378 * a) + h2 * ((-1 + 36 * a) + h2 * a)))) * (1 / 362880)
  const c5 = ((-6555 + 10395 * a) + h2 * ((-4680 + 17325 * a) + h2 * ((-840 + 6930 * a) + h2 * ((-52 + 990 * a) +
    h2 * ((-1 + 55 * a) + h2 * a))))) * (1 / 39916800)
  const c6 = ((-89055 + 135135 * a) + h2 * ((-82845 + 270270 * a) + h2 * ((-20370 + 135135 * a) + h2 * ((-1926 + 25740 * a) +
    h2 * ((-75 + 2145 * a) + h2 * ((-1 + 78 * a) + h2 * a)))))) * (1 / 6227020800)
  return 2 * t * (a + w * (c1 + w * (c2 + w * (c3 + w * (c4 + w * (c5 + w * c6))))))
}

/** Normalised Black call b(x = 2ht, s = 2t) for t = s/2 < 0.21 and h = x/s in [-10, 0], to about 1e-16 relative.
 * @example smallTExpansionOfNormalisedBlackCall(-0.5, 0.05) // 0.01976705183775..., the call on x = -0.05 at s = 0.1 */
export function smallTExpansionOfNormalisedBlackCall(h: number, t: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * (h * h + t * t)) * smallTMillsRatioDifference(h, t)
}
