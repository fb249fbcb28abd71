/** P&L of one epoch split into Taylor-expansion parts, all in quote currency. The parts always add up to `total`
 * exactly, in floating point and in any order: `residual` absorbs what the parts miss, and balanceRow rounds the
 * row to a common binary quantum so no addition rounds. */
export interface AttributionRow {
  /** Epoch id as the backtester numbers them (1-based in the vault). */
  epoch: number
  /** delta * dS per step: first-order spot P&L of the unhedged delta. */
  delta: number
  /** 0.5 * gamma * dS^2 per step. */
  gamma: number
  /** theta * dt per step, dt in years (calendar time passing). */
  theta: number
  /** vega * dSigma per step, sigma as a fraction. */
  vega: number
  /** vanna * dS * dSigma + 0.5 * volga * dSigma^2 per step when those columns are given; 0 otherwise (the cross
   * terms then stay in the residual). */
  cross: number
  /** Fees, slippage, gas and funding: signed P&L, negative when paid. */
  costs: number
  /** total - (delta + gamma + theta + vega + cross + costs): higher-order terms, discrete re-hedging and trades
   * marked away from model value. */
  residual: number
  /** Actual P&L booked in the epoch. */
  total: number
}

/** Column order for CSV and tables. */
export const ATTRIBUTION_COLUMNS = ['epoch', 'delta', 'gamma', 'theta', 'vega', 'cross', 'costs', 'residual', 'total'] as const
/** The parts that add up to `total`, in column order. */
export const ATTRIBUTION_PARTS = ['delta', 'gamma', 'theta', 'vega', 'cross', 'costs', 'residual'] as const
