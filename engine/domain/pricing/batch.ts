import { OptvaultError } from '../../errors/base.ts'
import { PricingInputError } from '../../errors/pricing.ts'
import { checkPricingInput } from './checkPricingInput.ts'
import { black76IntoUnchecked } from './black76.ts'
import { bsmIntoUnchecked } from './bsm.ts'
import { inverseIntoUnchecked } from './inverse.ts'
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

function needLength(name: string, have: number, length: number): void {
  if (have < length) {
    throw new OptvaultError(`${name} has ${have} rows, fewer than length ${length}.`, {
      where: 'optionGreeksBatch', fix: 'allocate every input and output column with at least `length` rows.',
    })
  }
}

/** Value and Greeks of `input.length` options under one model, written into the columns of `out` that are
 * present, with the same numbers as `optionGreeks` row by row (same code). Allocates nothing per row. A bad row
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
    const v = sigma[i] as number, r = rate[i] as number, q = div[i] as number
    // Cheap compares only; the message (and its string) is built only for the bad row.
    if (!(u > 0 && k > 0 && t >= 0 && v >= 0 && u < Infinity && k < Infinity && t < Infinity && v < Infinity
      && Math.abs(r) < Infinity && (m === 1 || Math.abs(q) < Infinity))) {
      checkPricingInput(u, k, t, v, r, m === 1 ? 0 : q, `optionGreeksBatch row ${i}`)
    }
    // One call site per model, each monomorphic, so V8 can inline the pricing core into this loop.
    if (m === 0) bsmIntoUnchecked(g, isCall[i] !== 0, u, k, t, v, r, q, higher)
    else if (m === 1) black76IntoUnchecked(g, isCall[i] !== 0, u, k, t, v, r, higher)
    else inverseIntoUnchecked(g, isCall[i] !== 0, u, k, t, v, r, q, higher)
    if (price !== undefined) price[i] = g[0] as number
    if (delta !== undefined) delta[i] = g[1] as number
    if (gamma !== undefined) gamma[i] = g[2] as number
    if (vega !== undefined) vega[i] = g[3] as number
    if (theta !== undefined) theta[i] = g[4] as number
    if (rho !== undefined) rho[i] = g[5] as number
    if (divRho !== undefined) divRho[i] = g[6] as number
    if (vanna !== undefined) vanna[i] = g[7] as number
    if (volga !== undefined) volga[i] = g[8] as number
    if (charm !== undefined) charm[i] = g[9] as number
    if (speed !== undefined) speed[i] = g[10] as number
  }
}
