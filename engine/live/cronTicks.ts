import cron from 'node-cron'
import type { UnixMs } from '../domain/units.ts'

const MINUTE = 60_000
const DOW: Readonly<Record<string, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 }

/** Scheduled times of a cron expression (read in UTC, minute resolution) in (afterMs, uptoMs], oldest first, at most
 * `max`. node-cron parses the fields, so what the scheduler fires on and what this lists agree.
 * @example cronTicks('0 8 * * 5', Date.UTC(2024, 5, 1), Date.UTC(2024, 5, 15)) // [7 Jun 08:00, 14 Jun 08:00] */
export function cronTicks(expr: string, afterMs: UnixMs, uptoMs: UnixMs, max = 1000): UnixMs[] {
  const f = cron.parse(expr)
  const minutes = new Set(f.minute)
  const hours = new Set(f.hour)
  const days = new Set(f.dayOfMonth.map(Number))
  const months = new Set(f.month)
  const weekdays = new Set(f.dayOfWeek.map((d) => (typeof d === 'number' ? d % 7 : DOW[String(d).toLowerCase().slice(0, 3)] ?? Number(d) % 7)))
  const out: UnixMs[] = []
  let t = Math.floor(afterMs / MINUTE) * MINUTE + MINUTE
  // never scan more than a year of minutes: a cron that fires less often than that is not a schedule we run
  const end = Math.min(uptoMs, afterMs + 366 * 86_400_000)
  while (t <= end && out.length < max) {
    const d = new Date(t)
    if (months.has(d.getUTCMonth() + 1) && days.has(d.getUTCDate()) && weekdays.has(d.getUTCDay()) && hours.has(d.getUTCHours())) {
      if (minutes.has(d.getUTCMinutes())) out.push(t as UnixMs)
      t += MINUTE
    } else {
      // skip to the next hour: most minutes of most hours never match
      t = Math.floor(t / 3_600_000) * 3_600_000 + 3_600_000
    }
  }
  return out
}

/** The latest scheduled time at or before `nowMs` within `lookbackMs`, or undefined. */
export function lastTick(expr: string, nowMs: UnixMs, lookbackMs = 35 * 86_400_000): UnixMs | undefined {
  const ticks = cronTicks(expr, (nowMs - lookbackMs) as UnixMs, nowMs, Number.MAX_SAFE_INTEGER)
  return ticks[ticks.length - 1]
}

export type MissedTickPolicy = 'run-once' | 'skip' | 'run-all'

/** Which ticks of a job to run now, given the last one the journal finished and the missed-tick policy:
 * - run-once (default): the latest due tick only, so a process down for a day catches up with one run;
 * - skip: the latest due tick only if it is within `graceMs` of now (a tick missed by more is dropped);
 * - run-all: every tick since the last finished one, oldest first (at most 100).
 * A job never run before runs its latest tick. */
export function dueTicks(expr: string, policy: MissedTickPolicy, lastDoneMs: UnixMs | undefined, nowMs: UnixMs, graceMs = 5 * MINUTE): UnixMs[] {
  const latest = lastTick(expr, nowMs)
  if (latest === undefined || (lastDoneMs !== undefined && lastDoneMs >= latest)) return []
  if (lastDoneMs === undefined) return [latest]
  if (policy === 'run-all') return cronTicks(expr, lastDoneMs, nowMs, 100)
  if (policy === 'skip' && nowMs - latest > graceMs) return []
  return [latest]
}
