/** Rational cubic interpolation with one shape parameter r (R. Delbourgo and J. A. Gregory, "Shape preserving
 * piecewise rational interpolation", SIAM J. Sci. Stat. Comput. 6 (1985) 967-976), as "Let's Be Rational"
 * (P. Jaeckel, Wilmott 2015, section 5) uses it for the initial guess: on [xl, xr], with t = (x - xl)/h,
 *   y(x) = [yr t^3 + (r yr - h dr) t^2 (1-t) + (r yl + h dl) t (1-t)^2 + yl (1-t)^3] / [1 + (r - 3) t (1-t)],
 * which matches values yl, yr and slopes dl, dr at both ends for every r > -1. r = 3 is the cubic Hermite
 * spline; r -> infinity tends to the straight line. Choosing r to also match a second derivative at one end,
 * but never below the smallest r that keeps the interpolant monotone and convex (or concave) like the data,
 * is what makes the guess both close and safe. Pure. */

/** Below this r the denominator 1 + (r - 3) t (1 - t) could reach 0. */
const MINIMUM_R = -(1 - Math.sqrt(Number.EPSILON))
/** Above this r the interpolant equals the straight line to double precision. */
const MAXIMUM_R = 2 / (Number.EPSILON * Number.EPSILON)

/** Value at x of the rational cubic through (xl, yl) and (xr, yr) with slopes dl and dr and parameter r.
 * @example rationalCubicInterpolation(0.5, 0, 1, 0, 1, 1, 1, 3) // 0.5: slope-1 data give the line */
export function rationalCubicInterpolation(x: number, xl: number, xr: number, yl: number, yr: number,
  dl: number, dr: number, r: number): number {
  const h = xr - xl
  if (Math.abs(h) <= 0) return 0.5 * (yl + yr)
  const t = (x - xl) / h
  if (!(r < MAXIMUM_R)) return yr * t + yl * (1 - t)
  const omt = 1 - t, t2 = t * t, omt2 = omt * omt
  return (yr * t2 * t + (r * yr - h * dr) * t2 * omt + (r * yl + h * dl) * t * omt2 + yl * omt2 * omt) /
    (1 + (r - 3) * t * omt)
}

/** The r with which the interpolant has second derivative `secondLeft` at xl (from expanding the formula to
 * second order in t: r (dy - h dl) = h^2 y''/2 + h (dr - dl), dy = yr - yl).
 * @example rationalCubicControlParameterForLeftSecondDerivative(0, 1, 0, 1, 0, 2, 2) // 3: y = x^2 is its own cubic */
export function rationalCubicControlParameterForLeftSecondDerivative(xl: number, xr: number, yl: number, yr: number,
  dl: number, dr: number, secondLeft: number): number {
  const h = xr - xl
  const numerator = 0.5 * h * secondLeft + (dr - dl)
  if (numerator === 0) return 0
  const denominator = (yr - yl) / h - dl
  if (denominator === 0) return numerator > 0 ? MAXIMUM_R : MINIMUM_R
  return numerator / denominator
}

/** The r with which the interpolant has second derivative `secondRight` at xr (mirror image of the left case).
 * @example rationalCubicControlParameterForRightSecondDerivative(0, 1, 0, 1, 0, 2, 2) // 3 */
export function rationalCubicControlParameterForRightSecondDerivative(xl: number, xr: number, yl: number, yr: number,
  dl: number, dr: number, secondRight: number): number {
  const h = xr - xl
  const numerator = 0.5 * h * secondRight + (dr - dl)
  if (numerator === 0) return 0
  const denominator = dr - (yr - yl) / h
  if (denominator === 0) return numerator > 0 ? MAXIMUM_R : MINIMUM_R
  return numerator / denominator
}

/** Smallest r for which the interpolant keeps the monotonicity and convexity (or concavity) of the data, given
 * the end slopes and the secant slope s (Delbourgo and Gregory, conditions (3.8) and (3.18)). When a condition
 * cannot be met for any finite r and `preferShape` is set, returns the straight-line limit.
 * @example minimumRationalCubicControlParameter(0, 2, 1, true) // 2: convex increasing data need r >= 2 */
export function minimumRationalCubicControlParameter(dl: number, dr: number, s: number, preferShape: boolean): number {
  const monotonic = dl * s >= 0 && dr * s >= 0
  const convex = dl <= s && s <= dr
  const concave = dl >= s && s >= dr
  if (!monotonic && !convex && !concave) return MINIMUM_R
  const drMinusDl = dr - dl, drMinusS = dr - s, sMinusDl = s - dl
  let r1 = -Number.MAX_VALUE, r2 = -Number.MAX_VALUE
  if (monotonic) {
    if (s !== 0) r1 = (dr + dl) / s
    else if (preferShape) r1 = MAXIMUM_R // data flat but slopes not: only the line is monotone
  }
  if (convex || concave) {
    if (sMinusDl !== 0 && drMinusS !== 0) r2 = Math.max(Math.abs(drMinusDl / drMinusS), Math.abs(drMinusDl / sMinusDl))
    else if (preferShape) r2 = MAXIMUM_R // secant equals an end slope: only the line keeps the shape
  } else if (monotonic && preferShape) r2 = MAXIMUM_R // monotone but with an inflexion: the line is the safe choice
  return Math.max(MINIMUM_R, r1, r2)
}

/** Parameter matching the second derivative at xl, raised to the shape-preserving minimum if needed.
 * @example convexRationalCubicControlParameterLeft(0, 1, 0, 1, 0, 2, 2, false) // 3 */
export function convexRationalCubicControlParameterLeft(xl: number, xr: number, yl: number, yr: number,
  dl: number, dr: number, secondLeft: number, preferShape: boolean): number {
  const r = rationalCubicControlParameterForLeftSecondDerivative(xl, xr, yl, yr, dl, dr, secondLeft)
  return Math.max(r, minimumRationalCubicControlParameter(dl, dr, (yr - yl) / (xr - xl), preferShape))
}

/** Parameter matching the second derivative at xr, raised to the shape-preserving minimum if needed.
 * @example convexRationalCubicControlParameterRight(0, 1, 0, 1, 0, 2, 2, false) // 3 */
export function convexRationalCubicControlParameterRight(xl: number, xr: number, yl: number, yr: number,
  dl: number, dr: number, secondRight: number, preferShape: boolean): number {
  const r = rationalCubicControlParameterForRightSecondDerivative(xl, xr, yl, yr, dl, dr, secondRight)
  return Math.max(r, minimumRationalCubicControlParameter(dl, dr, (yr - yl) / (xr - xl), preferShape))
}
