import type { Logger } from 'pino'
import type { SqliteJournal, IntentRow } from '../adapters/sqlite/sqliteJournal.ts'
import { VenueRejectedError } from '../adapters/ccxt/venueErrors.ts'
import type { ExecutionPort, OrderAck, OrderIntent, OrderStatus, PositionReport } from '../ports/executionPort.ts'
import type { UnixMs } from '../domain/units.ts'
import type { LiveVenue } from './liveVenue.ts'
import { GuardTripError, orderTrip, type RiskLimits } from './riskGuards.ts'

export interface JournalingPortOptions {
  readonly venue: LiveVenue
  readonly journal: SqliteJournal
  readonly runId: number
  readonly job: string
  readonly tickMs: UnixMs
  readonly nowMs: () => UnixMs
  readonly risk: RiskLimits
  /** Notional of one unit of an instrument in the vault asset (1 for a coin vault, spot for a USD vault). */
  readonly notionalPerUnit: number
  /** Start of the current UTC day, for the per-day notional limit. */
  readonly dayStartMs: UnixMs
  readonly dryRun: boolean
  readonly log: Logger
  /** A step marker in the journal (and the crash test's kill point). */
  readonly mark: (name: string) => void
}

const FINAL: ReadonlySet<string> = new Set(['filled', 'cancelled', 'rejected', 'failed', 'dry-run'])

/** The execution port the runtime flushes to in a live run: the write-ahead journal and the order guards in front
 * of the venue. Per intent, in this order, each step on disk before the next starts:
 * 1. an id whose outcome the journal already has is answered from the journal, never sent again;
 * 2. order guards (notional per order and per day, slippage from mid): a trip throws GuardTripError, so nothing
 *    after it is sent either;
 * 3. `intent` row (the first payload of an id wins), then `sent`, then the venue call, then the outcome row.
 * A crash between 3's steps leaves `intent` or `sent`: reconcile looks the id up on the next start, and the venue's
 * own lookup-before-create makes a re-send of the same id place nothing new.
 * `--dry-run`: the intent is logged and marked in the run's steps, nothing is sent and no intent row is written. */
export class JournalingPort implements ExecutionPort {
  readonly acks: OrderAck[] = []
  readonly dryRunIntents: OrderIntent[] = []

  constructor(private readonly o: JournalingPortOptions) {}

  async submit(intent: OrderIntent): Promise<OrderAck> {
    const o = this.o
    const j = o.journal
    const prior = j.intent(intent.clientId)
    if (prior !== undefined && FINAL.has(prior.state)) {
      o.log.info({ clientId: intent.clientId, state: prior.state }, 'intent already done; not sent again')
      return ackOfRow(prior)
    }
    if (prior === undefined) await this.guard(intent)
    if (o.dryRun) {
      // a dry run leaves no intent row: the real run that follows must still send this id
      const payload = prior === undefined ? intent : intentOfRow(prior)
      this.dryRunIntents.push(payload)
      o.mark(`dry-run ${payload.clientId}`)
      o.log.info({ clientId: payload.clientId, instrument: payload.instrument, side: payload.side, qty: payload.qty, limitPrice: payload.limitPrice, reason: payload.reason }, 'dry run: order not sent')
      return { clientId: payload.clientId, status: 'open', filledQty: 0, fills: [] }
    }
    const row = j.recordIntent(o.runId, o.job, o.tickMs, intent, o.nowMs())
    o.mark(`intent ${intent.clientId}`)
    const payload = intentOfRow(row)
    j.markSent(payload.clientId, o.nowMs())
    o.mark(`sent ${payload.clientId}`)
    let ack: OrderAck
    try {
      ack = await o.venue.submit(payload)
    } catch (e) {
      if (e instanceof VenueRejectedError) {
        j.recordFailure(payload.clientId, 'rejected', e.reason, o.nowMs())
        o.log.warn({ clientId: payload.clientId, reason: e.reason }, 'order rejected')
        const rejected: OrderAck = { clientId: payload.clientId, status: 'rejected', filledQty: 0, fills: [], rejectReason: e.reason }
        this.acks.push(rejected)
        return rejected
      }
      // timeout or outage after every retry: the row stays `sent`, and the next run's reconcile looks it up
      throw e
    }
    o.mark(`answered ${payload.clientId}`)
    j.recordOutcome(ack, o.nowMs())
    o.mark(`recorded ${payload.clientId}`)
    o.log.info({ clientId: ack.clientId, status: ack.status, filledQty: ack.filledQty, venueOrderId: ack.venueOrderId }, 'order answered')
    this.acks.push(ack)
    return ack
  }

  async amend(clientId: string, change: { qty?: number; limitPrice?: number }): Promise<OrderAck> {
    if (this.o.dryRun) return { clientId, status: 'open', filledQty: 0, fills: [] }
    this.o.mark(`amend ${clientId}`)
    const ack = await this.o.venue.amend(clientId, change)
    this.o.journal.recordOutcome(ack, this.o.nowMs())
    return ack
  }

  async cancel(clientId: string): Promise<void> {
    if (this.o.dryRun) return
    this.o.mark(`cancel ${clientId}`)
    await this.o.venue.cancel(clientId)
    const ack = await this.o.venue.find(clientId)
    if (ack !== undefined) this.o.journal.recordOutcome(ack, this.o.nowMs())
  }

  openOrders(): Promise<readonly OrderAck[]> { return this.o.venue.openOrders() }

  positions(): Promise<readonly PositionReport[]> { return this.o.venue.positions() }

  private async guard(intent: OrderIntent): Promise<void> {
    const o = this.o
    const q = await o.venue.quote(intent.instrument)
    const mid = Number.isFinite(q.bid) ? (q.bid + q.ask) / 2 : q.mark
    const fillPrice = intent.limitPrice ?? (intent.side === 'buy' ? q.ask : Number.isFinite(q.bid) ? q.bid : 0)
    const notional = intent.qty * o.notionalPerUnit
    const daySoFar = o.journal.notionalSince(o.dayStartMs, (r) => (r.qty > 0 ? o.notionalPerUnit : 0))
    const trip = orderTrip(o.risk, { intent, notional, daySoFar, fillPrice, mid })
    if (trip !== undefined) throw new GuardTripError(trip.guard, trip.detail)
  }
}

/** The payload as first journaled: a rerun that derives the same id sends what was recorded, not a new size. */
export function intentOfRow(r: IntentRow): OrderIntent {
  const base = { clientId: r.clientId, instrument: r.instrument, side: r.side, qty: r.qty, purpose: r.purpose as OrderIntent['purpose'], reason: r.reason }
  return r.limitPrice === null ? base : { ...base, limitPrice: r.limitPrice }
}

export function ackOfRow(r: IntentRow): OrderAck {
  const status: OrderStatus = r.state === 'failed' || r.state === 'dry-run' ? 'rejected' : r.state === 'intent' || r.state === 'sent' ? 'open' : r.state
  return {
    clientId: r.clientId, status, filledQty: r.filledQty, fills: [],
    ...(r.venueOrderId === null ? {} : { venueOrderId: r.venueOrderId }),
    ...(r.outcome === null ? {} : { rejectReason: r.outcome }),
  }
}
