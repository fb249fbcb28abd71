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
 * double precision for t < 2 eps^(1/16) ~ 0.21 and |h| <= 10. The coefficients are built once, below,
 * from that recursion. Pure. */
import { erfcx } from '../normal.ts'

const INV_SQRT_2PI = 0.3989422804014327
const SQRT_PI_OVER_2 = 1.2533141373155003
/** Terms j = 0 .. J_MAX, i.e. up to t^13. */
const J_MAX = 6

/** For each j: C_j and D_j divided by (2j+1)!, as coefficients of (h^2)^p for p = 0 .. j, at offset j(j+1)/2. */
const { c: C, d: D } = buildCoefficients()

function buildCoefficients(): { c: Float64Array; d: Float64Array } {
  const size = ((J_MAX + 1) * (J_MAX + 2)) / 2
  const c = new Float64Array(size), d = new Float64Array(size)
  // Polynomials in h as coefficient arrays, lowest power first.
  let p: number[] = [0]
  let q: number[] = [1]
  let factorial = 1
  const derivative = (a: number[]) => a.slice(1).map((v, i) => v * (i + 1))
  const add = (a: number[], b: number[]) => Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0))
  for (let n = 1; n <= 2 * J_MAX + 1; n++) {
    ;[p, q] = [add(derivative(p), q), add(derivative(q), [0, ...q])]
    factorial *= n
    if (n % 2 === 0) continue
    const j = (n - 1) / 2, off = (j * (j + 1)) / 2
    for (let k = 0; k <= j; k++) {
      const qOverH = q[2 * k + 1] ?? 0 // Q_n / h, coefficient of h^(2k)
      c[off + k] = ((p[2 * k] ?? 0) - qOverH) / factorial
      d[off + k] = qOverH / factorial
    }
  }
  return { c, d }
}

/** Normalised Black call b(x = 2ht, s = 2t) for t = s/2 < 0.21 and h = x/s in [-10, 0], to about 1e-16 relative.
 * @example smallTExpansionOfNormalisedBlackCall(-0.5, 0.05) // the call on x = -0.05 at s = 0.1 */
export function smallTExpansionOfNormalisedBlackCall(h: number, t: number): number {
  const a = 1 + h * SQRT_PI_OVER_2 * erfcx(-Math.SQRT1_2 * h)
  const w = t * t, h2 = h * h
  let sum = 0
  for (let j = J_MAX; j >= 0; j--) {
    const off = (j * (j + 1)) / 2
    let cj = C[off + j] as number, dj = D[off + j] as number
    for (let k = j - 1; k >= 0; k--) { cj = cj * h2 + (C[off + k] as number); dj = dj * h2 + (D[off + k] as number) }
    sum = sum * w + (cj + a * dj)
  }
  return INV_SQRT_2PI * Math.exp(-0.5 * (h2 + w)) * 2 * t * sum
}
