/** Implied total volatility of the normalised Black function to machine precision in at most two Householder
 * steps: P. Jaeckel, "Let's Be Rational", Wilmott 2015 (63) 40-53, sections 4-6.
 *
 * The problem: find s = sigma sqrt(T) with b(x, s) = beta, for an out-of-the-money call (x = ln(F/K) <= 0;
 * impliedVol.ts maps every model, puts and in-the-money options here by put-call parity and x -> -x).
 * The answer lies in (0, inf) exactly when 0 < beta < b_max = exp(x/2).
 *
 * 1. Three points split the price axis into four branches: s_c = sqrt(2|x|) (the inflexion of b in s), and the
 *    points s_l < s_c and s_u > s_c where the tangent at s_c meets b = 0 and b = b_max.
 * 2. On each branch a rational cubic (rationalCubic.ts) interpolates an initial guess, matching values, slopes and
 *    one second derivative at the branch ends: s(beta) directly on the two middle branches, the lower map f(beta)
 *    on [0, b_l] (lowerMap.ts) and the upper map on [b_u, b_max] (upperMap.ts), where s(beta) itself has
 *    unbounded derivatives.
 * 3. Householder's third-order step s += nu (1 + nu h2/2) / (1 + nu (h2 + nu h3/6)), nu = -g/g', h2 = g''/g',
 *    h3 = g'''/g', on an objective g chosen per branch so that it is close to linear in s:
 *      lowest:  g = 1/ln b(s) - 1/ln beta          (b spans hundreds of orders of magnitude)
 *      middle:  g = b(s) - beta
 *      highest: g = ln(b_max - beta) - ln(b_max - b(s))   (only the small distance to b_max carries information)
 *    From the guess, two steps reach double precision everywhere (Jaeckel's claim, asserted by our tests).
 * A bracket [s_left, s_right] is kept and bisection takes over if a step leaves it. That only happens for |x| in
 * the hundreds (K/F beyond e^400, where normalised prices near the underflow threshold), beyond any option; there
 * two steps can fall short and impliedVol.ts allows 16. Known limit: when even b_max = exp(x/2) is within a few
 * powers of ten of the smallest double (|x| > ~1400), the vega underflows and no answer is reliable. Pure. */
import { normalisedBlackAndVegaInto } from './normalisedBlack.ts'
import {
  convexRationalCubicControlParameterLeft, convexRationalCubicControlParameterRight, rationalCubicInterpolation,
} from './rationalCubic.ts'
import { inverseLowerMap, lowerMapInto } from './lowerMap.ts'
import { inverseUpperMap, upperMapInto } from './upperMap.ts'

const EPS = Number.EPSILON
const DBL_MIN = 2.2250738585072014e-308
const SQRT_DBL_MAX = Math.sqrt(Number.MAX_VALUE)

/** Which of the four branches the price fell in: 0 lowest, 1 lower middle, 2 upper middle, 3 highest. */
export type LbrBranch = 0 | 1 | 2 | 3

/** What one solve did, for tests and diagnostics: filled in when passed to `normalisedImpliedVol`.
 * @example const trace: LbrTrace = { iterations: 0, branch: 0, guess: 0 }; normalisedImpliedVol(0.01, -1, 2, trace) */
export interface LbrTrace {
  /** Householder steps taken (bisection fallbacks included). */
  iterations: number
  branch: LbrBranch
  /** The initial guess from the rational interpolation, before any step. */
  guess: number
}

/** Scratch for [f, f', f''] of the maps and [b, b'] of the Black function: the hot path allocates nothing. */
const map = new Float64Array(3)
const bv = new Float64Array(2)

function householderFactor(newton: number, halley: number, hh3: number): number {
  return (1 + 0.5 * halley * newton) / (1 + newton * (halley + hh3 * newton / 6))
}

/** Implied normalised total volatility s = sigma sqrt(T) with normalisedBlackCall(x, s) = beta, for x <= 0.
 * Returns 0 for beta <= 0 and +Infinity for beta >= exp(x/2): callers reject those with an error before
 * calling. `maxIterations` caps the Householder steps (2 is enough, the default; more is harmless, they stop
 * as soon as a step is below one ulp of s). Pass `trace` to learn the branch, the guess and the steps taken.
 * @example normalisedImpliedVol(normalisedBlackCall(-0.5, 0.3), -0.5) // 0.3 to within a few ulps */
export function normalisedImpliedVol(beta: number, x: number, maxIterations = 2, trace?: LbrTrace): number {
  if (x > 0) x = -x // callers pass the out-of-the-money side; b(x, s) - intrinsic is symmetric in x
  if (!(beta > 0)) return beta === beta ? 0 : NaN
  const bMax = Math.exp(0.5 * x)
  if (beta >= bMax) return Infinity
  let iterations = 0
  let s: number
  let ds = -Number.MAX_VALUE, dsPrevious = 0, reversals = 0
  let sLeft = DBL_MIN, sRight = Number.MAX_VALUE
  let branch: LbrBranch
  const sc = Math.sqrt(-2 * x)
  normalisedBlackAndVegaInto(bv, x, sc)
  const bc = bv[0] as number, vc = bv[1] as number

  if (beta < bc) {
    const sl = sc - bc / vc
    normalisedBlackAndVegaInto(bv, x, sl)
    const bl = bv[0] as number, vl = bv[1] as number
    if (beta < bl) {
      // Lowest branch: interpolate the lower map on [0, b_l], where f(0) = 0 and f'(0) = 1.
      branch = 0
      lowerMapInto(map, x, sl)
      const fl = map[0] as number, dfl = map[1] as number, d2fl = map[2] as number
      let f = -1
      if (Number.isFinite(d2fl)) {
        const r = convexRationalCubicControlParameterRight(0, bl, 0, fl, 1, dfl, d2fl, true)
        f = rationalCubicInterpolation(beta, 0, bl, 0, fl, 1, dfl, r)
      }
      if (!(f > 0)) {
        // Rounding at extreme |x| can push the cubic to <= 0: the quadratic with f(0) = 0, f'(0) = 1 and f(b_l) is safe.
        const t = beta / bl
        f = (fl * t + bl * (1 - t)) * t
      }
      s = inverseLowerMap(x, f)
      if (trace !== undefined) trace.guess = s
      sRight = sl
      const lnBeta = Math.log(beta)
      for (; iterations < maxIterations && Math.abs(ds) > EPS * s; iterations++) {
        if (ds * dsPrevious < 0) reversals++
        if (iterations > 0 && (reversals === 3 || !(s > sLeft && s < sRight))) {
          s = 0.5 * (sLeft + sRight)
          if (sRight - sLeft <= EPS * s) break
          reversals = 0
          ds = 0
        }
        dsPrevious = ds
        normalisedBlackAndVegaInto(bv, x, s)
        const b = bv[0] as number, bp = bv[1] as number
        if (b > beta && s < sRight) sRight = s
        else if (b < beta && s > sLeft) sLeft = s
        if (b <= 0 || bp <= 0) {
          ds = 0.5 * (sLeft + sRight) - s // underflow: bisect this once
        } else {
          // g = 1/ln b - 1/ln beta; with p = b'/b and B2 = b''/b' = x^2/s^3 - s/4, B3 = b'''/b' = B2^2 - 3x^2/s^4 - 1/4:
          //   -g/g' = (ln beta - ln b) ln b / ln beta / p,  g''/g' = B2 - p (1 + 2/ln b),
          //   g'''/g' = B3 + 2 p^2 (1 + 3/ln b (1 + 1/ln b)) - 3 B2 p (1 + 2/ln b).
          const lnB = Math.log(b), p = bp / b, h = x / s
          const b2 = (h * h) / s - 0.25 * s
          const b3 = b2 * b2 - 3 * (h / s) * (h / s) - 0.25
          const newton = ((lnBeta - lnB) * lnB) / lnBeta / p
          const oneTwo = 1 + 2 / lnB
          const halley = b2 - p * oneTwo
          const hh3 = b3 + 2 * p * p * (1 + (3 / lnB) * (1 + 1 / lnB)) - 3 * b2 * p * oneTwo
          ds = newton * householderFactor(newton, halley, hh3)
        }
        ds = Math.max(-0.5 * s, ds) // never more than halve s in one step: s stays positive
        s += ds
      }
      return done(trace, branch, iterations, s)
    }
    // Lower middle branch: s(beta) itself on [b_l, b_c], slopes 1/vega, zero curvature at the inflexion b_c.
    branch = 1
    const r = convexRationalCubicControlParameterRight(bl, bc, sl, sc, 1 / vl, 1 / vc, 0, false)
    s = rationalCubicInterpolation(beta, bl, bc, sl, sc, 1 / vl, 1 / vc, r)
    sLeft = sl
    sRight = sc
  } else {
    const su = vc > DBL_MIN ? sc + (bMax - bc) / vc : sc
    normalisedBlackAndVegaInto(bv, x, su)
    const bu = bv[0] as number, vu = bv[1] as number
    if (beta <= bu) {
      // Upper middle branch: s(beta) on [b_c, b_u], zero curvature at b_c.
      branch = 2
      const r = convexRationalCubicControlParameterLeft(bc, bu, sc, su, 1 / vc, 1 / vu, 0, false)
      s = rationalCubicInterpolation(beta, bc, bu, sc, su, 1 / vc, 1 / vu, r)
      sLeft = sc
      sRight = su
    } else {
      // Highest branch: interpolate the upper map on [b_u, b_max], where f(b_max) = 0 and f'(b_max) = -1/2.
      branch = 3
      upperMapInto(map, x, su)
      const fu = map[0] as number, dfu = map[1] as number, d2fu = map[2] as number
      let f = -1
      if (d2fu > -SQRT_DBL_MAX && d2fu < SQRT_DBL_MAX) {
        const r = convexRationalCubicControlParameterLeft(bu, bMax, fu, 0, dfu, -0.5, d2fu, true)
        f = rationalCubicInterpolation(beta, bu, bMax, fu, 0, dfu, -0.5, r)
      }
      if (!(f > 0)) {
        // The quadratic with f(b_u), f(b_max) = 0 and f'(b_max) = -1/2.
        const h = bMax - bu, t = (beta - bu) / h
        f = (fu * (1 - t) + 0.5 * h * t) * (1 - t)
      }
      s = inverseUpperMap(f)
      sLeft = su
      // Below half of b_max the distance to b_max holds no more information than b itself: use g = b - beta.
      if (beta > 0.5 * bMax) {
        if (trace !== undefined) trace.guess = s
        const lnDistance = Math.log(bMax - beta)
        for (; iterations < maxIterations && Math.abs(ds) > EPS * s; iterations++) {
          if (ds * dsPrevious < 0) reversals++
          if (iterations > 0 && (reversals === 3 || !(s > sLeft && s < sRight))) {
            s = 0.5 * (sLeft + sRight)
            if (sRight - sLeft <= EPS * s) break
            reversals = 0
            ds = 0
          }
          dsPrevious = ds
          normalisedBlackAndVegaInto(bv, x, s)
          const b = bv[0] as number, bp = bv[1] as number
          if (b > beta && s < sRight) sRight = s
          else if (b < beta && s > sLeft) sLeft = s
          if (b >= bMax || bp <= DBL_MIN) {
            ds = 0.5 * (sLeft + sRight) - s
          } else {
            // g = ln(b_max - beta) - ln(b_max - b); with G = g' = b'/(b_max - b):
            //   -g/g' = -g/G,  g''/g' = B2 + G,  g'''/g' = B3 + G (2G + 3 B2).
            const distance = bMax - b
            const g = lnDistance - Math.log(distance), gp = bp / distance
            const h = x / s
            const b2 = (h * h) / s - 0.25 * s
            const b3 = b2 * b2 - 3 * (h / s) * (h / s) - 0.25
            const newton = -g / gp
            ds = newton * householderFactor(newton, b2 + gp, b3 + gp * (2 * gp + 3 * b2))
          }
          ds = Math.max(-0.5 * s, ds)
          s += ds
        }
        return done(trace, branch, iterations, s)
      }
    }
  }
  if (trace !== undefined) trace.guess = s
  // Middle branches (and the highest below b_max/2): g = b - beta, so -g/g' = (beta - b)/b', g''/g' = B2, g'''/g' = B3.
  for (; iterations < maxIterations && Math.abs(ds) > EPS * s; iterations++) {
    if (ds * dsPrevious < 0) reversals++
    if (iterations > 0 && (reversals === 3 || !(s > sLeft && s < sRight))) {
      s = 0.5 * (sLeft + sRight)
      if (sRight - sLeft <= EPS * s) break
      reversals = 0
      ds = 0
    }
    dsPrevious = ds
    normalisedBlackAndVegaInto(bv, x, s)
    const b = bv[0] as number, bp = bv[1] as number
    if (b > beta && s < sRight) sRight = s
    else if (b < beta && s > sLeft) sLeft = s
    const h = x / s
    const b2 = (h * h) / s - 0.25 * s
    const b3 = b2 * b2 - 3 * (h / s) * (h / s) - 0.25
    const newton = (beta - b) / bp
    ds = Math.max(-0.5 * s, newton * householderFactor(newton, b2, b3))
    s += ds
  }
  return done(trace, branch, iterations, s)
}

function done(trace: LbrTrace | undefined, branch: LbrBranch, iterations: number, s: number): number {
  if (trace !== undefined) {
    trace.branch = branch
    trace.iterations = iterations
  }
  return s
}
