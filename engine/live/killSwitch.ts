import type { SqliteJournal } from '../adapters/sqlite/sqliteJournal.ts'
import type { OrderAck } from '../ports/executionPort.ts'
import type { UnixMs } from '../domain/units.ts'
import type { LiveVenue } from './liveVenue.ts'

export interface KillReport {
  readonly cancelled: number
  /** Hedge positions closed with a market order (only with `flatten`). */
  readonly flattened: readonly OrderAck[]
}

/** `optvault kill`: the switch goes on in the journal FIRST (a scheduled step that starts after this line sends
 * nothing), then every open order is cancelled, and with `flatten` each hedge position (perpetual, or the Uniswap
 * spot hedge `UNIV3:…`, swapped back within the oracle bound) is closed by a market order whose client id is
 * journaled like any other. Options stay: closing them is a trading decision.
 * Runs stay blocked until `resume`.
 * @example await killSwitch(venue, journal, { reason: 'manual', flatten: true, nowMs: Date.now }) */
export async function killSwitch(venue: LiveVenue, j: SqliteJournal, o: { reason: string; flatten?: boolean; nowMs: () => UnixMs }): Promise<KillReport> {
  j.setControl('killed', o.reason, o.nowMs())
  const cancelled = await venue.cancelAll()
  const flattened: OrderAck[] = []
  if (o.flatten) {
    const runId = j.startRun('kill', o.nowMs(), o.nowMs())
    for (const p of await venue.positions()) {
      if (!isHedge(p.instrument) || p.qty === 0) continue
      const intent = {
        clientId: `ov-kill-${runId}-${p.instrument}`, instrument: p.instrument, side: p.qty > 0 ? 'sell' as const : 'buy' as const,
        qty: Math.abs(p.qty), purpose: 'hedge' as const, reason: `kill --flatten: close ${p.qty} ${p.instrument}`,
      }
      j.recordIntent(runId, 'kill', o.nowMs(), intent, o.nowMs())
      j.markSent(intent.clientId, o.nowMs())
      const ack = await venue.submit(intent)
      j.recordOutcome(ack, o.nowMs())
      flattened.push(ack)
    }
    j.endRun(runId, 'done', o.nowMs(), `kill: ${cancelled} order(s) cancelled, ${flattened.length} hedge(s) flattened`)
  }
  return { cancelled, flattened }
}

/** Hedge instruments the kill switch may close: perpetuals, and the on-chain spot hedge (hedgeIdOf). */
function isHedge(instrument: string): boolean {
  return instrument.endsWith('-PERPETUAL') || instrument.startsWith('UNIV3:')
}

/** `optvault resume`: lifts the kill switch; returns whether it was on. */
export function resume(j: SqliteJournal): boolean {
  const on = j.control('killed') !== undefined
  j.clearControl('killed')
  return on
}
