import type { Rate, Vol, Years } from '../units.ts'
import { bsmIntoUnchecked } from './bsm.ts'
import { checkPricingInput } from './checkPricingInput.ts'
import { greeksFromSlots } from './greeksFromSlots.ts'
import { GREEK_COUNT, type OptionGreeks, type OptionKind } from './types.ts'

/** Inputs of one coin-margined (inverse) option, as Deribit lists BTC and ETH options (units as in types.ts).
 * @example const x: InverseInput = { kind: 'call', spot: 60000, strike: 65000, tYears: 30 / 365, sigma: 0.6, rate: 0 } */
export interface InverseInput {
  readonly kind: OptionKind
  /** Spot (index) price in quote currency (USD) per coin. */
  readonly spot: number
  /** Strike in quote currency (USD) per coin. */
  readonly strike: number
  readonly tYears: Years
  readonly sigma: Vol
  readonly rate: Rate
  /** Continuous yield of the coin (or basis carry); 0 when absent. */
  readonly div?: Rate
}

/** Value and Greeks of a coin-margined option, written into `out` in GREEK_KEYS order. The hot-path twin of
 * `inverseGreeks`.
 *
 * The value is c = V / S: the Black-Scholes-Merton value V in USD converted to coins at spot, so 0.05 means
 * 0.05 BTC per option on 1 BTC. Every Greek is a derivative of that coin value c, not of V. With V's Greeks
 * (Delta, Gamma, Speed, vega, ...) and S independent of sigma, t, r and q:
 *   delta = dc/dS      = (Delta - c) / S                 (call: K e^-rt N(d2) / S^2 > 0; put: -K e^-rt N(-d2) / S^2)
 *   gamma = d2c/dS2    = Gamma / S - 2 delta / S
 *   speed = d3c/dS3    = (Speed - 3 Gamma / S + 6 delta / S) / S
 *   vega, theta, rho, divRho, volga = the BSM Greek / S
 *   vanna = d2c/dS dsigma = (vanna - vega_c) / S,  with vega_c = vega / S
 *   charm = d(delta)/dt   = (charm - theta_c) / S, with theta_c = theta / S
 * So an inverse call's coin delta is smaller than its USD delta / S by c / S: as S rises the coin premium is worth
 * more USD per coin and fewer coins are needed. Limits and numerics are those of `bsmInto`.
 * @example
 * const g = new Float64Array(GREEK_COUNT)
 * inverseInto(g, true, 60000, 65000, 30 / 365, 0.6, 0, 0) // g[0] * 60000 === the BSM value in USD
 */
export function inverseInto(out: Float64Array, isCall: boolean, spot: number, strike: number, tYears: number,
  sigma: number, rate: number, div: number): void {
  checkPricingInput(spot, strike, tYears, sigma, rate, div, 'inverseInto')
  inverseIntoUnchecked(out, isCall, spot, strike, tYears, sigma, rate, div)
}

/** `inverseInto` without the input check, for loops that validated every row first. `higherOrder` as in
 * `bsmIntoUnchecked`: false writes slots 0-5 only.
 * @example inverseIntoUnchecked(g, true, 60000, 65000, 30 / 365, 0.6, 0, 0) // same as inverseInto */
export function inverseIntoUnchecked(out: Float64Array, isCall: boolean, spot: number, strike: number,
  tYears: number, sigma: number, rate: number, div: number, higherOrder = true): void {
  bsmIntoUnchecked(out, isCall, spot, strike, tYears, sigma, rate, div, higherOrder)
  const iSpot = 1 / spot
  const c = (out[0] as number) * iSpot
  const delta = ((out[1] as number) - c) * iSpot
  const gamma = out[2] as number
  const vega = (out[3] as number) * iSpot
  const theta = (out[4] as number) * iSpot
  out[0] = c
  out[1] = delta
  out[2] = (gamma - 2 * delta) * iSpot
  out[3] = vega
  out[4] = theta
  out[5] = (out[5] as number) * iSpot
  if (!higherOrder) return
  out[6] = (out[6] as number) * iSpot
  out[7] = ((out[7] as number) - vega) * iSpot
  out[8] = (out[8] as number) * iSpot
  out[9] = ((out[9] as number) - theta) * iSpot
  out[10] = ((out[10] as number) - 3 * gamma * iSpot + 6 * delta * iSpot) * iSpot
}

const scratch = new Float64Array(GREEK_COUNT)

/** Value (in coins) and Greeks of one coin-margined option (see `inverseInto` for the derivation).
 * @example inverseGreeks({ kind: 'put', spot: 60000, strike: 55000, tYears: 7 / 365, sigma: 0.55, rate: 0 }).price */
export function inverseGreeks(input: InverseInput): OptionGreeks {
  inverseInto(scratch, input.kind === 'call', input.spot, input.strike, input.tYears, input.sigma, input.rate,
    input.div ?? 0)
  return greeksFromSlots(scratch)
}

/** Value of one coin-margined option in coins per option on one coin.
 * @example inversePrice({ kind: 'call', spot: 60000, strike: 65000, tYears: 30 / 365, sigma: 0.6, rate: 0 }) */
export function inversePrice(input: InverseInput): number {
  inverseInto(scratch, input.kind === 'call', input.spot, input.strike, input.tYears, input.sigma, input.rate,
    input.div ?? 0)
  return scratch[0] as number
}
