import type { RunRow, GuardTripRow, LockHolder } from '../adapters/sqlite/sqliteJournal.ts'
import type { OrderAck, PositionReport } from '../ports/executionPort.ts'
import type { LiveSetup } from './liveStep.ts'
import type { VenueBalance } from './liveVenue.ts'

export interface LiveStatus {
  readonly vault: { readonly epoch: number; readonly nav: number; readonly atMs: number } | null
  readonly killSwitch: { readonly reason: string; readonly sinceMs: number } | null
  readonly lock: LockHolder | null
  readonly balances: Readonly<Record<string, VenueBalance>>
  /** Equity / maintenance margin of the vault asset's account; null with no margin used. */
  readonly health: number | null
  readonly positions: readonly PositionReport[]
  readonly openOrders: readonly OrderAck[]
  readonly lastRuns: readonly RunRow[]
  readonly guardTrips: readonly GuardTripRow[]
  /** Journal intents whose outcome is not final. */
  readonly unresolved: number
}

/** `optvault status`: the journal's view (vault, runs, guard trips, kill switch, lock) next to the venue's (balances,
 * health, positions, open orders). Read-only: it takes no lock and sends no order.
 * @example const st = await liveStatus(await openLive('config/sandbox.yaml')) */
export async function liveStatus(s: LiveSetup, o: { runs?: number } = {}): Promise<LiveStatus> {
  const j = s.journal
  const v = j.lastVault()
  const k = j.control('killed')
  const balances = await s.venue.balances()
  const b = balances[s.config.vault.asset]
  return {
    vault: v === undefined ? null : { epoch: v.epoch, nav: v.nav, atMs: v.atMs },
    killSwitch: k === undefined ? null : { reason: k.value, sinceMs: k.updatedMs },
    lock: j.lockHolder() ?? null,
    balances,
    health: b === undefined || b.maintenanceMargin <= 0 ? null : b.total / b.maintenanceMargin,
    positions: await s.venue.positions(),
    openOrders: await s.venue.openOrders(),
    lastRuns: j.runs(o.runs ?? 10),
    guardTrips: j.guardTrips(5),
    unresolved: j.unresolved().length,
  }
}
