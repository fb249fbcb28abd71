import type { SqliteJournal } from '../adapters/sqlite/sqliteJournal.ts'
import type { UnixMs } from '../domain/units.ts'
import type { LiveVenue } from './liveVenue.ts'

export interface ReconcileReport {
  /** Runs a crash left open, now marked abandoned. */
  readonly abandonedRuns: number
  /** Unresolved intents looked up on the venue. */
  readonly checked: number
  /** Of those, found on the venue (their outcome is now journaled). */
  readonly found: number
  /** Not on the venue and from this same tick: back to `intent`, so this run may send them (once). */
  readonly resend: number
  /** Not on the venue and from an earlier tick: closed as failed, never sent. */
  readonly dropped: number
  /** Venue fills of our client ids that the journal had not recorded. */
  readonly newFills: number
}

/** Brings the journal in line with the venue before a run does anything new: closes runs a crash left open, looks
 * every unresolved intent up by client id (an order sent just before a crash is found, not placed again), and
 * records venue fills of our orders the journal missed. An intent the venue never saw is re-sendable only by a run
 * of the same job and tick (same strategy decision); an older one is closed, since the market it was decided on is
 * gone.
 * @example const r = await reconcile(venue, journal, 'epoch-roll', tickMs, Date.now) */
export async function reconcile(venue: LiveVenue, j: SqliteJournal, job: string, tickMs: UnixMs, nowMs: () => UnixMs): Promise<ReconcileReport> {
  const abandonedRuns = j.abandonStaleRuns(nowMs())
  const rows = j.unresolved()
  let found = 0
  let resend = 0
  let dropped = 0
  let oldest = Infinity
  for (const r of rows) {
    oldest = Math.min(oldest, r.createdMs)
    const ack = await venue.find(r.clientId, r.instrument)
    if (ack !== undefined) { j.recordOutcome(ack, nowMs()); found++; continue }
    if (r.job === job && r.tickMs === tickMs) {
      j.db.prepare("UPDATE intents SET state = 'intent', updated_ms = ? WHERE client_id = ?").run(nowMs(), r.clientId)
      resend++
    } else {
      j.recordFailure(r.clientId, 'failed', 'not on the venue after a restart; its tick has passed, so it is not sent', nowMs())
      dropped++
    }
  }
  let newFills = 0
  if (rows.length > 0) {
    const ours = new Set(j.intents().map((r) => r.clientId))
    for (const f of await venue.fills(Math.max(0, oldest - 60_000) as UnixMs)) {
      if (ours.has(f.clientId) && j.recordFill(f)) newFills++
    }
  }
  return { abandonedRuns, checked: rows.length, found, resend, dropped, newFills }
}
