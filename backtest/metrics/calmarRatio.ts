import { safeRatio } from './safeRatio.ts'

/** Calmar ratio: CAGR / |max drawdown|, both fractions. A series that never draws down gives Infinity for a gain
 * (safeRatio); an undefined CAGR gives null. Computed over the whole backtest, not the usual trailing 36 months.
 * @example calmarRatio(0.2, -0.1) // 2 */
export function calmarRatio(cagr: number | null, maxDrawdown: number): number | null {
  return safeRatio(cagr, Math.abs(maxDrawdown))
}
