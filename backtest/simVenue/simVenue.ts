import type { OptionQuote } from '../../engine/plugin/context.ts'
import type { ExecutionPort, Fill, ImmediateOrderPort, OrderAck, OrderIntent, PositionReport } from '../../engine/ports/executionPort.ts'
import type { InstrumentId } from '../../engine/domain/instruments/instrument.ts'
import type { OptvaultConfig } from '../../engine/config/loadConfig.ts'
import type { UnixMs } from '../../engine/domain/units.ts'
import { OptvaultError } from '../../engine/errors/base.ts'
import type { BtcUsdcPool } from '../../engine/domain/cascade/btcUsdcPool.ts'
import type { UniswapHedgeFill } from './uniswapHedgeFill.ts'

export type ExecutionConfig = OptvaultConfig['execution']

/** Fill costs the venue reports next to each fill; the loop books them. All in the quote currency. */
export interface SimFill extends Fill {
  readonly purpose: OrderIntent['purpose']
  readonly reason: string
  /** Spot at the fill, quote currency: converts quote amounts to a coin-accounted vault's unit. */
  readonly spotAtFill: number
  /** Gas paid for this fill, quote currency (0 off-chain). */
  readonly gasQuote: number
}

export interface SimVenueOptions {
  readonly execution: ExecutionConfig
  /** The hedge instrument's id (perp, spot pair or pool); everything else is an option. */
  readonly hedgeInstrument: InstrumentId
  /** The hedge settles on chain (Uniswap): each hedge fill pays gas. */
  readonly hedgeOnChain: boolean
  /** Option quotes at the current fill clock. */
  readonly quote: (id: InstrumentId) => OptionQuote
  /** Quote currency symbol, the fee currency. */
  readonly quoteCurrency: string
}

interface Order { intent: OrderIntent; decidedBar: number; readonly ack: OrderAck }

const NO_FILLS: readonly Fill[] = Object.freeze([])

/** What the market is at the moment the venue fills: the next bar's open (or close), never the deciding bar. */
export interface FillMarket {
  readonly barIndex: number
  readonly tMs: UnixMs
  /** Underlying price the fill happens at, quote currency. */
  readonly spot: number
  /** Gas price now, gwei (NaN when unknown). */
  readonly gasGwei: number
  /** ETH price in quote currency, for gas. */
  readonly ethPrice: number
}

export class SimVenueError extends OptvaultError {
  override name = 'SimVenueError'
}

/** The backtest's execution port. Orders submitted while the loop is on bar i wait; `fillDue(market of bar j > i)`
 * fills them at that bar's price (open by default), so no decision ever fills at the price it was made on.
 * - Options fill at the bid (sell) or ask (buy) of the chain at the fill time; `slippage.model: bps` takes a further
 *   bps off, `chain-spread` fills at mid +- fractionOfSpread of the half spread.
 * - Option fee per contract: min(pctOfUnderlying% of spot, capPctOfPrice% of the option price) (Deribit's rule).
 * - Hedge fee: takerBps of notional (makerBps for limit orders); slippage bps on the price.
 * - Gas per on-chain fill: gwei * gasPerTx * 1e-9 ETH, times the ETH price.
 * - With `execution.uniswap` and an on-chain hedge, hedges swap through that v3 pool instead (fillDueAsync): price
 *   from the SDK's swap math on the pool re-centred on the fill price (uniswapHedgeFill.ts), the pool fee as the
 *   fee (no takerBps, no slippage bps: the impact is the slippage), gas at `gasPerSwap`. Swaps on one bar follow
 *   each other through the pool; the next bar starts re-centred again.
 * Deterministic: no clock, no randomness; fills come out in submission order. Idempotent on clientId. */
export class SimVenue implements ExecutionPort, ImmediateOrderPort {
  /** Filled and cancelled orders by client id: their final ack alone, so a run of many trades does not keep every
   * order, intent and fill (a 416k-trade run was 15-29% faster without them), while an id sent again still gets
   * its answer and places nothing. */
  private readonly closed = new Map<string, OrderAck>()
  /** Open orders, oldest first. A handful at a time, so found by id by scanning: a Map of them grew and shrank, and
   * re-allocated its table, on nearly every order. */
  private open: Order[] = []
  private bar = -1
  private readonly held = new Map<InstrumentId, { qty: number; avg: number }>()

  constructor(private readonly o: SimVenueOptions) {}

  /** The bar decisions are being made on now; orders submitted from here fill on a later bar. */
  setDecisionBar(i: number): void { this.bar = i }

  async submit(order: OrderIntent): Promise<OrderAck> { return this.submitNow(order) }
  async amend(clientId: string, change: { qty?: number; limitPrice?: number }): Promise<OrderAck> { return this.amendNow(clientId, change) }
  async cancel(clientId: string): Promise<void> { this.cancelNow(clientId) }

  submitNow(order: OrderIntent): OrderAck {
    const seen = this.find(order.clientId)?.ack ?? this.closed.get(order.clientId)
    if (seen !== undefined) return seen
    const ack: OrderAck = { clientId: order.clientId, status: 'open', filledQty: 0, fills: [] }
    this.open.push({ intent: order, decidedBar: this.bar, ack })
    return ack
  }

  amendNow(clientId: string, change: { qty?: number; limitPrice?: number }): OrderAck {
    const o = this.find(clientId)
    if (o === undefined) {
      const done = this.closed.get(clientId)
      if (done !== undefined) return done
      throw new SimVenueError(`No order ${clientId} to amend.`, { fix: 'amend the id buy() or sell() returned.' })
    }
    o.intent = { ...o.intent, ...(change.qty === undefined ? {} : { qty: change.qty }), ...(change.limitPrice === undefined ? {} : { limitPrice: change.limitPrice }) }
    return o.ack
  }

  cancelNow(clientId: string): void {
    const o = this.find(clientId)
    if (o === undefined) return
    this.closed.set(clientId, { ...o.ack, status: 'cancelled' })
    this.open = this.open.filter((x) => x !== o)
  }

  private find(clientId: string): Order | undefined {
    for (const o of this.open) if (o.intent.clientId === clientId) return o
    return undefined
  }

  async openOrders(): Promise<readonly OrderAck[]> { return this.open.map((o) => o.ack) }

  async positions(): Promise<readonly PositionReport[]> {
    return [...this.held].filter(([, p]) => p.qty !== 0).map(([instrument, p]) => ({ instrument, qty: p.qty, avgPrice: p.avg }))
  }

  /** Number of orders waiting for a fill. */
  get openCount(): number { return this.open.length }

  /** Whether hedges swap through a Uniswap pool: then call fillDueAsync (the SDK's swap math is async). */
  get swapsOnPool(): boolean { return this.o.hedgeOnChain && this.o.execution.uniswap !== undefined }

  /** fillDue, with each due hedge order first priced by a swap through the Uniswap pool when `swapsOnPool`. */
  async fillDueAsync(m: FillMarket): Promise<SimFill[]> {
    const u = this.o.execution.uniswap
    if (!this.swapsOnPool || u === undefined) return this.fillDue(m)
    // loaded on first use: the Uniswap SDKs (and the ethers v5 packages under them) take ~100 ms to load, which
    // every backtest, sweep thread and CLI start paid without a pool hedge
    const { uniswapHedgeFill, uniswapPoolAt } = await import('./uniswapHedgeFill.ts')
    const swaps = new Map<OrderIntent, UniswapHedgeFill>()
    let pool: BtcUsdcPool | undefined
    for (const o of this.open) {
      const i = o.intent
      if (o.decidedBar >= m.barIndex || i.instrument !== this.o.hedgeInstrument) continue
      const s = await uniswapHedgeFill(pool ?? uniswapPoolAt(u, m.spot), i.side, i.qty)
      // a limit the swap's price breaks leaves the order open and the pool as it was
      if (i.limitPrice !== undefined && (i.side === 'buy' ? s.avgPrice > i.limitPrice : s.avgPrice < i.limitPrice)) continue
      pool = s.pool
      swaps.set(i, s)
    }
    return this.fillDue(m, swaps)
  }

  /** Fills every open order decided before `m.barIndex` whose limit allows it, at `m`'s price. Hedge orders priced
   * in `swaps` (by fillDueAsync) fill at their swap; without one a hedge fills at spot with fees and slippage. */
  fillDue(m: FillMarket, swaps?: ReadonlyMap<OrderIntent, UniswapHedgeFill>): SimFill[] {
    if (this.open.length === 0) return []
    const fills: SimFill[] = []
    const still: Order[] = []
    for (const o of this.open) {
      if (o.decidedBar >= m.barIndex) { still.push(o); continue }
      const swap = swaps?.get(o.intent)
      const f = swap !== undefined ? this.swapFill(o.intent, m, swap) : this.swapsOnPool && o.intent.instrument === this.o.hedgeInstrument ? undefined : this.fillOne(o.intent, m)
      if (f === undefined) { still.push(o); continue }
      // the fill goes out in the returned list; the kept ack leaves it out (see `closed`)
      this.closed.set(o.intent.clientId, { clientId: o.intent.clientId, status: 'filled', filledQty: f.qty, fills: NO_FILLS })
      const h = this.held.get(f.instrument) ?? { qty: 0, avg: 0 }
      const q = f.side === 'buy' ? f.qty : -f.qty
      h.avg = h.qty + q === 0 ? 0 : (h.avg * h.qty + f.price * q) / (h.qty + q)
      h.qty += q
      this.held.set(f.instrument, h)
      fills.push(f)
    }
    this.open = still
    return fills
  }

  /** The venue's view of a position after a settlement or liquidation outside the order flow. */
  forget(instrument: InstrumentId): void { this.held.delete(instrument) }

  private fillOne(i: OrderIntent, m: FillMarket): SimFill | undefined {
    const x = this.o.execution
    const buy = i.side === 'buy'
    const sign = buy ? 1 : -1
    let price: number
    let fee: number
    let gasQuote = 0
    if (i.instrument === this.o.hedgeInstrument) {
      const slip = x.slippage.model === 'bps' ? x.slippage.bps / 1e4 : 0
      price = m.spot * (1 + sign * slip)
      const bps = i.limitPrice === undefined ? x.fees.takerBps : x.fees.makerBps
      fee = (i.qty * price * bps) / 1e4
      if (this.o.hedgeOnChain) gasQuote = this.gasQuote(m)
    } else {
      const q = this.o.quote(i.instrument)
      if (x.slippage.model === 'bps') {
        const side = buy ? q.ask : q.bid
        price = side * (1 + sign * x.slippage.bps / 1e4)
      } else {
        const mid = (q.bid + q.ask) / 2
        price = mid + sign * x.slippage.fractionOfSpread * (q.ask - q.bid) / 2
      }
      if (!(price >= 0)) price = 0
      const perContract = Math.min((x.fees.option.pctOfUnderlying / 100) * m.spot, (x.fees.option.capPctOfPrice / 100) * price)
      fee = perContract * i.qty
    }
    if (i.limitPrice !== undefined && (buy ? price > i.limitPrice : price < i.limitPrice)) return undefined
    return {
      clientId: i.clientId, instrument: i.instrument, side: i.side, qty: i.qty, price, fee, feeCurrency: this.o.quoteCurrency,
      tMs: m.tMs, purpose: i.purpose, reason: i.reason, spotAtFill: m.spot, gasQuote,
    }
  }

  private swapFill(i: OrderIntent, m: FillMarket, s: UniswapHedgeFill): SimFill | undefined {
    if (!(s.qty > 0)) return undefined
    const impactBps = (s.price / m.spot - 1) * 1e4
    const reason = `${i.reason}${i.reason ? '; ' : ''}uniswap impact ${impactBps.toFixed(2)} bps${s.exhausted ? ', pool liquidity exhausted' : ''}`
    return {
      clientId: i.clientId, instrument: i.instrument, side: i.side, qty: s.qty, price: s.price, fee: s.fee, feeCurrency: this.o.quoteCurrency,
      tMs: m.tMs, purpose: i.purpose, reason, spotAtFill: m.spot, gasQuote: this.gasQuote(m, this.o.execution.uniswap?.gasPerSwap),
    }
  }

  private gasQuote(m: FillMarket, gasUsed?: number): number {
    const g = this.o.execution.gas
    if (g.model === 'none') return 0
    const gwei = g.model === 'constant' ? g.gwei : m.gasGwei
    return Number.isFinite(gwei) ? gwei * (gasUsed ?? g.gasPerTx) * 1e-9 * m.ethPrice : 0
  }
}
