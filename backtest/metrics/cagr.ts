/** Compound annual growth rate: (1 + totalReturn)^(1 / years) - 1, years on a 365-day year. null when the span is
 * 0 (one bar) because no rate is defined. Over spans much shorter than a year this extrapolates wildly (a 2% week
 * is a 180% year); the report shows total return next to it for that reason.
 * @example cagr(0.21, 2) // 0.1: 1.1 * 1.1 = 1.21 */
export function cagr(totalReturn: number, years: number): number | null {
  if (!(years > 0)) return null
  return Math.pow(1 + totalReturn, 1 / years) - 1
}
