/** Parses a time the way every dataset and every command flag reads it, to ms since the epoch (UTC):
 * - ISO 8601 with a zone: `2024-01-01T00:00:00Z`, `2024-01-01T02:00:00+02:00`
 * - a date, or a date and time without a zone, taken as UTC: `2024-01-01`, `2024-01-01 00:00:00`
 * - an epoch number: below 1e11 it is seconds, otherwise milliseconds (1e11 s is the year 5138, 1e11 ms 1973).
 * Returns undefined for anything else, so the caller can say which file, line or flag was wrong.
 * @example parseUtcTime('2024-01-01') // 1704067200000 */
export function parseUtcTime(text: string): number | undefined {
  const s = text.trim()
  if (s === '') return undefined
  if (/^[+-]?\d+(\.\d+)?$/.test(s)) {
    const n = Number(s)
    return Math.round(Math.abs(n) < 1e11 ? n * 1000 : n)
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(s)
  if (m === null) return undefined
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), Math.round(Number(`0${frac || '.0'}`) * 1000))
  const check = new Date(ms)
  // reject 2024-02-30 and 25:00 instead of letting Date roll them over
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return undefined
  if (zone === undefined || zone.toUpperCase() === 'Z') return ms
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!
  const offsetMs = (Number(z[2]) * 60 + Number(z[3])) * 60_000 * (z[1] === '-' ? -1 : 1)
  return ms - offsetMs
}

/** The one `ts` style every optvault writer emits: ISO 8601 UTC with milliseconds, `2024-01-01T00:00:00.000Z`.
 * @example formatUtcTime(1704067200000) // '2024-01-01T00:00:00.000Z' */
export function formatUtcTime(ms: number): string {
  return new Date(ms).toISOString()
}
