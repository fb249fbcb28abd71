/** The one timestamp rule for every dataset column that holds a time (`ts`, `expiry`):
 * - ISO 8601 with a zone: `2024-01-01T00:00:00Z`, `2024-01-01T00:00:00.000Z`, `2026-03-13 08:00:00+00:00`;
 * - ISO 8601 without a zone (`2024-01-01 00:00:00`, `2024-01-01`) is taken as UTC, never local time;
 * - an epoch number: below 1e11 it is seconds, otherwise milliseconds (1e11 s is the year 5138, 1e11 ms is 1973,
 *   so the two ranges cannot be confused for market data).
 * Writers emit one style only: `YYYY-MM-DDTHH:mm:ss.sssZ` (`Date.prototype.toISOString`). */

const EPOCH_SECONDS_BELOW = 1e11
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Milliseconds since the epoch for a timestamp text, or NaN when it follows none of the rules above.
 * @example parseTimestampMs('2024-01-01 00:00:00') // 1704067200000
 * @example parseTimestampMs('1704067200') // 1704067200000 (seconds, because below 1e11) */
export function parseTimestampMs(text: string): number {
  const fast = parseIsoUtcFast(text)
  if (fast === fast) return fast // not NaN
  const t = text.trim()
  if (NUMBER.test(t)) return epochToMs(Number(t))
  const m = ISO.exec(t)
  if (m === null) return NaN
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(y), month) || hour > 23 || minute > 59 || second > 59) return NaN
  let ms = Date.UTC(Number(y), month - 1, day, hour, minute, second) + (frac === '' ? 0 : Math.round(Number(`0.${frac}`) * 1000))
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
  }
  return ms
}

/** An epoch number to ms by the rule: below 1e11 it is seconds.
 * @example epochToMs(1704067200) // 1704067200000 */
export function epochToMs(n: number): number {
  return Math.abs(n) < EPOCH_SECONDS_BELOW ? n * 1000 : n
}

/** The one style writers emit: `YYYY-MM-DDTHH:mm:ss.sssZ`.
 * @example formatTimestamp(1704067200000) // '2024-01-01T00:00:00.000Z' */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString()
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
}

// Hot path for the exact forms writers emit (`…T00:00:00Z` and `…T00:00:00.000Z`): reading digits by char code
// costs a few ns where the regex above costs a few hundred, and loading millions of bars is dominated by this.
// Rows come in time order, so consecutive timestamps nearly always share their date (1440 one-minute bars a
// day): the last date's ms are kept, and a row on the same date skips the calendar checks and the day count.
// The key is yyyymmdd as a number, unique because month and day have two digits; NaN when a digit is not one,
// which never equals the cached key, so such text takes the checking path and is rejected there.
let lastDayKey = NaN
let lastDayMs = 0

function parseIsoUtcFast(s: string): number {
  const n = s.length
  if ((n !== 20 && n !== 24) || s.charCodeAt(n - 1) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */) return NaN
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN
  const y = d4(s, 0)
  const mo = d2(s, 5)
  const d = d2(s, 8)
  const key = y * 10_000 + mo * 100 + d
  let dayMs = lastDayMs
  if (key !== lastDayKey) {
    if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo))) return NaN
    dayMs = daysFromCivil(y, mo, d) * 86_400_000
    lastDayKey = key
    lastDayMs = dayMs
  }
  const h = d2(s, 11)
  const mi = d2(s, 14)
  const sec = d2(s, 17)
  let ms = 0
  if (n === 24) {
    if (s.charCodeAt(19) !== 46 /* . */) return NaN
    ms = d2(s, 20) * 10 + digit(s, 22)
  }
  if (!(h <= 23 && mi <= 59 && sec <= 59 && ms >= 0)) return NaN
  return dayMs + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : NaN
}
function d2(s: string, i: number): number { return digit(s, i) * 10 + digit(s, i + 1) }
function d4(s: string, i: number): number { return d2(s, i) * 100 + d2(s, i + 2) }

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}
