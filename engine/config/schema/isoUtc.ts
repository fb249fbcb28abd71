import { z } from 'zod'

const ISO_UTC = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/

/** An ISO 8601 instant in UTC: a date (`2024-01-05`, midnight UTC) or a date-time ending in `Z`.
 * Offsets and local times are refused: a backtest window must not depend on the machine's time zone. */
export function isoUtc(description: string) {
  return z.string().refine((s) => ISO_UTC.test(s) && Number.isFinite(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)), {
    message: 'must be an ISO 8601 UTC date or date-time such as 2024-01-05 or 2024-01-05T08:00:00Z',
    params: { fix: 'use a date (2024-01-05) or a date-time ending in Z (2024-01-05T08:00:00Z).' },
  }).describe(description)
}

/** Milliseconds since the epoch of a string `isoUtc` accepted. */
export function isoUtcToMs(s: string): number {
  return Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)
}
