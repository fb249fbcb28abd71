/** The change of variable for the highest branch of "Let's Be Rational" (P. Jaeckel, Wilmott 2015, section 6.4).
 * As s -> infinity the call approaches its bound b_max = exp(x/2) like exp(x/2) - b ~ 2 N(-s/2), so
 *   f(s) = N(-s/2)
 * is nearly linear in b near b_max (f -> 0 and df/db -> -1/2 there), and s = -2 N^-1(f). Pure. */
import { inverseNormCdf, normCdf } from '../normal.ts'

const SQRT_PI_OVER_2 = 1.2533141373155003
const DBL_MIN = 2.2250738585072014e-308

/** Writes [f, df/db, d2f/db2] of the upper map at total volatility s into `out` (b = b(x, s), x <= 0), with
 * w = (x/s)^2: df/db = -exp(w/2)/2 and d2f/db2 = sqrt(pi/2) (w/s) exp(w + s^2/8).
 * @example const o = new Float64Array(3); upperMapInto(o, 0, 2) // [N(-1), -0.5, 0] */
export function upperMapInto(out: Float64Array, x: number, s: number): void {
  out[0] = normCdf(-0.5 * s)
  if (Math.abs(x) < DBL_MIN) {
    out[1] = -0.5
    out[2] = 0
    return
  }
  const w = (x / s) * (x / s)
  out[1] = -0.5 * Math.exp(0.5 * w)
  out[2] = SQRT_PI_OVER_2 * Math.exp(w + 0.125 * s * s) * w / s
}

/** The total volatility s whose upper map is f: s = -2 N^-1(f).
 * @example inverseUpperMap(0.15865525393145707) // 2, since N(-1) = 0.1586552539... */
export function inverseUpperMap(f: number): number {
  return -2 * inverseNormCdf(f)
}
