/** Expiry calendar of European options, the way Deribit lists them: every expiry is at 08:00 UTC (configurable);
 * dailies every day, weeklies every Friday, monthlies the last Friday of the month, quarterlies the last Friday
 * of March, June, September and December (Deribit Derivatives Introduction Policy, 25 February 2021, "Options Expiries").
 * Pure calendar arithmetic on UTC ms: no clock, no time zone. */
import { MS_PER_DAY, type UnixMs } from '../units.ts'
import { SettlementInputError } from '../../errors/settlement.ts'

/** Hour of day (UTC) at which Deribit options expire. */
export const DEFAULT_EXPIRY_HOUR_UTC = 8

/** Listing cycle; each later cycle is a subset of the one before it (a quarterly is also a monthly and a weekly). */
export type ExpiryCycle = 'daily' | 'weekly' | 'monthly' | 'quarterly'

const FRIDAY = 5 // Date#getUTCDay numbering: Sunday 0

/** A European expiry on a calendar date at `hourUtc` (08:00 UTC unless configured). `monthIndex` is 0-based.
 * @example europeanExpiryMs(2024, 5, 28) // Date.UTC(2024, 5, 28, 8): 28 June 2024 08:00 UTC */
export function europeanExpiryMs(year: number, monthIndex: number, day: number, hourUtc: number = DEFAULT_EXPIRY_HOUR_UTC): UnixMs {
  checkHour(hourUtc)
  return Date.UTC(year, monthIndex, day, hourUtc)
}

/** The monthly expiry: last Friday of the month at `hourUtc`. `monthIndex` is 0-based.
 * @example lastFridayExpiryMs(2024, 5) // Date.UTC(2024, 5, 28, 8): Friday 28 June 2024 08:00 UTC */
export function lastFridayExpiryMs(year: number, monthIndex: number, hourUtc: number = DEFAULT_EXPIRY_HOUR_UTC): UnixMs {
  checkHour(hourUtc)
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0)) // day 0 of next month = last day of this one
  const back = (lastDay.getUTCDay() - FRIDAY + 7) % 7
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - back, hourUtc)
}

export interface NearestListedExpiryInput {
  readonly nowMs: UnixMs
  /** The expiry must be at least this many days after nowMs (fractions allowed; 0 = the next one from now). */
  readonly minDays: number
  readonly cycle: ExpiryCycle
  readonly hourUtc?: number
}

/** The first expiry of `cycle` at or after nowMs + minDays, for strategies that pick "the nearest listed expiry
 * at least N days out". Assumes the cycle is listed that far out: Deribit lists only a few dailies and weeklies
 * ahead, so a venue adapter should still check the name exists.
 * @example nearestListedExpiryMs({ nowMs: Date.UTC(2024, 5, 24, 12), minDays: 3, cycle: 'weekly' })
 * // Date.UTC(2024, 5, 28, 8): Monday noon + 3 days = Thursday noon, next Friday 08:00 is 28 June */
export function nearestListedExpiryMs(input: NearestListedExpiryInput): UnixMs {
  const hourUtc = input.hourUtc ?? DEFAULT_EXPIRY_HOUR_UTC
  checkHour(hourUtc)
  if (!Number.isFinite(input.nowMs)) throw new SettlementInputError('nowMs', `must be a UTC time in ms, got ${input.nowMs}`)
  if (!Number.isFinite(input.minDays) || input.minDays < 0) throw new SettlementInputError('minDays', `must be a number of days >= 0, got ${input.minDays}`)
  const targetMs = input.nowMs + input.minDays * MS_PER_DAY
  const hourMs = hourUtc * 3_600_000
  // First daily expiry at or after the target, then step to the cycle's next listed day.
  let day = Math.floor((targetMs - hourMs) / MS_PER_DAY)
  if (day * MS_PER_DAY + hourMs < targetMs) day++
  switch (input.cycle) {
    case 'daily':
      return day * MS_PER_DAY + hourMs
    case 'weekly': {
      const dow = new Date(day * MS_PER_DAY).getUTCDay()
      return (day + ((FRIDAY - dow + 7) % 7)) * MS_PER_DAY + hourMs
    }
    case 'monthly':
    case 'quarterly': {
      const d = new Date(day * MS_PER_DAY)
      let y = d.getUTCFullYear(), m = d.getUTCMonth()
      for (;;) {
        if (input.cycle === 'monthly' || m % 3 === 2) {
          const e = lastFridayExpiryMs(y, m, hourUtc)
          if (e >= targetMs) return e
        }
        if (++m === 12) { m = 0; y++ }
      }
    }
    default:
      throw new SettlementInputError('cycle', `must be daily, weekly, monthly or quarterly, got ${JSON.stringify(input.cycle)}`)
  }
}

function checkHour(hourUtc: number): void {
  if (!Number.isInteger(hourUtc) || hourUtc < 0 || hourUtc > 23) {
    throw new SettlementInputError('hourUtc', `must be a whole hour from 0 to 23, got ${hourUtc}`)
  }
}
