import type { ChainView, EpochInfo, OrderOptions, PricingView, RiskView, SettlementNotice, StrategyContext, VaultView } from '../plugin/context.ts'
import type { StrategyDefinition } from '../plugin/strategy.ts'
import type { ExecutionPort, Fill, ImmediateOrderPort, OrderAck, OrderPurpose } from '../ports/executionPort.ts'
import type { InstrumentId, OptionInstrument } from '../domain/instruments/instrument.ts'
import { optionGreeks } from '../domain/pricing/optionGreeks.ts'
import type { OptionGreeks } from '../domain/pricing/types.ts'
import { MS_PER_YEAR, type UnixMs } from '../domain/units.ts'
import type { BarCursor } from './marketView.ts'
import { OrderQueue, type OrderLimits } from './orderQueue.ts'
import type { Portfolio } from './portfolio.ts'
import { StrategyError } from './strategyError.ts'
import type { VolSource } from './volSource.ts'
import type { HedgePolicy } from '../domain/hedging/hedgePolicy.ts'

export type HookName = 'onStart' | 'onEpochStart' | 'onBar' | 'onFill' | 'onExpiry' | 'onEpochEnd' | 'onStop'

/** One line a strategy logged through ctx.log. */
export interface StrategyLogLine { readonly tMs: UnixMs; readonly message: string; readonly fields?: Readonly<Record<string, unknown>> }

/** Everything the runtime needs to build a StrategyContext. Backtest, paper and live differ only in `mode` and in
 * the execution port the queue is flushed to. */
export interface RuntimeParts {
  readonly mode: StrategyContext['mode']
  /** Names the run in client ids: the same run replayed gives the same ids. */
  readonly runId: string
  readonly strategy: StrategyDefinition
  /** Params already checked by the strategy's schema (defaults filled). */
  readonly params: unknown
  readonly cursor: BarCursor
  /** The chain view, plus a lookup of any option id it handed out. */
  readonly chain: ChainView & { get(id: InstrumentId): OptionInstrument }
  readonly portfolio: Portfolio
  readonly vol: VolSource
  readonly asset: string
  /** The instrument hedgeDeltaTo trades (e.g. BTC-PERPETUAL). */
  readonly hedgeInstrument: InstrumentId
  /** The config's hedge section as a policy (ctx.hedge); absent when the config has none. */
  readonly hedge?: HedgePolicy
  /** Vault shares outstanding, in whole shares, for the price per share. */
  shares(): number
  health(): number
  readonly limits?: OrderLimits
  /** Where ctx.log lines go; default: kept in `logs` (the last 10,000). */
  readonly log?: (line: StrategyLogLine) => void
}

/** The runtime side of a strategy: builds its context once, calls its hooks (wrapping anything they throw in a
 * StrategyError naming the strategy and hook), and queues its orders until the loop flushes them to the port. */
export class StrategyRuntime {
  readonly ctx: StrategyContext
  readonly queue: OrderQueue
  readonly logs: StrategyLogLine[] = []
  epoch: EpochInfo = { index: 0, startMs: 0, endMs: 0 }

  /** onBar, looked up once: it is called on every bar. */
  private readonly onBarFn: StrategyDefinition['onBar']
  private readonly params: unknown

  constructor(private readonly p: RuntimeParts) {
    this.onBarFn = p.strategy.onBar
    this.params = p.params
    const self = this
    this.queue = new OrderQueue({ runId: p.runId, epoch: () => self.epoch.index, barIndex: () => p.cursor.index }, p.limits ?? {})
    this.ctx = new RuntimeContext(this, p)
  }

  get strategyName(): string { return this.p.strategy.name }

  /** Calls a plain hook. Returns a promise only when the hook returned one, so a synchronous strategy costs the
   * loop no `await`. Anything thrown comes back as a StrategyError. */
  call(hook: Exclude<HookName, 'onFill' | 'onExpiry'>): void | Promise<void> {
    if (hook === 'onBar') return this.callOnBar()
    const fn = this.p.strategy[hook]
    if (fn === undefined) return
    this.queue.enterHook(hook)
    // No closure here: onBar runs once per bar, and the loop must not allocate when nothing happens.
    let r: void | Promise<void>
    try { r = fn(this.ctx, this.p.params) } catch (e) { throw this.wrap(hook, e) }
    return r === undefined ? r : this.settle(hook, r)
  }

  /** `call('onBar')` with a call site of its own: it only ever calls this strategy's onBar, so V8 can inline the
   * hook into the loop (a site shared with the other hooks sees several functions and inlines none). */
  callOnBar(): void | Promise<void> {
    const fn = this.onBarFn
    if (fn === undefined) return
    this.queue.enterHook('onBar')
    let r: void | Promise<void>
    try { r = fn(this.ctx, this.params) } catch (e) { throw this.wrap('onBar', e) }
    return r === undefined ? r : this.settle('onBar', r)
  }

  onFill(fill: Fill): void | Promise<void> {
    const fn = this.p.strategy.onFill
    if (fn === undefined) return
    this.queue.enterHook('onFill')
    let r: void | Promise<void>
    try { r = fn(this.ctx, this.p.params, fill) } catch (e) { throw this.wrap('onFill', e) }
    return r === undefined ? r : this.settle('onFill', r)
  }

  /** onFill for each fill in turn. Returns a promise only when a hook returned one; the later fills' hooks then
   * run after it settles, in order. */
  onFills(fills: readonly Fill[]): void | Promise<void> {
    for (let k = 0; k < fills.length; k++) {
      const r = this.onFill(fills[k] as Fill)
      if (r !== undefined) return this.onFillsAfter(r, fills, k + 1)
    }
  }

  private async onFillsAfter(pending: Promise<void>, fills: readonly Fill[], from: number): Promise<void> {
    await pending
    for (let k = from; k < fills.length; k++) { const r = this.onFill(fills[k] as Fill); if (r !== undefined) await r }
  }

  onExpiry(notice: SettlementNotice): void | Promise<void> {
    const fn = this.p.strategy.onExpiry
    if (fn === undefined) return
    this.queue.enterHook('onExpiry')
    let r: void | Promise<void>
    try { r = fn(this.ctx, this.p.params, notice) } catch (e) { throw this.wrap('onExpiry', e) }
    return r === undefined ? r : this.settle('onExpiry', r)
  }

  /** Queues the hedge trade that brings net delta to `target` per unit of NAV in the vault asset. Counts hedge
   * orders already queued; returns undefined when the trade would be under a millionth of NAV. */
  hedgeDeltaTo(target: number, reason: string, hook?: string): string | undefined {
    if (hook !== undefined) this.queue.enterHook(hook)
    const portfolio = this.p.portfolio
    const spot = this.p.cursor.spot()
    const navAsset = portfolio.unit === 'asset' ? portfolio.nav() : portfolio.nav() / spot
    let delta = portfolio.delta()
    for (const i of this.queue.pending()) if (i.instrument === this.p.hedgeInstrument) delta += i.side === 'buy' ? i.qty : -i.qty
    const trade = target * navAsset - delta
    if (!(Math.abs(trade) > 1e-6 * Math.abs(navAsset))) return undefined
    return this.queue.place(this.p.hedgeInstrument, trade > 0 ? 'buy' : 'sell', Math.abs(trade), 'hedge', reason)
  }

  /** Sends the queued intents to the venue. */
  flush(port: ExecutionPort): Promise<OrderAck[]> { return this.queue.flush(port) }

  /** `flush` to a venue that answers at once (the backtest's). */
  flushNow(port: ImmediateOrderPort): OrderAck[] { return this.queue.flushNow(port) }

  private purposeOf(id: InstrumentId): OrderPurpose { return id === this.p.hedgeInstrument ? 'hedge' : 'option' }

  private tYears(ins: OptionInstrument): number { return Math.max(0, ins.expiryMs - this.p.cursor.now) / MS_PER_YEAR }

  /** ctx.buy and ctx.sell. */
  place(instrument: InstrumentId, side: 'buy' | 'sell', qty: number, o?: OrderOptions): string {
    return this.queue.place(instrument, side, qty, this.purposeOf(instrument), o?.reason ?? '', o?.limitPrice)
  }

  /** ctx.pricing.iv. */
  ivOf(id: InstrumentId): number {
    const ins = this.p.chain.get(id)
    return this.p.vol.optionVol(ins.strike, this.p.cursor.spot(), this.tYears(ins), ins.expiryMs)
  }

  /** ctx.pricing.greeks. */
  greeksOf(id: InstrumentId): OptionGreeks {
    const ins = this.p.chain.get(id)
    const s = this.p.cursor.spot()
    const t = this.tYears(ins)
    return optionGreeks({ model: 'bsm', kind: ins.kind, underlying: s, strike: ins.strike, tYears: t, sigma: this.p.vol.optionVol(ins.strike, s, t, ins.expiryMs), rate: 0 })
  }

  private wrap(hook: HookName, e: unknown): StrategyError {
    const c = this.p.cursor
    const when = c.index >= 0 ? `bar ${c.index} (${new Date(c.now).toISOString()}), ` : ''
    return new StrategyError(this.p.strategy.name, hook, e, `${when}epoch ${this.epoch.index}`)
  }

  private settle(hook: HookName, r: Promise<void>): void | Promise<void> {
    if (typeof (r as { then?: unknown }).then !== 'function') return
    return r.catch((e: unknown) => { throw this.wrap(hook, e) })
  }
}

/** The context hooks get. A class, not an object literal: V8 keeps a literal with getters or a spread in
 * dictionary mode, and onBar reads ctx.now, ctx.market, ctx.vault and ctx.portfolio on every bar. */
class RuntimeContext implements StrategyContext {
  readonly mode: StrategyContext['mode']
  readonly market: BarCursor
  readonly chain: ChainView
  readonly vault: VaultView
  readonly portfolio: Portfolio
  readonly pricing: PricingView
  readonly risk: RiskView
  readonly hedge: HedgePolicy | undefined
  readonly state = new Map<string, unknown>()

  constructor(private readonly rt: StrategyRuntime, private readonly p: RuntimeParts) {
    this.mode = p.mode
    this.market = p.cursor
    this.chain = p.chain
    this.portfolio = p.portfolio
    this.hedge = p.hedge
    this.vault = new RuntimeVault(rt, p)
    this.pricing = { greeks: (id) => rt.greeksOf(id), iv: (id) => rt.ivOf(id) }
    this.risk = { health: () => p.health() }
  }

  get now(): UnixMs { return this.market.now }
  buy(instrument: InstrumentId, qty: number, o?: OrderOptions): string { return this.rt.place(instrument, 'buy', qty, o) }
  sell(instrument: InstrumentId, qty: number, o?: OrderOptions): string { return this.rt.place(instrument, 'sell', qty, o) }
  amend(clientId: string, change: { qty?: number; limitPrice?: number }): void { this.rt.queue.amend(clientId, change) }
  cancel(clientId: string): void { this.rt.queue.cancel(clientId) }
  hedgeDeltaTo(target: number, o?: OrderOptions): string | undefined { return this.rt.hedgeDeltaTo(target, o?.reason ?? `hedge delta to ${target}`) }
  log(message: string, fields?: Readonly<Record<string, unknown>>): void {
    const line: StrategyLogLine = fields === undefined ? { tMs: this.market.now, message } : { tMs: this.market.now, message, fields }
    if (this.p.log) this.p.log(line)
    else { const logs = this.rt.logs; if (logs.length >= 10_000) logs.shift(); logs.push(line) }
  }
}

/** ctx.vault: a class for the same reason as RuntimeContext (its `epoch` is a getter). */
class RuntimeVault implements VaultView {
  readonly asset: string
  constructor(private readonly rt: StrategyRuntime, private readonly p: RuntimeParts) { this.asset = p.asset }
  get epoch(): EpochInfo { return this.rt.epoch }
  navQuote(): number { return this.p.portfolio.navQuote() }
  navAsset(): number { const pf = this.p.portfolio; return pf.unit === 'asset' ? pf.nav() : pf.nav() / this.p.cursor.spot() }
  freeCollateral(): number {
    const pf = this.p.portfolio
    let queuedShort = 0
    for (const i of this.rt.queue.pending()) if (i.purpose === 'option' && i.side === 'sell') queuedShort += i.qty
    const covered = pf.unit === 'asset' ? pf.shortContracts('call') : pf.shortContracts('put')
    return Math.max(0, this.navAsset() - covered - queuedShort)
  }
  pricePerShare(): number { const s = this.p.shares(); return s > 0 ? this.p.portfolio.nav() / s : NaN }
}
