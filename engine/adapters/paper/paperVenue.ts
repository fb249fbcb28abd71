import type { OptvaultConfig } from '../../config/loadConfig.ts'
import type { SqliteJournal } from '../sqlite/sqliteJournal.ts'
import type { Fill, OrderAck, OrderIntent, PositionReport } from '../../ports/executionPort.ts'
import type { OptionQuote } from '../../plugin/context.ts'
import type { UnixMs } from '../../domain/units.ts'
import { parseInstrument } from '../../domain/margin/parseInstrument.ts'
import { makeOption } from '../../runtime/instrumentName.ts'
import { SimVenue } from '../../../backtest/simVenue/simVenue.ts'
import type { LiveVenue, VenueBalance, VenueBars, VenueIndex, VenueQuote } from '../../live/liveVenue.ts'
import { VenueRejectedError } from '../ccxt/venueErrors.ts'

export interface PaperVenueOptions {
  /** Where live prices come from (public market data only; no keys needed). */
  readonly market: LiveVenue
  /** Paper fills are kept in the live journal's fills table: they are the paper account. */
  readonly journal: SqliteJournal
  readonly execution: OptvaultConfig['execution']
  /** Starting paper balance in the vault asset (coins). Default: read from the config's vault.initialNav by the caller. */
  readonly initialBalance?: number
  readonly nowMs: () => UnixMs
}

/** Live prices, simulated fills: a config can run for weeks without money. Each order is filled at once by the
 * backtester's SimVenue fill model (execution.fees and execution.slippage, the same code the backtest uses) against
 * the venue's live quote, and the fill goes into the journal; positions and balances are folded from the journal's
 * fills, so a restarted paper run has the same account. Prices and fees come back in Deribit's units (options in
 * coins, perps in USD, fees in coins), like CcxtVenue. A limit order the quote does not reach is not kept: paper
 * orders are immediate-or-cancel. */
export class PaperVenue implements LiveVenue {
  readonly name = 'paper'

  constructor(private readonly o: PaperVenueOptions) {}

  ready(): Promise<void> { return this.o.market.ready() }

  async submit(order: OrderIntent): Promise<OrderAck> {
    const found = await this.find(order.clientId)
    if (found !== undefined) return found
    const idx = await this.o.market.index(this.coinOf(order.instrument))
    const spot = idx.price
    const perp = order.instrument.endsWith('-PERPETUAL')
    let quote: OptionQuote | undefined
    if (!perp) {
      const ins = parseInstrument(order.instrument)
      if (ins.type !== 'option') throw new VenueRejectedError('paper', order.clientId, `${order.instrument} is not an option or perpetual`, 'trade options and the perpetual')
      const q = await this.o.market.quote(order.instrument)
      const opt = makeOption(ins.underlying, 'USD', ins.expiryMs as UnixMs, ins.strikeUsd, ins.kind, true)
      // SimVenue prices options in quote currency; Deribit quotes them in coins
      quote = { instrument: opt, bid: Number.isFinite(q.bid) ? q.bid * spot : 0, ask: q.ask * spot, mark: q.mark * spot, markIv: NaN, underlyingPrice: spot }
    }
    const sim = new SimVenue({
      execution: this.o.execution, hedgeInstrument: perp ? order.instrument : '', hedgeOnChain: false,
      quote: () => quote as OptionQuote, quoteCurrency: 'USD',
    })
    sim.setDecisionBar(0)
    await sim.submit(order)
    const t = this.o.nowMs()
    const [f] = sim.fillDue({ barIndex: 1, tMs: t, spot: perp ? spot : spot, gasGwei: NaN, ethPrice: spot })
    if (f === undefined) return { clientId: order.clientId, status: 'cancelled', filledQty: 0, fills: [] }
    const fill: Fill = {
      clientId: f.clientId, instrument: f.instrument, side: f.side, qty: f.qty, price: perp ? f.price : f.price / spot,
      fee: f.fee / spot, feeCurrency: this.coinOf(order.instrument), tMs: t,
    }
    this.o.journal.recordFill(fill)
    return { clientId: order.clientId, status: 'filled', filledQty: fill.qty, fills: [fill], venueOrderId: `paper-${order.clientId}` }
  }

  async amend(clientId: string): Promise<OrderAck> {
    const a = await this.find(clientId)
    if (a === undefined) throw new VenueRejectedError('paper', clientId, 'no order with this client id', 'paper orders fill or cancel at once; there is nothing to amend')
    return a
  }

  async cancel(): Promise<void> { /* paper orders never rest */ }

  async cancelAll(): Promise<number> { return 0 }

  async openOrders(): Promise<readonly OrderAck[]> { return [] }

  async find(clientId: string): Promise<OrderAck | undefined> {
    const fills = this.o.journal.fills().filter((f) => f.clientId === clientId)
    if (fills.length === 0) return undefined
    return { clientId, status: 'filled', filledQty: fills.reduce((s, f) => s + f.qty, 0), fills, venueOrderId: `paper-${clientId}` }
  }

  async fills(sinceMs?: UnixMs): Promise<readonly Fill[]> {
    return this.o.journal.fills().filter((f) => sinceMs === undefined || f.tMs >= sinceMs)
  }

  async positions(): Promise<readonly PositionReport[]> {
    const book = new Map<string, { qty: number; avg: number }>()
    for (const f of this.o.journal.fills()) {
      const p = book.get(f.instrument) ?? { qty: 0, avg: 0 }
      const q = f.side === 'buy' ? f.qty : -f.qty
      const next = p.qty + q
      if (Math.abs(next) < 1e-12) { book.delete(f.instrument); continue }
      p.avg = Math.sign(next) === Math.sign(p.qty) && Math.abs(next) < Math.abs(p.qty) ? p.avg : Math.sign(next) !== Math.sign(p.qty) && p.qty !== 0 ? f.price : (p.avg * p.qty + f.price * q) / next
      p.qty = next
      book.set(f.instrument, p)
    }
    return [...book].map(([instrument, p]) => ({ instrument, qty: round8(p.qty), avgPrice: p.avg }))
  }

  /** The paper account in coins: starting balance, option premiums, fees and perp P&L (inverse: qty * (1 - avg/mark)). */
  async balances(): Promise<Readonly<Record<string, VenueBalance>>> {
    const out: Record<string, VenueBalance> = {}
    const fills = this.o.journal.fills()
    const coin = fills[0] ? this.coinOf(fills[0].instrument) : undefined
    let cash = this.o.initialBalance ?? 0
    for (const f of fills) {
      cash -= f.fee
      if (!f.instrument.endsWith('-PERPETUAL')) cash -= (f.side === 'buy' ? 1 : -1) * f.qty * f.price
    }
    let value = 0
    let mm = 0
    for (const p of await this.positions()) {
      const mark = await this.o.market.mark(p.instrument)
      if (p.instrument.endsWith('-PERPETUAL')) {
        value += p.qty * (1 - p.avgPrice / mark)
        mm += 0.005 * Math.abs(p.qty)
      } else {
        value += p.qty * mark
        if (p.qty < 0) mm += (0.075 + mark) * -p.qty
      }
    }
    const c = coin ?? 'BTC'
    out[c] = { total: cash + value, free: cash + value - mm, maintenanceMargin: mm }
    return out
  }

  index(currency: string): Promise<VenueIndex> { return this.o.market.index(currency) }
  mark(instrument: string): Promise<number> { return this.o.market.mark(instrument) }
  quote(instrument: string): Promise<VenueQuote> { return this.o.market.quote(instrument) }
  bars(instrument: string, barMs: number, count: number, endMs: UnixMs): Promise<VenueBars> { return this.o.market.bars(instrument, barMs, count, endMs) }
  volIndex(currency: string, fromMs: UnixMs, toMs: UnixMs) { return this.o.market.volIndex(currency, fromMs, toMs) }

  private coinOf(instrument: string): string { return instrument.split(/[-/]/)[0] as string }
}

function round8(x: number): number { return Math.round(x * 1e8) / 1e8 }
