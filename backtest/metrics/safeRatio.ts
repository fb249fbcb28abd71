/** The one convention every ratio metric (Sharpe, Sortino, Calmar) follows when its denominator is 0:
 * - x / 0 with x > 0 is `Infinity`, with x < 0 is `-Infinity`: a riskless gain is infinitely good, and sorting
 *   strategies by the ratio still puts it first. Note `JSON.stringify` writes Infinity as null.
 * - 0 / 0, or an undefined input (null, NaN), is `null`: there is no number to report.
 * @example safeRatio(0.1, 0) // Infinity; safeRatio(0, 0) // null; safeRatio(0.1, 0.2) // 0.5 */
export function safeRatio(num: number | null, den: number | null): number | null {
  if (num === null || den === null || Number.isNaN(num) || Number.isNaN(den)) return null
  if (den === 0) return num === 0 ? null : num > 0 ? Infinity : -Infinity
  return num / den
}
