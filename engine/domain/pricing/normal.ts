/** The standard normal distribution and the error functions, to about 1e-15 relative error over the whole
 * double range, tails included. Everything the pricing core needs from N(x) goes through here.
 *
 * Why not `1 - N(x)`: for x below about -8 that subtraction returns 0 or garbage, and deep out-of-the-money
 * option values are exactly such tails. So the lower tail is computed directly as
 * N(-y) = exp(-y^2/2) * erfcx(y/sqrt2) / 2, where erfcx is smooth (about 1/(z sqrt(pi))) and exp(-y^2/2) is
 * evaluated with y^2 carried as an exact sum of two doubles, so neither factor amplifies rounding.
 *
 * References:
 * - W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969) 631-637,
 *   and Cody's CALERF routine (SPECFUN, netlib, 1993): the coefficients A-D, P, Q and thresholds below.
 * - M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution",
 *   Applied Statistics 37 (1988) 477-484 (PPND16, about 1e-16 relative).
 * Pure: no I/O, no clock. */

const SQRT1_2 = Math.SQRT1_2
/** 1 / sqrt(2 pi) */
const INV_SQRT_2PI = 0.398942280401432677939946059934
/** 1 / sqrt(pi) */
const INV_SQRT_PI = 0.564189583547756286948079451561
/** sqrt(pi / 2) */
const SQRT_PI_OVER_2 = 1.25331413731550025120788264241

// Cody's thresholds for IEEE double: below XSMALL erf(x) = 2x/sqrt(pi) to the last bit; above XHUGE
// erfcx(x) = 1/(x sqrt(pi)) to the last bit; above XMAX erfcx underflows; below XNEG erfcx overflows.
const THRESH = 0.46875
const XSMALL = 1.11e-16
const XHUGE = 6.71e7
const XMAX = 2.53e307
const XNEG = -26.628

// erf on |x| <= 0.46875
const A0 = 3.1611237438705656, A1 = 113.86415415105016, A2 = 377.48523768530202, A3 = 3209.3775891384695
const A4 = 0.18577770618460315
const B0 = 23.601290952344122, B1 = 244.02463793444417, B2 = 1282.6165260773723, B3 = 2844.2368334391706
// erfcx on 0.46875 < x <= 4
const C0 = 0.56418849698867009, C1 = 8.8831497943883759, C2 = 66.119190637141634, C3 = 298.63513819740013
const C4 = 881.95222124176909, C5 = 1712.0476126340706, C6 = 2051.0783778260715, C7 = 1230.3393547979972
const C8 = 2.1531153547440383e-8
const D0 = 15.744926110709835, D1 = 117.6939508913125, D2 = 537.18110186200986, D3 = 1621.3895745666902
const D4 = 3290.7992357334597, D5 = 4362.6190901432471, D6 = 3439.3676741437216, D7 = 1230.3393548037495
// erfcx on x > 4, in powers of 1/x^2
const P0 = 0.30532663496123236, P1 = 0.36034489994980445, P2 = 0.12578172611122925, P3 = 0.016083785148742275
const P4 = 6.5874916152983678e-4, P5 = 0.016315387137302097
const Q0 = 2.5685201922898224, Q1 = 1.8729528499234604, Q2 = 0.52790510295142842, Q3 = 0.060518341312441319
const Q4 = 0.0023352049762686918

/** The constants of normPdf, erfSmall and erfcxPositive's y <= 4 branch, for optionGreeksBatch: its hot loop
 * inlines those functions by hand (V8 will not inline all of them into the loop, and every call it keeps boxes
 * its double arguments), and must use exactly these numbers to stay bit-identical with the functions here.
 * Copy them into module-level consts of your own before a hot loop (property loads do not fold).
 * @example const { A0, THRESH } = NORMAL_KERNEL_CONSTANTS */
export const NORMAL_KERNEL_CONSTANTS = Object.freeze({
  A0, A1, A2, A3, A4, B0, B1, B2, B3, C0, C1, C2, C3, C4, C5, C6, C7, C8, D0, D1, D2, D3, D4, D5, D6, D7,
  INV_SQRT_2PI, SQRT1_2, SQRT_PI_OVER_2, THRESH, XSMALL,
})

/** exp(-x^2) without the rounding of x^2 blowing up: x = xs + (x - xs) with xs on a 1/16 grid, so xs^2 is exact
 * and only the small remainder (x - xs)(x + xs) carries rounding. Cody's device; matters once x^2 > ~30. */
function expNegSquare(x: number): number {
  if (Math.abs(x) > 27.3) return 0 // underflow; also keeps Infinity - Infinity out of the split
  const xs = Math.trunc(x * 16) / 16
  const del = (x - xs) * (x + xs)
  return Math.exp(-xs * xs) * Math.exp(-del)
}

/** erfcx(y) = exp(y^2) erfc(y) for y > THRESH (Cody's second and third intervals). */
function erfcxPositive(y: number): number {
  if (y <= 4) {
    let num = C8 * y, den = y
    num = (num + C0) * y; den = (den + D0) * y
    num = (num + C1) * y; den = (den + D1) * y
    num = (num + C2) * y; den = (den + D2) * y
    num = (num + C3) * y; den = (den + D3) * y
    num = (num + C4) * y; den = (den + D4) * y
    num = (num + C5) * y; den = (den + D5) * y
    num = (num + C6) * y; den = (den + D6) * y
    return (num + C7) / (den + D7)
  }
  if (y >= XMAX) return 0
  if (y >= XHUGE) return INV_SQRT_PI / y
  const z = 1 / (y * y)
  let num = P5 * z, den = z
  num = (num + P0) * z; den = (den + Q0) * z
  num = (num + P1) * z; den = (den + Q1) * z
  num = (num + P2) * z; den = (den + Q2) * z
  num = (num + P3) * z; den = (den + Q3) * z
  const r = (z * (num + P4)) / (den + Q4)
  return (INV_SQRT_PI - r) / y
}

/** erf(x) for |x| <= THRESH. */
function erfSmall(x: number): number {
  const z = Math.abs(x) > XSMALL ? x * x : 0
  let num = A4 * z, den = z
  num = (num + A0) * z; den = (den + B0) * z
  num = (num + A1) * z; den = (den + B1) * z
  num = (num + A2) * z; den = (den + B2) * z
  return (x * (num + A3)) / (den + B3)
}

/** Error function erf(x) = 2/sqrt(pi) * integral from 0 to x of exp(-t^2) dt. Odd; NaN in, NaN out.
 * @example erf(0.5) // 0.5204998778130465 */
export function erf(x: number): number {
  const y = Math.abs(x)
  if (y <= THRESH) return erfSmall(x)
  // erfc(y) <= erfc(0.46875) ~ 0.507, so 1 - erfc(y) has no cancellation worse than one bit.
  const r = 0.5 - erfcxPositive(y) * expNegSquare(y) + 0.5
  return x < 0 ? -r : r
}

/** Complementary error function erfc(x) = 1 - erf(x), accurate to ~1e-15 relative even where it is tiny
 * (down to its underflow near x = 26.5) and for negative x (where it approaches 2).
 * @example erfc(5) // 1.5374597944280348e-12 */
export function erfc(x: number): number {
  const y = Math.abs(x)
  let r: number
  if (y <= THRESH) return 0.5 - erfSmall(x) + 0.5
  // Past 26.55 the result is subnormal (only a few significant bits left) and past ~27.3 it is 0.
  if (y >= 27.3) r = 0
  else r = erfcxPositive(y) * expNegSquare(y)
  return x < 0 ? 2 - r : r
}

/** Scaled complementary error function erfcx(x) = exp(x^2) erfc(x). For large x it is ~1/(x sqrt(pi)) and stays
 * accurate where erfc itself underflows; for x below about -26.6 it overflows to Infinity (as exp(x^2) does).
 * @example erfcx(30) // 0.018795888861416751 */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN
  const y = Math.abs(x)
  let r: number
  if (y <= THRESH) r = Math.exp(x * x) * (0.5 - erfSmall(x) + 0.5)
  else r = erfcxPositive(y)
  if (x >= -THRESH) return r
  // erfcx(-y) = 2 exp(y^2) - erfcx(y)
  if (x < XNEG) return Infinity
  return 2 / expNegSquare(y) - r
}

/** Standard normal density phi(x) = exp(-x^2/2) / sqrt(2 pi), accurate to ~1e-16 relative in the tails too (x^2 is
 * carried as an exact sum of two doubles, so its rounding does not grow with x).
 * @example normPdf(0) // 0.3989422804014327 */
export function normPdf(x: number): number {
  const ax = Math.abs(x)
  if (ax > 38.7) return 0 // underflow; also keeps Infinity - Infinity out of the split
  // x^2 = p + e exactly (Dekker's product with Veltkamp's split), then exp(-p/2 - e/2) = exp(-p/2) (1 - e/2):
  // one exp instead of two, and |e/2| < 1e-13 so the first-order correction is exact to the last bit.
  const c = 134217729 * ax // 2^27 + 1
  const hi = c - (c - ax)
  const lo = ax - hi
  const p = ax * ax
  const e = hi * hi - p + 2 * hi * lo + lo * lo
  return INV_SQRT_2PI * Math.exp(-0.5 * p) * (1 - 0.5 * e)
}

/** Standard normal cumulative distribution N(x) = P(Z <= x). The lower tail is computed directly, never as
 * 1 - N(-x), so N(-37) ~ 5.7e-300 keeps ~15 significant digits; N(x) rounds to exactly 1 above x ~ 8.3.
 * @example normCdf(-10) // 7.619853024160527e-24 */
export function normCdf(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x >= 0) {
    if (x * SQRT1_2 <= THRESH) return 0.5 + 0.5 * erf(x * SQRT1_2)
    return 1 - normTail(x)
  }
  if (-x * SQRT1_2 <= THRESH) return 0.5 - 0.5 * erf(-x * SQRT1_2)
  return normTail(-x)
}

/** Lower tail N(-|x|) when the caller already has pdf = normPdf(x): saves the exponentials in hot loops that
 * need both the density and the distribution at the same point (the Black-Scholes family). Then
 * N(|x|) = 1 - N(-|x|) to full absolute accuracy, and N(-|x|) is accurate in relative terms however small.
 * @example normLowerTailWithPdf(-10, normPdf(-10)) // 7.619853024160527e-24, same as normCdf(-10) */
export function normLowerTailWithPdf(x: number, pdf: number): number {
  const y = Math.abs(x) * SQRT1_2
  if (y <= THRESH) return 0.5 - 0.5 * erfSmall(y)
  if (y > 27.3) return 0
  return pdf * (SQRT_PI_OVER_2 * erfcxPositive(y))
}

/** Upper tail Q(y) = 1 - N(y) = N(-y) for y > 0.66: exp(-y^2/2) erfcx(y/sqrt2) / 2, rounding only in the slowly
 * varying erfcx factor (its relative error from rounding y/sqrt2 is about eps, not y^2 eps). */
function normTail(y: number): number {
  if (y > 38.5) return 0 // below the smallest subnormal
  return normPdf(y) * (SQRT_PI_OVER_2 * erfcxPositive(y * SQRT1_2))
}

// Wichura AS241 PPND16 coefficients
const SPLIT1 = 0.425, SPLIT2 = 5, CONST1 = 0.180625, CONST2 = 1.6
const a0 = 3.3871328727963666080, a1 = 1.3314166789178437745e2, a2 = 1.9715909503065514427e3
const a3 = 1.3731693765509461125e4, a4 = 4.5921953931549871457e4, a5 = 6.7265770927008700853e4
const a6 = 3.3430575583588128105e4, a7 = 2.5090809287301226727e3
const b1 = 4.2313330701600911252e1, b2 = 6.8718700749205790830e2, b3 = 5.3941960214247511077e3
const b4 = 2.1213794301586595867e4, b5 = 3.9307895800092710610e4, b6 = 2.8729085735721942674e4
const b7 = 5.2264952788528545610e3
const c0 = 1.42343711074968357734, c1 = 4.63033784615654529590, c2 = 5.76949722146069140550
const c3 = 3.64784832476320460504, c4 = 1.27045825245236838258, c5 = 2.41780725177450611770e-1
const c6 = 2.27238449892691845833e-2, c7 = 7.74545014278341407640e-4
const d1 = 2.05319162663775882187, d2 = 1.67638483018380384940, d3 = 6.89767334985100004550e-1
const d4 = 1.48103976427480074590e-1, d5 = 1.51986665636164571966e-2, d6 = 5.47593808499534494600e-4
const d7 = 1.05075007164441684324e-9
const e0 = 6.65790464350110377720, e1 = 5.46378491116411436990, e2 = 1.78482653991729133580
const e3 = 2.96560571828504891230e-1, e4 = 2.65321895265761230930e-2, e5 = 1.24266094738807843860e-3
const e6 = 2.71155556874348757815e-5, e7 = 2.01033439929228813265e-7
const f1 = 5.99832206555887937690e-1, f2 = 1.36929880922735805310e-1, f3 = 1.48753612908506148525e-2
const f4 = 7.86869131145613259100e-4, f5 = 1.84631831751005468180e-5, f6 = 1.42151175831644588870e-7
const f7 = 2.04426310338993978564e-15

/** Inverse of the standard normal CDF: the x with N(x) = p, for p in [0, 1] (Wichura AS241, ~1e-16 relative).
 * Returns -Infinity at p = 0, Infinity at p = 1 and NaN outside [0, 1]. Near p = 1 the answer can only be as
 * good as 1 - p is in double precision; pass the small tail probability and negate when you have it.
 * @example inverseNormCdf(0.975) // 1.959963984540054 */
export function inverseNormCdf(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN
  if (p === 0) return -Infinity
  if (p === 1) return Infinity
  const q = p - 0.5
  if (Math.abs(q) <= SPLIT1) {
    const r = CONST1 - q * q
    return (q * (((((((a7 * r + a6) * r + a5) * r + a4) * r + a3) * r + a2) * r + a1) * r + a0)) /
      (((((((b7 * r + b6) * r + b5) * r + b4) * r + b3) * r + b2) * r + b1) * r + 1)
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p))
  let x: number
  if (r <= SPLIT2) {
    r -= CONST2
    x = (((((((c7 * r + c6) * r + c5) * r + c4) * r + c3) * r + c2) * r + c1) * r + c0) /
      (((((((d7 * r + d6) * r + d5) * r + d4) * r + d3) * r + d2) * r + d1) * r + 1)
  } else {
    r -= SPLIT2
    x = (((((((e7 * r + e6) * r + e5) * r + e4) * r + e3) * r + e2) * r + e1) * r + e0) /
      (((((((f7 * r + f6) * r + f5) * r + f4) * r + f3) * r + f2) * r + f1) * r + 1)
  }
  return q < 0 ? -x : x
}
