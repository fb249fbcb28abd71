import { OptvaultError } from '../../errors/base.ts'
import { PricingInputError } from '../../errors/pricing.ts'
import { checkPricingInput } from './checkPricingInput.ts'
import { black76IntoUnchecked } from './black76.ts'
import { bsmIntoUnchecked, S_MIN } from './bsm.ts'
import { inverseIntoUnchecked } from './inverse.ts'
import { NORMAL_KERNEL_CONSTANTS } from './normal.ts'
import { GREEK_COUNT, type GreekKey, type PricingModel } from './types.ts'

/** Columns of `length` options, one typed array per field (row i of every column is option i). Units as in
 * OptionInput: `underlying` is spot (bsm, inverse) or forward (black76); `isCall` is 1 for a call, 0 for a put;
 * `div` is ignored by black76. Columns may be longer than `length`; only the first `length` rows are read.
 * @example const input: BatchInput = { length: n, isCall: new Uint8Array(n), underlying: new Float64Array(n), … } */
export interface BatchInput {
  readonly length: number
  readonly isCall: Uint8Array
  readonly underlying: Float64Array
  readonly strike: Float64Array
  readonly tYears: Float64Array
  readonly sigma: Float64Array
  readonly rate: Float64Array
  readonly div: Float64Array
}

/** Output columns, one per Greek the caller wants: only the columns present are filled (rows 0..length-1).
 * @example const out: BatchGreeks = { price: new Float64Array(n), delta: new Float64Array(n) } */
export type BatchGreeks = { [K in GreekKey]?: Float64Array }

const scratch = new Float64Array(GREEK_COUNT)
const {
  A0, A1, A2, A3, A4, B0, B1, B2, B3, C0, C1, C2, C3, C4, C5, C6, C7, C8, D0, D1, D2, D3, D4, D5, D6, D7,
  INV_SQRT_2PI, SQRT1_2, SQRT_PI_OVER_2, THRESH, XSMALL,
} = NORMAL_KERNEL_CONSTANTS

function needLength(name: string, have: number, length: number): void {
  if (have < length) {
    throw new OptvaultError(`${name} has ${have} rows, fewer than length ${length}.`, {
      where: 'optionGreeksBatch', fix: 'allocate every input and output column with at least `length` rows.',
    })
  }
}

/** Value and Greeks of `input.length` options under one model, written into the columns of `out` that are
 * present, with the same numbers as `optionGreeks` row by row, bit for bit (common rows run a hand-inlined copy of
 * `bsmIntoUnchecked`'s arithmetic, the others the shared functions). Allocates nothing per row. A bad row
 * throws PricingInputError naming the row and field; rows before it have then been written (the columns are the
 * caller's scratch: discard them). Units as in OptionGreeks.
 * @example
 * const n = 2
 * const input = { length: n, isCall: Uint8Array.of(1, 0), underlying: Float64Array.of(100, 100),
 *   strike: Float64Array.of(95, 105), tYears: Float64Array.of(0.5, 0.5), sigma: Float64Array.of(0.2, 0.2),
 *   rate: Float64Array.of(0.05, 0.05), div: new Float64Array(n) }
 * const out = { price: new Float64Array(n), delta: new Float64Array(n) }
 * optionGreeksBatch('bsm', input, out) // out.price[0] is the 95-strike call's value */
export function optionGreeksBatch(model: PricingModel, input: BatchInput, out: BatchGreeks): void {
  if (model !== 'bsm' && model !== 'black76' && model !== 'inverse') {
    throw new PricingInputError('model', model, 'optionGreeksBatch')
  }
  const n = input.length
  const { isCall, underlying, strike, tYears, sigma, rate, div } = input
  needLength('isCall', isCall.length, n)
  needLength('underlying', underlying.length, n)
  needLength('strike', strike.length, n)
  needLength('tYears', tYears.length, n)
  needLength('sigma', sigma.length, n)
  needLength('rate', rate.length, n)
  needLength('div', div.length, n)
  const { price, delta, gamma, vega, theta, rho, divRho, vanna, volga, charm, speed } = out
  for (const [k, col] of Object.entries(out)) if (col !== undefined) needLength(`out.${k}`, col.length, n)

  const g = scratch
  const m = model === 'bsm' ? 0 : model === 'black76' ? 1 : 2
  // Skip divRho, vanna, volga, charm and speed when no column asks for them.
  const higher = divRho !== undefined || vanna !== undefined || volga !== undefined || charm !== undefined
    || speed !== undefined
  for (let i = 0; i < n; i++) {
    const u = underlying[i] as number, k = strike[i] as number, t = tYears[i] as number
    const v = sigma[i] as number, r = rate[i] as number
    // Black-76 is BSM with carry 0 (q = r); its div column is never read.
    const q = m === 1 ? r : div[i] as number
    // Cheap compares only; the message (and its string) is built only for the bad row.
    if (!(u > 0 && k > 0 && t >= 0 && v >= 0 && u < Infinity && k < Infinity && t < Infinity && v < Infinity
      && Math.abs(r) < Infinity && Math.abs(q) < Infinity)) {
      checkPricingInput(u, k, t, v, r, m === 1 ? 0 : q, `optionGreeksBatch row ${i}`)
    }
    const call = isCall[i] !== 0
    // The common row, priced here with bsmIntoUnchecked's arithmetic copied operation for operation (so every
    // bit agrees with optionGreeks) and normPdf, normLowerTailWithPdf, erfSmall and erfcxPositive's y <= 4
    // branch inlined by hand: V8 will not inline all of them into this loop, and every call it keeps boxes its
    // double arguments. Rows needing a limit (total vol ~ 0), the near-money series, or a tail past
    // |d| ~ 5.66 (erfcx's y > 4) fall back to the shared functions below.
    const w = call ? 1 : -1
    const df = r === 0 ? 1 : Math.exp(-r * t)
    const eq = q === 0 ? 1 : q === r ? df : Math.exp(-q * t)
    const se = u * eq
    const kd = k * df
    const sqt = Math.sqrt(t)
    const s = v * sqt
    const iStrike = 1 / k
    const ratio = u * iStrike
    let lnRatio = Math.log(ratio)
    if (ratio > 0.5 && ratio < 2) {
      if (k < 1e300) {
        const ca = 134217729 * ratio, ah = ca - (ca - ratio), al = ratio - ah // 2^27 + 1: Veltkamp's split
        const cb = 134217729 * k, bh = cb - (cb - k), bl = k - bh
        const pk = ratio * k
        const pkErr = ah * bh - pk + ah * bl + al * bh + al * bl
        lnRatio += (u - pk - pkErr) / u
      } else lnRatio = Math.log1p((u - k) * iStrike)
    }
    const x = lnRatio + (r - q) * t
    const is = 1 / s
    const d1 = x * is + 0.5 * s
    const d2 = d1 - s
    const y1 = Math.abs(d1) * SQRT1_2
    const y2 = Math.abs(d2) * SQRT1_2
    let p0: number, p1: number, p2: number, p3: number, p4: number, p5: number
    let p6 = 0, p7 = 0, p8 = 0, p9 = 0, p10 = 0
    if (s >= S_MIN && !(s < 0.05 && Math.abs(x) <= s) && y1 <= 4 && y2 <= 4) {
      const iSpot = 1 / u
      // normPdf(d1); |d1| <= 5.66 here, so neither its underflow cut nor bsm's pd1 > 1e-280 test can trigger.
      const ax = Math.abs(d1)
      const c = 134217729 * ax
      const hi = c - (c - ax)
      const lo = ax - hi
      const pp = ax * ax
      const e = hi * hi - pp + 2 * hi * lo + lo * lo
      const pd1 = INV_SQRT_2PI * Math.exp(-0.5 * pp) * (1 - 0.5 * e)
      const pd2 = pd1 * ratio * (eq / df)
      let t1: number, t2: number
      if (y1 <= THRESH) {
        const z = Math.abs(y1) > XSMALL ? y1 * y1 : 0
        let num = A4 * z, den = z
        num = (num + A0) * z; den = (den + B0) * z
        num = (num + A1) * z; den = (den + B1) * z
        num = (num + A2) * z; den = (den + B2) * z
        t1 = 0.5 - 0.5 * ((y1 * (num + A3)) / (den + B3))
      } else {
        let num = C8 * y1, den = y1
        num = (num + C0) * y1; den = (den + D0) * y1
        num = (num + C1) * y1; den = (den + D1) * y1
        num = (num + C2) * y1; den = (den + D2) * y1
        num = (num + C3) * y1; den = (den + D3) * y1
        num = (num + C4) * y1; den = (den + D4) * y1
        num = (num + C5) * y1; den = (den + D5) * y1
        num = (num + C6) * y1; den = (den + D6) * y1
        t1 = pd1 * (SQRT_PI_OVER_2 * ((num + C7) / (den + D7)))
      }
      if (y2 <= THRESH) {
        const z = Math.abs(y2) > XSMALL ? y2 * y2 : 0
        let num = A4 * z, den = z
        num = (num + A0) * z; den = (den + B0) * z
        num = (num + A1) * z; den = (den + B1) * z
        num = (num + A2) * z; den = (den + B2) * z
        t2 = 0.5 - 0.5 * ((y2 * (num + A3)) / (den + B3))
      } else {
        let num = C8 * y2, den = y2
        num = (num + C0) * y2; den = (den + D0) * y2
        num = (num + C1) * y2; den = (den + D1) * y2
        num = (num + C2) * y2; den = (den + D2) * y2
        num = (num + C3) * y2; den = (den + D3) * y2
        num = (num + C4) * y2; den = (den + D4) * y2
        num = (num + C5) * y2; den = (den + D5) * y2
        num = (num + C6) * y2; den = (den + D6) * y2
        t2 = pd2 * (SQRT_PI_OVER_2 * ((num + C7) / (den + D7)))
      }
      const c1 = +(w * d1 > 0), c2 = +(w * d2 > 0)
      const u1 = 1 - t1, u2 = 1 - t2
      const n1 = c1 * u1 + (1 - c1) * t1
      const m1 = c1 * t1 + (1 - c1) * u1
      const n2 = c2 * u2 + (1 - c2) * t2
      const m2 = c2 * t2 + (1 - c2) * u2
      const cx = +(w * x > 0)
      const pr = (1 - cx) * w * (se * n1 - kd * n2) + cx * (w * (se - kd) - w * (se * m1 - kd * m2))
      p0 = pr > 0 ? pr : 0
      p1 = w * eq * n1
      p5 = w * t * kd * n2
      const carry = w * (q * se * n1 - r * kd * n2)
      p2 = eq * pd1 * is * iSpot
      p3 = se * pd1 * sqt
      p4 = -0.5 * se * pd1 * v * v * is + carry
      if (higher) {
        p6 = -w * t * se * n1
        const charmCarry = w * q * eq * n1
        p7 = -eq * pd1 * d2 * sqt * is
        p8 = p3 * d1 * d2 * sqt * is
        p9 = charmCarry - eq * pd1 * ((r - q) * is - 0.5 * d2 * v * v * is * is)
        p10 = -p2 * iSpot * (d1 * is + 1)
      }
      // The model's own adjustments, as black76IntoUnchecked and inverseIntoUnchecked make them.
      if (m === 1) {
        p5 = -t * p0
        p6 = 0
      } else if (m === 2) {
        const cc = p0 * iSpot
        const delta = (p1 - cc) * iSpot
        const gamma = p2
        const vega = p3 * iSpot
        const theta = p4 * iSpot
        p0 = cc
        p1 = delta
        p2 = (gamma - 2 * delta) * iSpot
        p3 = vega
        p4 = theta
        p5 = p5 * iSpot
        if (higher) {
          p6 = p6 * iSpot
          p7 = (p7 - vega) * iSpot
          p8 = p8 * iSpot
          p9 = (p9 - theta) * iSpot
          p10 = (p10 - 3 * gamma * iSpot + 6 * delta * iSpot) * iSpot
        }
      }
    } else {
      if (m === 0) bsmIntoUnchecked(g, call, u, k, t, v, r, q, higher)
      else if (m === 1) black76IntoUnchecked(g, call, u, k, t, v, r, higher)
      else inverseIntoUnchecked(g, call, u, k, t, v, r, q, higher)
      p0 = g[0] as number; p1 = g[1] as number; p2 = g[2] as number; p3 = g[3] as number
      p4 = g[4] as number; p5 = g[5] as number
      if (higher) {
        p6 = g[6] as number; p7 = g[7] as number; p8 = g[8] as number; p9 = g[9] as number
        p10 = g[10] as number
      }
    }
    if (price !== undefined) price[i] = p0
    if (delta !== undefined) delta[i] = p1
    if (gamma !== undefined) gamma[i] = p2
    if (vega !== undefined) vega[i] = p3
    if (theta !== undefined) theta[i] = p4
    if (rho !== undefined) rho[i] = p5
    if (divRho !== undefined) divRho[i] = p6
    if (vanna !== undefined) vanna[i] = p7
    if (volga !== undefined) volga[i] = p8
    if (charm !== undefined) charm[i] = p9
    if (speed !== undefined) speed[i] = p10
  }
}
