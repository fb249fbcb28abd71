import type { Rate, Vol, Years } from '../units.ts'
import { checkPricingInput } from './checkPricingInput.ts'
import { normLowerTailWithPdf, normPdf } from './normal.ts'
import { greeksFromSlots } from './greeksFromSlots.ts'
import { GREEK_COUNT, type OptionGreeks, type OptionKind } from './types.ts'

/** Inputs of one Black-Scholes-Merton option (units as in types.ts).
 * @example const x: BsmInput = { kind: 'call', spot: 60, strike: 65, tYears: 0.25, sigma: 0.3, rate: 0.08 } */
export interface BsmInput {
  readonly kind: OptionKind
  /** Spot price in quote currency per unit of underlying. */
  readonly spot: number
  readonly strike: number
  readonly tYears: Years
  readonly sigma: Vol
  readonly rate: Rate
  /** Continuous dividend / carry yield; 0 when absent. */
  readonly div?: Rate
}

/** Below this total vol sigma * sqrt(t) the option is priced at its sigma -> 0 limit. Above it, x / s stays finite
 * for any finite log-moneyness, so no 0 * Infinity can appear in the Greeks, and speed (~ 1 / (S^3 s), divided by S
 * once more for inverse options) stays inside the double range for spots down to 1e-6. A total vol of 1e-100 is
 * far below anything a market quotes, so the limit costs no real precision. Exported for optionGreeksBatch's
 * inlined kernel, which sends such rows here.
 * @example const atLimit = !(sigma * Math.sqrt(tYears) >= S_MIN) // true: price at the sigma -> 0 limit */
export const S_MIN = 1e-100
/** phi(0) = 1 / sqrt(2 pi) */
const PHI0 = 0.398942280401432677939946059934

/** Value and all Greeks of a European option under Black-Scholes-Merton with continuous yield `div`, written into
 * `out` in GREEK_KEYS order (price, delta, gamma, vega, theta, rho, divRho, vanna, volga, charm, speed). The hot-path
 * twin of `bsmGreeks`: no allocation. Units: value in quote currency; vega per 1.00 vol; rho, divRho per 1.00 rate;
 * theta and charm per year of calendar time passing (dV/dt = -dV/dtau).
 *
 * Numerics: the out-of-the-money side (by forward moneyness) is computed from the normal tails directly and the
 * in-the-money side by put-call parity, so deep ITM/OTM values keep their digits. When sigma * sqrt(t) is 0 (t = 0
 * or sigma = 0) the value is the discounted forward intrinsic max(w (S e^-qt - K e^-rt), 0), delta is the step
 * w e^-qt 1{w F > w K} (half the step at F = K); gamma, speed and the other terms that become a Dirac mass at the
 * strike are reported as 0. Throws PricingInputError for a negative or non-finite vol, time, strike or spot.
 * @example
 * const g = new Float64Array(GREEK_COUNT)
 * bsmInto(g, true, 60, 65, 0.25, 0.3, 0.08, 0) // g[0] = 2.1334 (Haug, Option Pricing Formulas, p. 2-8)
 */
export function bsmInto(out: Float64Array, isCall: boolean, spot: number, strike: number, tYears: number,
  sigma: number, rate: number, div: number): void {
  checkPricingInput(spot, strike, tYears, sigma, rate, div, 'bsmInto')
  bsmIntoUnchecked(out, isCall, spot, strike, tYears, sigma, rate, div)
}

/** `bsmInto` without the input check, for loops that validated every row first (optionGreeksBatch). Invalid input
 * gives NaN or nonsense here, never an error. With `higherOrder` false only slots 0-5 (price, delta, gamma, vega,
 * theta, rho) are written and divRho, vanna, volga, charm, speed are left as they were: about 5% faster.
 * @example bsmIntoUnchecked(g, true, 60, 65, 0.25, 0.3, 0.08, 0) // same as bsmInto */
export function bsmIntoUnchecked(out: Float64Array, isCall: boolean, spot: number, strike: number, tYears: number,
  sigma: number, rate: number, div: number, higherOrder = true): void {
  const w = isCall ? 1 : -1
  // No yield or no rate is the usual crypto case: skip the exp (exact either way, exp(0) = 1).
  // Black-76 comes here with div = rate: one exp serves both.
  const df = rate === 0 ? 1 : Math.exp(-rate * tYears)
  const eq = div === 0 ? 1 : div === rate ? df : Math.exp(-div * tYears)
  const se = spot * eq // S e^-qt: discounted forward
  const kd = strike * df // K e^-rt
  const sqt = Math.sqrt(tYears)
  const s = sigma * sqt
  // ln(F / K) without forming F, so a rate * t term does not round into the log.
  const iStrike = 1 / strike
  const ratio = spot * iStrike
  // Near the money ln(ratio) alone carries the rounding of S / K, eps absolute and so eps / |x| relative: add it
  // back. e = S - ratio K exactly (Dekker's product; S - p is exact by Sterbenz) and ln(S / K) = ln(ratio) + e / S
  // to O(eps^2): as accurate as log1p((S - K) / K) and ~5% less batch time (V8's log1p is a slower routine than
  // its log). Above 1e300 the split would overflow: log1p there.
  let lnRatio = Math.log(ratio)
  if (ratio > 0.5 && ratio < 2) {
    if (strike < 1e300) {
      const ca = 134217729 * ratio, ah = ca - (ca - ratio), al = ratio - ah // 2^27 + 1: Veltkamp's split
      const cb = 134217729 * strike, bh = cb - (cb - strike), bl = strike - bh
      const pk = ratio * strike
      const pkErr = ah * bh - pk + ah * bl + al * bh + al * bl
      lnRatio += (spot - pk - pkErr) / spot
    } else lnRatio = Math.log1p((spot - strike) * iStrike)
  }
  const x = lnRatio + (rate - div) * tYears

  if (!(s >= S_MIN)) {
    // Cold paths live in their own functions so this one stays small enough for V8 to inline normPdf and the tails.
    limitInto(out, w, x, se, kd, eq, sqt, tYears, rate, div)
    return
  }

  // Reciprocals once: a division costs several multiplies, and the Greeks below need 1/s, 1/S, 1/sigma, 1/t,
  // all expressible through 1/s (1/sigma = sqrt(t)/s, 1/t = sigma^2/s^2).
  const is = 1 / s
  const iSpot = 1 / spot
  const d1 = x * is + 0.5 * s
  const d2 = d1 - s
  const pd1 = normPdf(d1)
  // phi(d2) = phi(d1) F / K exactly; saves an exp unless phi(d1) has underflowed (or nearly) while phi(d2) has not.
  const pd2 = pd1 > 1e-280 ? pd1 * ratio * (eq / df) : normPdf(d2)
  const t1 = normLowerTailWithPdf(d1, pd1) // N(-|d1|)
  const t2 = normLowerTailWithPdf(d2, pd2)
  // N(w d) and N(-w d), each from the small tail so neither loses digits to 1 - N. The sides are picked by
  // multiplying with exact 0/1 flags, not by branching: with calls, puts and moneyness mixed in a batch those
  // branches are coin flips for the CPU's predictor (measured: 3-5% of the batch time each).
  const c1 = +(w * d1 > 0), c2 = +(w * d2 > 0)
  const u1 = 1 - t1, u2 = 1 - t2
  const n1 = c1 * u1 + (1 - c1) * t1
  const m1 = c1 * t1 + (1 - c1) * u1
  const n2 = c2 * u2 + (1 - c2) * t2
  const m2 = c2 * t2 + (1 - c2) * u2

  // Out of the money (w x <= 0): the formula directly. In the money: the other side, which is out of the money,
  // plus the forward intrinsic, so the small time value is never the difference of two large numbers. Both are
  // finite, so the 0/1 blend is exact.
  const cx = +(w * x > 0)
  const price = s < 0.05 && Math.abs(x) <= s
    ? nearMoneyPrice(w, x, s, is, se, kd, d1, d2, t1, t2)
    : (1 - cx) * w * (se * n1 - kd * n2) + cx * (w * (se - kd) - w * (se * m1 - kd * m2))
  out[0] = price > 0 ? price : 0
  out[1] = w * eq * n1
  out[5] = w * tYears * kd * n2
  const carry = w * (div * se * n1 - rate * kd * n2)
  // When phi(d1) has underflowed every density term is exactly 0 (and computing it could give 0 * Infinity).
  const live = pd1 > 0
  const gamma = live ? eq * pd1 * is * iSpot : 0 // e^-qt phi(d1) / (S s)
  const vega = live ? se * pd1 * sqt : 0
  out[2] = gamma
  out[3] = vega
  out[4] = live ? -0.5 * se * pd1 * sigma * sigma * is + carry : carry // -S e^-qt phi(d1) sigma / (2 sqrt t) + carry
  if (!higherOrder) return
  out[6] = -w * tYears * se * n1
  const charmCarry = w * div * eq * n1
  if (live) {
    out[7] = -eq * pd1 * d2 * sqt * is // -e^-qt phi(d1) d2 / sigma
    out[8] = vega * d1 * d2 * sqt * is // vega d1 d2 / sigma
    // e^-qt phi(d1) (2 (r - q) t - d2 s) / (2 t s), written as ((r - q) / s - d2 / (2t))
    out[9] = charmCarry - eq * pd1 * ((rate - div) * is - 0.5 * d2 * sigma * sigma * is * is)
    out[10] = -gamma * iSpot * (d1 * is + 1) // -gamma / S (d1 / s + 1)
  } else {
    out[7] = 0
    out[8] = 0
    out[9] = charmCarry
    out[10] = 0
  }
}

const scratch = new Float64Array(GREEK_COUNT)

/** Value and Greeks of one Black-Scholes-Merton option (see `bsmInto` for units, limits and numerics).
 * @example
 * bsmGreeks({ kind: 'put', spot: 105, strike: 100, tYears: 0.5, sigma: 0.36, rate: 0.1, div: 0.1 }).delta
 * // -0.3566 (Haug, Option Pricing Formulas, pp. 11-16) */
export function bsmGreeks(input: BsmInput): OptionGreeks {
  bsmInto(scratch, input.kind === 'call', input.spot, input.strike, input.tYears, input.sigma, input.rate,
    input.div ?? 0)
  return greeksFromSlots(scratch)
}

/** Value of one Black-Scholes-Merton option in quote currency.
 * @example bsmPrice({ kind: 'call', spot: 60, strike: 65, tYears: 0.25, sigma: 0.3, rate: 0.08 }) // 2.1334 */
export function bsmPrice(input: BsmInput): number {
  bsmInto(scratch, input.kind === 'call', input.spot, input.strike, input.tYears, input.sigma, input.rate,
    input.div ?? 0)
  return scratch[0] as number
}

/** N(m + h) - N(m - h) for h <= 0.025 and |m| <= 1, to ~1e-16 relative: the integral of phi over [m - h, m + h]
 * as 2 h phi(m) sum_k h^2k He_2k(m) / (2k + 1)!, with the Hermite polynomials He_2k from phi's derivatives.
 * The terms fall by h^2 / 20 each, so four corrections reach double precision. */
function normDiffNarrow(m: number, h: number): number {
  const m2 = m * m
  const h2 = h * h
  const he2 = m2 - 1
  const he4 = (m2 - 6) * m2 + 3
  const he6 = ((m2 - 15) * m2 + 45) * m2 - 15
  const he8 = (((m2 - 28) * m2 + 210) * m2 - 420) * m2 + 105
  const series = 1 + h2 * (he2 / 6 + h2 * (he4 / 120 + h2 * (he6 / 5040 + h2 * (he8 / 362880))))
  return 2 * h * normPdf(m) * series
}

/** The sigma sqrt(t) -> 0 limit (t = 0 or sigma = 0): N(d1), N(d2) -> H(x) and the density terms vanish except
 * where x = 0 exactly. See bsmInto. */
function limitInto(out: Float64Array, w: number, x: number, se: number, kd: number, eq: number, sqt: number,
  tYears: number, rate: number, div: number): void {
  // sigma -> 0 or t -> 0: N(d1), N(d2) -> H(x), phi terms -> 0 except where x = 0 exactly.
  const h = x > 0 ? 1 : x < 0 ? 0 : 0.5 // N(d1) = N(d2) for the call
  const n = w > 0 ? h : 1 - h // N(w d1) = N(w d2)
  out[0] = w * x > 0 ? Math.max(w * (se - kd), 0) : 0
  out[1] = w * eq * n
  out[2] = 0
  out[3] = x === 0 ? se * PHI0 * sqt : 0 // at F = K the vega limit is finite
  out[4] = w * (div * se - rate * kd) * n
  out[5] = w * tYears * kd * n
  out[6] = -w * tYears * se * n
  out[7] = x === 0 ? eq * PHI0 * sqt * 0.5 : 0 // -e^-qt phi(d1) d2 / sigma with d2 / sigma -> -sqrt(t) / 2
  out[8] = 0
  out[9] = w * div * eq * n
  out[10] = 0
}

/** nearMoneyPrice for a caller that prices the rest inline (Portfolio's mark): its ten arguments in
 * `buf[0..9]` (w, x, s, is, se, kd, d1, d2, t1, t2), the price written to `buf[10]`. A call with ten double
 * arguments that V8 does not inline boxes each of them, which near expiry was most of a backtest's garbage.
 * @example buf.set([w, x, s, is, se, kd, d1, d2, t1, t2]); nearMoneyPriceInto(buf); price = buf[10] */
export function nearMoneyPriceInto(buf: Float64Array): void {
  buf[10] = nearMoneyPrice(buf[0] as number, buf[1] as number, buf[2] as number, buf[3] as number, buf[4] as number,
    buf[5] as number, buf[6] as number, buf[7] as number, buf[8] as number, buf[9] as number)
}

/** Value near the money with little total vol (s < 0.05, |x| <= s). There N(d1) and N(d2) are both near N(x/s)
 * and their difference, the whole time value, would lose log10(1/s) digits; take N(d1) - N(d2) from its Taylor
 * series instead, and S e^-qt - K e^-rt from expm1. t1, t2 are N(-|d1|), N(-|d2|). */
function nearMoneyPrice(w: number, x: number, s: number, is: number, se: number, kd: number, d1: number,
  d2: number, t1: number, t2: number): number {
  const dn = normDiffNarrow(x * is, 0.5 * s)
  const fwdMinusK = kd * Math.expm1(x) // S e^-qt - K e^-rt without cancellation
  // the out-of-the-money side (the call if x <= 0), then parity for the other
  const otm = x <= 0
    ? se * dn + fwdMinusK * (d2 <= 0 ? t2 : 1 - t2) // call: S e^-qt dN + (S e^-qt - K e^-rt) N(d2)
    : kd * dn - fwdMinusK * (d1 <= 0 ? 1 - t1 : t1) // put: K e^-rt dN - (S e^-qt - K e^-rt) N(-d1)
  return (w > 0) === (x <= 0) ? otm : otm + w * fwdMinusK
}
