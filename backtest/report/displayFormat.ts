/** Number formatting for the report's tables and tiles. Display only: the data in the file keeps full numbers. */

/** Fixed decimals with thousands separators; '—' for null or NaN, '∞' / '-∞' for infinities; no minus sign on a
 * value that rounds to zero.
 * @example formatNumber(1234567.891, 2) // '1,234,567.89' */
export function formatNumber(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—'
  if (x === Infinity) return '∞'
  if (x === -Infinity) return '-∞'
  const text = x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
  // -0 and tiny negatives round to "-0.00", which reads as a loss: a zero has no sign
  return /^-[0.,]+$/.test(text) ? text.slice(1) : text
}

/** A fraction as a percentage: 0.1234 -> '12.34%'.
 * @example formatPercent(-0.25) // '-25.00%' */
export function formatPercent(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || Number.isNaN(x) || !Number.isFinite(x)) return formatNumber(x, decimals)
  return `${formatNumber(x * 100, decimals)}%`
}

/** A time in ms UTC as 'YYYY-MM-DD HH:MM' (UTC, as every time in optvault); '—' when missing.
 * @example formatTimeUtc(Date.UTC(2024, 0, 5, 8)) // '2024-01-05 08:00' */
export function formatTimeUtc(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—'
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
}

/** A compact magnitude for axis-free numbers: 3 significant digits with k/M/B suffixes.
 * @example formatCompact(1_530_000) // '1.53M' */
export function formatCompact(x: number): string {
  const a = Math.abs(x)
  if (!Number.isFinite(x)) return formatNumber(x)
  if (a >= 1e9) return `${(x / 1e9).toPrecision(3)}B`
  if (a >= 1e6) return `${(x / 1e6).toPrecision(3)}M`
  if (a >= 1e4) return `${(x / 1e3).toPrecision(3)}k`
  return formatNumber(x, a >= 100 ? 0 : a >= 1 ? 2 : 4)
}
