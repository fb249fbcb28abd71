import cron from 'node-cron'
import { z } from 'zod'

/** A cron expression, 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first,
 * always read in UTC. node-cron checks it, so what validates here is what the scheduler runs. */
export function cronUtc(description: string) {
  return z.string().superRefine((expr, issue) => {
    const r = cron.validateDetailed(expr)
    if (r.valid) return
    const why = r.errors.map((e) => (e.field === 'expression' ? e.message : `${e.field}: ${e.message}`)).join('; ')
    issue.addIssue({
      code: 'custom',
      message: `must be a cron expression (UTC), got "${expr}" (${why})`,
      params: { omitFound: true, fix: 'write minute hour day-of-month month day-of-week, e.g. "0 8 * * 5" for Fridays 08:00 UTC.' },
    })
  }).describe(description)
}

/** When a live run wakes up. All times are UTC whatever the machine's time zone. */
export const scheduleSchema = z.strictObject({
  epochRoll: cronUtc('Cron (UTC) for the epoch roll. Default: derived from vault.epoch, e.g. "0 8 * * 5" for weekly Friday 08:00. A tick that is not an epoch end does nothing.').optional(),
  hedgeCheck: cronUtc('Cron (UTC) for hedge checks; the hedge trigger then decides whether to trade. Default "0 * * * *" (hourly).').default('0 * * * *'),
  missedTick: z.enum(['run-once', 'skip', 'run-all']).default('run-once')
    .describe('Ticks missed while the process was down: run-once catches up with one run, skip drops them, run-all replays each. Default run-once.'),
}).describe('Live-run schedule (cron, UTC).')
