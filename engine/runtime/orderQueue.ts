import type { ExecutionPort, ImmediateOrderPort, OrderAck, OrderIntent, OrderPurpose, Side } from '../ports/executionPort.ts'
import type { InstrumentId } from '../domain/instruments/instrument.ts'
import { OptvaultError } from '../errors/base.ts'
import { orderClientId } from './clientId.ts'

/** An amend or cancel of an order already sent to the venue, kept in the order the strategy asked. */
type FollowUp = { readonly kind: 'amend'; readonly clientId: string; readonly change: { qty?: number; limitPrice?: number } }
  | { readonly kind: 'cancel'; readonly clientId: string }

/** Where the queue is on the clock, for client ids. */
export interface QueueClock { readonly runId: string; epoch(): number; barIndex(): number }

/** Limits checked before an order leaves: an order over a limit is refused, not resized. */
export interface OrderLimits {
  /** Largest order, units of the underlying (one option contract on one unit counts one). */
  readonly maxQtyPerOrder?: number
  /** Largest total quantity sent per UTC day, units of the underlying. */
  readonly maxQtyPerDay?: number
  /** A reason to refuse new risk now (health under risk.minHealth, daily loss over risk.maxDailyLossPct), or
   * undefined. Asked for option orders that sell, and for any order that is not a hedge; hedges always go. */
  readonly blockNewRisk?: () => string | undefined
  /** Now, ms UTC: the day maxQtyPerDay counts in. */
  readonly nowMs?: () => number
}

export class OrderRefusedError extends OptvaultError {
  override name = 'OrderRefusedError'
}

/** What a hook asked for, recorded as plain intents and sent to the execution port only after the hook returned:
 * a strategy never sees a fill inside the hook that placed the order. Client ids are deterministic (clientId.ts). */
export class OrderQueue {
  private intents: OrderIntent[] = []
  private followUps: FollowUp[] = []
  private hook = ''
  private seq = 0
  /** Intents refused by a limit, with the reason; the loop logs them. */
  readonly refused: { intent: OrderIntent; reason: string }[] = []

  private day = NaN
  private dayQty = 0

  constructor(private readonly clock: QueueClock, private readonly limits: OrderLimits = {}) {}

  /** Why `intent` may not go out, or undefined. */
  private refusal(intent: OrderIntent): string | undefined {
    const l = this.limits
    if (l.maxQtyPerOrder !== undefined && intent.qty > l.maxQtyPerOrder) return `qty ${intent.qty} is over risk.maxNotionalPerOrder ${l.maxQtyPerOrder}`
    if (l.maxQtyPerDay !== undefined) {
      const day = Math.floor((l.nowMs?.() ?? 0) / 86_400_000)
      if (day !== this.day) { this.day = day; this.dayQty = 0 }
      if (this.dayQty + intent.qty > l.maxQtyPerDay) return `qty ${intent.qty} would take today's total to ${this.dayQty + intent.qty}, over risk.maxNotionalPerDay ${l.maxQtyPerDay}`
    }
    if (intent.purpose !== 'hedge' && l.blockNewRisk !== undefined) {
      const why = l.blockNewRisk()
      if (why !== undefined) return why
    }
    return undefined
  }

  /** Called by the runtime before each hook: ids restart from 0 within the hook. */
  enterHook(hook: string): void { this.hook = hook; this.seq = 0 }

  get size(): number { return this.intents.length + this.followUps.length }

  /** Queued (not yet sent) intents, oldest first. */
  pending(): readonly OrderIntent[] { return this.intents }

  place(instrument: InstrumentId, side: Side, qty: number, purpose: OrderPurpose, reason: string, limitPrice?: number): string {
    if (!(qty > 0) || !Number.isFinite(qty)) {
      throw new OrderRefusedError(`Order quantity must be a positive number of units, got ${qty} (${side} ${instrument}).`, {
        fix: 'use buy() for positive exposure and sell() for negative; the quantity is always > 0.',
      })
    }
    const clientId = orderClientId({ runId: this.clock.runId, epoch: this.clock.epoch(), barIndex: this.clock.barIndex(), hook: this.hook, seq: this.seq++ })
    const intent: OrderIntent = limitPrice === undefined
      ? { clientId, instrument, side, qty, purpose, reason }
      : { clientId, instrument, side, qty, purpose, reason, limitPrice }
    this.intents.push(intent)
    return clientId
  }

  amend(clientId: string, change: { qty?: number; limitPrice?: number }): void {
    const k = this.intents.findIndex((i) => i.clientId === clientId)
    if (k >= 0) {
      const i = this.intents[k] as OrderIntent
      this.intents[k] = { ...i, ...(change.qty === undefined ? {} : { qty: change.qty }), ...(change.limitPrice === undefined ? {} : { limitPrice: change.limitPrice }) }
    } else {
      this.followUps.push({ kind: 'amend', clientId, change })
    }
  }

  cancel(clientId: string): void {
    const k = this.intents.findIndex((i) => i.clientId === clientId)
    if (k >= 0) this.intents.splice(k, 1)
    else this.followUps.push({ kind: 'cancel', clientId })
  }

  /** Sends everything queued, in order: new orders, then amends and cancels. Returns the acks of new orders. */
  async flush(port: ExecutionPort): Promise<OrderAck[]> {
    const { intents, followUps } = this.takeAll()
    const acks: OrderAck[] = []
    for (const intent of intents) if (this.admit(intent)) acks.push(await port.submit(intent))
    for (const f of followUps) {
      if (f.kind === 'amend') await port.amend(f.clientId, f.change)
      else await port.cancel(f.clientId)
    }
    return acks
  }

  /** `flush` to a venue that answers at once: the same sends in the same order, with no await between them. */
  flushNow(port: ImmediateOrderPort): OrderAck[] {
    const { intents, followUps } = this.takeAll()
    const acks: OrderAck[] = []
    for (const intent of intents) if (this.admit(intent)) acks.push(port.submitNow(intent))
    for (const f of followUps) {
      if (f.kind === 'amend') port.amendNow(f.clientId, f.change)
      else port.cancelNow(f.clientId)
    }
    return acks
  }

  private takeAll(): { intents: OrderIntent[]; followUps: FollowUp[] } {
    const taken = { intents: this.intents, followUps: this.followUps }
    this.intents = []
    this.followUps = []
    return taken
  }

  /** Whether `intent` may go out now; a refused one is kept in `refused` with its reason. Counts it into the day. */
  private admit(intent: OrderIntent): boolean {
    const why = this.refusal(intent)
    if (why !== undefined) { this.refused.push({ intent, reason: why }); return false }
    if (this.limits.maxQtyPerDay !== undefined) this.dayQty += intent.qty
    return true
  }
}
