import { MS_PER_YEAR } from '../../engine/domain/units.ts'
import { MetricsInputError } from '../metrics/metricsInputError.ts'
import type { AttributionRow } from './attributionRow.ts'
import { balanceRow } from './balanceRow.ts'

/** Columns of a backtest, one value per bar, all in quote currency unless named otherwise. Bar i books the P&L
 * of the step from bar i-1 to bar i; bar 0 books only what happened at the first bar (opening costs). */
export interface AttributionInput {
  /** Bar times, ms UTC, strictly increasing. */
  readonly tMs: Float64Array
  /** Underlying price per unit, quote currency. */
  readonly spot: Float64Array
  /** Implied vol the book is marked at, as a fraction. */
  readonly sigma: Float64Array
  /** Position-weighted Greeks of the whole book (options, spot, perps) as held AFTER bar i's trades, so they are the
   * Greeks at the START of step i+1. delta in units of underlying (quote per unit of spot move), gamma per unit of
   * spot squared, vega per 1.00 of vol, theta per year of calendar time (pricing/types.ts conventions). */
  readonly delta: Float64Array
  readonly gamma: Float64Array
  readonly vega: Float64Array
  readonly theta: Float64Array
  /** Optional cross Greeks, same weighting: d2V/dS dsigma and d2V/dsigma2. When absent their terms are residual. */
  readonly vanna?: Float64Array
  readonly volga?: Float64Array
  /** Actual P&L booked at bar i: the change of NAV from bar i-1, costs included. */
  readonly pnl: Float64Array
  /** Costs booked at bar i as signed P&L (negative when paid; funding can be received), already inside `pnl`. */
  readonly costs?: Readonly<{ fees?: Float64Array; slippage?: Float64Array; gas?: Float64Array; funding?: Float64Array }>
  /** Epoch each bar's P&L belongs to, non-decreasing. The backtester decides: e.g. the settlement bar belongs to the
   * expiring epoch, the next bar's opening fees to the new one. */
  readonly epoch: Float64Array | Int32Array
}

/** Taylor-expansion P&L attribution of an option book, aggregated per epoch. For each step i (bar i-1 -> i), with
 * Greeks from bar i-1, dS = spot[i] - spot[i-1], dSigma = sigma[i] - sigma[i-1], dt = (tMs[i] - tMs[i-1]) in years:
 *   delta = delta * dS, gamma = 0.5 * gamma * dS^2, vega = vega * dSigma, theta = theta * dt,
 *   cross = vanna * dS * dSigma + 0.5 * volga * dSigma^2 (0 without those columns),
 *   costs = fees + slippage + gas + funding, residual = pnl - everything else.
 * One row per epoch run, in order; balanceRow makes each row's parts add up to its total exactly. The loop keeps
 * six running sums and allocates nothing per bar. Throws MetricsInputError on a length mismatch, a non-finite value
 * or a decreasing epoch.
 * @example attributePnl({ tMs, spot, sigma, delta, gamma, vega, theta, pnl, epoch }) // [{ epoch: 1, delta: …, total: … }] */
export function attributePnl(input: AttributionInput): AttributionRow[] {
  const n = input.tMs.length
  const { tMs, spot, sigma, delta, gamma, vega, theta, pnl, epoch, vanna, volga } = input
  const fees = input.costs?.fees, slippage = input.costs?.slippage, gas = input.costs?.gas, funding = input.costs?.funding
  const cols: [string, ArrayLike<number> | undefined][] = [['tMs', tMs], ['spot', spot], ['sigma', sigma], ['delta', delta],
    ['gamma', gamma], ['vega', vega], ['theta', theta], ['pnl', pnl], ['epoch', epoch], ['vanna', vanna], ['volga', volga],
    ['costs.fees', fees], ['costs.slippage', slippage], ['costs.gas', gas], ['costs.funding', funding]]
  for (const [name, c] of cols) {
    if (c === undefined) continue
    if (c.length !== n) throw new MetricsInputError(name, `has ${c.length} values but tMs has ${n}`, 'pass one value per bar')
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(c[i])) throw new MetricsInputError(`${name}[${i}]`, `must be finite, got ${c[i]}`)
    }
  }

  const rows: AttributionRow[] = []
  if (n === 0) return rows
  let current = epoch[0] as number
  let sD = 0, sG = 0, sT = 0, sV = 0, sX = 0, sC = 0, sP = 0
  for (let i = 0; i < n; i++) {
    const e = epoch[i] as number
    if (e !== current) {
      if (e < current) throw new MetricsInputError(`epoch[${i}]`, `must not decrease, got ${e} after ${current}`)
      rows.push(balanceRow(current, { delta: sD, gamma: sG, theta: sT, vega: sV, cross: sX, costs: sC }, sP))
      current = e
      sD = sG = sT = sV = sX = sC = sP = 0
    }
    if (i > 0) {
      const j = i - 1
      const dS = (spot[i] as number) - (spot[j] as number)
      const dSig = (sigma[i] as number) - (sigma[j] as number)
      sD += (delta[j] as number) * dS
      sG += 0.5 * (gamma[j] as number) * dS * dS
      sV += (vega[j] as number) * dSig
      sT += (theta[j] as number) * (((tMs[i] as number) - (tMs[j] as number)) / MS_PER_YEAR)
      if (vanna !== undefined) sX += (vanna[j] as number) * dS * dSig
      if (volga !== undefined) sX += 0.5 * (volga[j] as number) * dSig * dSig
    }
    if (fees !== undefined) sC += fees[i] as number
    if (slippage !== undefined) sC += slippage[i] as number
    if (gas !== undefined) sC += gas[i] as number
    if (funding !== undefined) sC += funding[i] as number
    sP += pnl[i] as number
  }
  rows.push(balanceRow(current, { delta: sD, gamma: sG, theta: sT, vega: sV, cross: sX, costs: sC }, sP))
  return rows
}
