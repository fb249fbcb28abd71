import { MS_PER_DAY, type UnixMs } from '../domain/units.ts'

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday'

/** The vault's epoch calendar, as the config's vault.epoch gives it. */
export interface EpochSchedule {
  readonly every: 'daily' | 'weekly' | 'monthly'
  readonly weekday: Weekday
  /** Hour of day (UTC) every epoch ends. */
  readonly hourUtc: number
}

const DOW: Record<Weekday, number> = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 }

/** The first epoch end strictly after `afterMs`: the next `hourUtc` (daily), the next `weekday` at `hourUtc`
 * (weekly), or the last `weekday` of the month at `hourUtc` (monthly, like Deribit monthlies).
 * @example nextEpochEndMs(Date.UTC(2024, 0, 1), { every: 'weekly', weekday: 'friday', hourUtc: 8 }) // Date.UTC(2024, 0, 5, 8) */
export function nextEpochEndMs(afterMs: UnixMs, s: EpochSchedule): UnixMs {
  const hourMs = s.hourUtc * 3_600_000
  let day = Math.floor((afterMs - hourMs) / MS_PER_DAY)
  if (day * MS_PER_DAY + hourMs <= afterMs) day++
  if (s.every === 'daily') return day * MS_PER_DAY + hourMs
  const want = DOW[s.weekday]
  const dow = new Date(day * MS_PER_DAY).getUTCDay()
  day += (want - dow + 7) % 7
  if (s.every === 'weekly') return day * MS_PER_DAY + hourMs
  // monthly: step a week at a time until the next week falls in another month
  for (;;) {
    const d = new Date(day * MS_PER_DAY)
    const next = new Date((day + 7) * MS_PER_DAY)
    if (next.getUTCMonth() !== d.getUTCMonth()) return day * MS_PER_DAY + hourMs
    day += 7
  }
}
