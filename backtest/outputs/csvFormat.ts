/** Number and time formatting shared by the backtest CSV files. Deterministic: the same number always prints the
 * same text (12 significant digits, no exponent for ordinary magnitudes), so reruns are byte-identical. */

/** A number cell: 12 significant digits, trailing zeros dropped; empty for NaN; `inf`/`-inf` for infinities. */
export function csvNumber(x: number): string {
  if (Number.isNaN(x)) return ''
  if (x === Infinity) return 'inf'
  if (x === -Infinity) return '-inf'
  if (x === 0) return '0'
  return String(Number(x.toPrecision(12)))
}

/** ISO 8601 UTC time of ms since the epoch; empty for NaN. */
export function csvTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : ''
}

/** A text cell, quoted (RFC 4180) when it holds a comma, quote or newline. */
export function csvText(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
