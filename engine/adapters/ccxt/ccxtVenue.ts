import ccxt, { type Exchange, type Order, type Trade } from 'ccxt'
import { createExchange } from '../../../data/fetch/createExchange.ts'
import type { Fill, OrderAck, OrderIntent, OrderStatus, PositionReport } from '../../ports/executionPort.ts'
import type { LiveVenue, VenueBalance, VenueBars, VenueIndex, VenueQuote } from '../../live/liveVenue.ts'
import type { UnixMs } from '../../domain/units.ts'
import { fromCcxtSymbol, toCcxtSymbol } from './ccxtSymbol.ts'
import { VenueRejectedError, VenueTimeoutError } from './venueErrors.ts'

export interface CcxtVenueOptions {
  /** A ccxt exchange id: deribit for options and perpetuals, any other for spot or perp hedges. */
  readonly exchangeId: string
  /** Send every call here instead of the exchange (the sandbox emulator, a proxy). */
  readonly baseUrl?: string
  readonly apiKey?: string
  readonly secret?: string
  /** Per-request timeout, ms (ccxt's RequestTimeout after it). Default 10 000. */
  readonly timeoutMs?: number
  /** Spacing of requests for ccxt's rate limiter, ms. Default: the exchange's published limit. */
  readonly rateLimitMs?: number
  /** Settlement currencies whose orders, trades and positions this venue reads (Deribit asks per currency). */
  readonly currencies?: readonly string[]
  /** Tries per request before giving up with VenueTimeoutError. Default 4. */
  readonly maxAttempts?: number
  /** First back-off after a timeout or 5xx, ms; doubles each try. A 429's Retry-After wins when longer. Default 250. */
  readonly backoffMs?: number
  /** Waits between tries (tests pass a recording sleep). */
  readonly sleep?: (ms: number) => Promise<void>
  /** Every retry and lookup, for the journal and the log. */
  readonly onEvent?: (e: VenueEvent) => void
  /** Market types loadMarkets asks for where the exchange lets us choose (binance: spot, linear, …). */
  readonly marketTypes?: readonly string[]
  /** A ready client instead of one built from the fields above. */
  readonly exchange?: Exchange
}

/** What the venue did besides the plain call: a retry (with why and how long it waited) or a client-id lookup. */
export type VenueEvent =
  | { readonly kind: 'retry'; readonly clientId: string; readonly call: string; readonly attempt: number; readonly waitMs: number; readonly error: string }
  | { readonly kind: 'lookup'; readonly clientId: string; readonly found: boolean }

interface Known { readonly id: string; readonly symbol: string; readonly intent: OrderIntent | undefined }

/** The execution port over ccxt. Options and perpetuals on Deribit by ccxt's unified symbols (our ids are mapped by
 * ccxtSymbol.ts), spot and perps elsewhere. Every order carries its deterministic client id (Deribit's `label`,
 * `clientOrderId` elsewhere) and `submit` is idempotent on it across processes: before placing, and again before any
 * retry, it looks the id up on the venue and returns the order it finds. Retries only happen where that makes them
 * safe: timeouts, 5xx and 429 (honouring Retry-After). A rejection is a VenueRejectedError (not retryable); giving
 * up is a VenueTimeoutError (retryable: the next run's lookup finds the order if it exists).
 * Quantities are in units of the underlying: a Deribit perpetual's USD amount is converted at the order's price. */
export class CcxtVenue implements LiveVenue {
  readonly name: string
  readonly ex: Exchange
  private readonly known = new Map<string, Known>()
  private readonly currencies: readonly string[]
  private readonly deribit: boolean
  private loaded: Promise<unknown> | undefined

  constructor(private readonly o: CcxtVenueOptions) {
    this.name = o.exchangeId
    this.deribit = o.exchangeId === 'deribit'
    this.currencies = o.currencies ?? ['BTC']
    this.ex = o.exchange ?? createExchange(o.exchangeId, {
      ...(o.baseUrl === undefined ? {} : { baseUrl: o.baseUrl }),
      ...(o.apiKey === undefined ? {} : { apiKey: o.apiKey }),
      ...(o.secret === undefined ? {} : { secret: o.secret }),
      ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
      ...(o.rateLimitMs === undefined ? {} : { rateLimitMs: o.rateLimitMs }),
      ...(o.marketTypes === undefined ? {} : { marketTypes: o.marketTypes }),
    })
  }

  /** Loads the venue's markets once (instrument specs: contract size, tick, minimum). */
  async ready(): Promise<void> {
    this.loaded ??= this.withRetry('', 'loadMarkets', () => this.ex.loadMarkets())
    await this.loaded
  }

  async submit(order: OrderIntent): Promise<OrderAck> {
    await this.ready()
    const symbol = toCcxtSymbol(order.instrument)
    const market = this.market(symbol, order.clientId)
    const maxAttempts = this.o.maxAttempts ?? 4
    let last: unknown
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        // Look first, always: a crash or a lost answer may have placed this id already, in this process or an
        // earlier one. One read costs less than one double order.
        const found = await this.find(order.clientId, order.instrument)
        if (found !== undefined) return found
        const refPx = order.limitPrice ?? (market.inverse ? await this.referencePrice(symbol) : undefined)
        const amount = this.amountOf(market, order.qty, refPx)
        const params = this.deribit ? { label: order.clientId } : { clientOrderId: order.clientId }
        const placed = await this.ex.createOrder(symbol, order.limitPrice === undefined ? 'market' : 'limit', order.side, amount, order.limitPrice, params)
        this.known.set(order.clientId, { id: String(placed.id), symbol, intent: order })
        return this.ackOf(placed, order.clientId, order.instrument)
      } catch (e) {
        last = e
        if (!isRetryable(e)) throw this.rejected(order.clientId, e)
        if (attempt === maxAttempts) break
        await this.pause(order.clientId, this.deribit ? `private/${order.side}` : 'createOrder', attempt, e)
      }
    }
    throw new VenueTimeoutError(this.name, order.clientId, this.deribit ? `private/${order.side}` : 'createOrder', maxAttempts, last)
  }

  async amend(clientId: string, change: { qty?: number; limitPrice?: number }): Promise<OrderAck> {
    await this.ready()
    const k = await this.locate(clientId)
    const market = this.market(k.symbol, clientId)
    const current = await this.withRetry(clientId, 'fetchOrder', () => this.ex.fetchOrder(k.id, k.symbol))
    const price = change.limitPrice ?? (typeof current.price === 'number' ? current.price : undefined)
    const amount = change.qty === undefined ? Number(current.amount) : this.amountOf(market, change.qty, price ?? await this.referencePrice(k.symbol))
    try {
      const edited = await this.withRetry(clientId, 'editOrder', () => this.ex.editOrder(k.id, k.symbol, 'limit', current.side ?? 'buy', amount, price))
      return this.ackOf(edited, clientId, fromCcxtSymbol(k.symbol))
    } catch (e) {
      if (e instanceof VenueTimeoutError) throw e
      throw this.rejected(clientId, e)
    }
  }

  /** Cancels the order with this client id if it is still open; an order already done or unknown is left alone. */
  async cancel(clientId: string): Promise<void> {
    await this.ready()
    const ack = await this.find(clientId)
    if (ack === undefined || (ack.status !== 'open' && ack.status !== 'partially-filled')) return
    const k = this.known.get(clientId) as Known
    try {
      await this.withRetry(clientId, 'cancelOrder', () => this.ex.cancelOrder(k.id, k.symbol))
    } catch (e) {
      // it filled or was cancelled between our read and the cancel: the outcome we wanted, or one to reconcile
      if (e instanceof ccxt.OrderNotFound || e instanceof ccxt.InvalidOrder) return
      throw e
    }
  }

  async cancelAll(): Promise<number> {
    await this.ready()
    const open = await this.openOrders()
    for (const a of open) await this.cancel(a.clientId)
    return open.length
  }

  async openOrders(): Promise<readonly OrderAck[]> {
    await this.ready()
    const out: OrderAck[] = []
    for (const c of this.currencies) {
      const orders = await this.withRetry('', 'fetchOpenOrders', () =>
        this.ex.fetchOpenOrders(undefined, undefined, undefined, this.deribit ? { code: c } : {}))
      for (const o of orders) {
        const clientId = this.clientIdOf(o)
        this.known.set(clientId, { id: String(o.id), symbol: o.symbol as string, intent: undefined })
        out.push(this.ackOf(o, clientId, fromCcxtSymbol(o.symbol as string)))
      }
      if (!this.deribit) break
    }
    return out
  }

  async positions(): Promise<readonly PositionReport[]> {
    await this.ready()
    const rows = await this.withRetry('', 'fetchPositions', () => this.ex.fetchPositions())
    const out: PositionReport[] = []
    for (const p of rows) {
      const info = p.info as Record<string, unknown>
      const contracts = Math.abs(Number(p.contracts ?? 0))
      if (contracts === 0) continue
      const sign = p.side === 'short' ? -1 : 1
      const market = this.ex.markets?.[p.symbol as string]
      // Deribit sizes a perpetual in USD; size_currency is the same position in coins
      const qty = usdSized(market) ? Math.abs(Number(info['size_currency'] ?? contracts / Number(p.markPrice))) : contracts * Number(market?.contractSize ?? 1)
      out.push({ instrument: fromCcxtSymbol(p.symbol as string), qty: sign * qty, avgPrice: Number(p.entryPrice ?? 0) })
    }
    return out
  }

  async fills(sinceMs?: UnixMs): Promise<readonly Fill[]> {
    await this.ready()
    const out: Fill[] = []
    for (const c of this.currencies) {
      const trades = await this.withRetry('', 'fetchMyTrades', () =>
        this.ex.fetchMyTrades(undefined, sinceMs, 1000, this.deribit ? { code: c } : {}))
      for (const t of trades) out.push(this.fillOf(t, this.labelOf(t.info) ?? String(t.order), fromCcxtSymbol(t.symbol as string)))
      if (!this.deribit) break
    }
    return out.sort((a, b) => a.tMs - b.tMs)
  }

  async balances(): Promise<Readonly<Record<string, VenueBalance>>> {
    await this.ready()
    const b = await this.withRetry('', 'fetchBalance', () => this.ex.fetchBalance())
    const out: Record<string, VenueBalance> = {}
    const total = b.total as unknown as Record<string, number | undefined>
    const used = b.used as unknown as Record<string, number | undefined>
    const free = b.free as unknown as Record<string, number | undefined>
    for (const [c, t] of Object.entries(total)) {
      if (t === undefined || t === 0) continue
      out[c] = { total: t, free: free[c] ?? 0, maintenanceMargin: used[c] ?? 0 }
    }
    return out
  }

  /** The venue's index of `currency` in USD with the time the venue stamped it (Deribit's usOut), for the oracle
   * guards. Elsewhere: the last price of `currency`/USDT. */
  async index(currency: string): Promise<VenueIndex> {
    await this.ready()
    if (this.deribit) {
      const r = await this.withRetry('', 'public/get_index_price', () =>
        (this.ex as unknown as { publicGetGetIndexPrice(p: object): Promise<Record<string, unknown>> })
          .publicGetGetIndexPrice({ index_name: `${currency.toLowerCase()}_usd` }))
      const result = r['result'] as { index_price: number }
      return { price: Number(result.index_price), tMs: Math.floor(Number(r['usOut']) / 1000) as UnixMs }
    }
    const t = await this.withRetry('', 'fetchTicker', () => this.ex.fetchTicker(`${currency}/USDT`))
    return { price: Number(t.last), tMs: Number(t.timestamp) as UnixMs }
  }

  /** The mark of an instrument in its own quote (coins for Deribit options, USD for perps). */
  async mark(instrument: string): Promise<number> {
    await this.ready()
    const t = await this.withRetry('', 'fetchTicker', () => this.ex.fetchTicker(toCcxtSymbol(instrument)))
    const info = t.info as Record<string, unknown>
    return Number(info['mark_price'] ?? t.last)
  }

  async quote(instrument: string): Promise<VenueQuote> {
    await this.ready()
    const t = await this.withRetry('', 'fetchTicker', () => this.ex.fetchTicker(toCcxtSymbol(instrument)))
    const info = t.info as Record<string, unknown>
    const bid = Number(t.bid ?? NaN)
    return { bid: bid > 0 ? bid : NaN, ask: Number(t.ask ?? NaN), mark: Number(info['mark_price'] ?? t.last) }
  }

  async bars(instrument: string, barMs: number, count: number, endMs: UnixMs): Promise<VenueBars> {
    await this.ready()
    const tf = TIMEFRAMES[barMs]
    if (tf === undefined) throw new VenueRejectedError(this.name, '-', `no bar size of ${barMs} ms`, `use one of ${Object.keys(TIMEFRAMES).join(', ')} ms`)
    const since = endMs - (count + 1) * barMs
    const rows = await this.withRetry('', 'fetchOHLCV', () => this.ex.fetchOHLCV(toCcxtSymbol(instrument), tf, since, count + 1,
      this.deribit ? { until: endMs } : {}))
    const closed = rows.filter((r) => Number(r[0]) + barMs <= endMs).slice(-count)
    const col = (k: number) => Float64Array.from(closed, (r) => Number(r[k]))
    return { length: closed.length, tMs: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) }
  }

  async volIndex(currency: string, fromMs: UnixMs, toMs: UnixMs): Promise<{ length: number; tMs: Float64Array; vol: Float64Array } | undefined> {
    if (!this.deribit) return undefined
    await this.ready()
    const r = await this.withRetry('', 'public/get_volatility_index_data', () =>
      (this.ex as unknown as { publicGetGetVolatilityIndexData(p: object): Promise<{ result: { data: number[][] } }> })
        .publicGetGetVolatilityIndexData({ currency, start_timestamp: fromMs, end_timestamp: toMs, resolution: '3600' }))
    const data = r.result.data
    // DVOL is in percent; the model takes fractions
    return { length: data.length, tMs: Float64Array.from(data, (x) => Number(x[0])), vol: Float64Array.from(data, (x) => Number(x[4]) / 100) }
  }

  /** The order with this client id as the venue knows it, or undefined when the venue never saw it. */
  async find(clientId: string, instrument?: string): Promise<OrderAck | undefined> {
    await this.ready()
    const k = this.known.get(clientId)
    let order: Order | undefined
    if (this.deribit) {
      const cs = instrument !== undefined ? [instrument.split(/[-/]/)[0] as string] : this.currencies
      for (const c of cs) {
        const r = await (this.ex as unknown as { privateGetGetOrderStateByLabel(p: object): Promise<{ result: unknown[] }> })
          .privateGetGetOrderStateByLabel({ currency: c, label: clientId })
        const raw = r.result[0]
        if (raw !== undefined) {
          const parsed = this.ex.parseOrder(raw as Record<string, unknown>)
          const trades = await (this.ex as unknown as { privateGetGetUserTradesByOrder(p: object): Promise<{ result: unknown[] }> })
            .privateGetGetUserTradesByOrder({ order_id: parsed.id })
          order = { ...parsed, trades: this.ex.parseTrades(trades.result as object[]) }
          break
        }
      }
    } else if (k !== undefined) {
      order = await this.ex.fetchOrder(k.id, k.symbol)
    } else if (instrument !== undefined) {
      const symbol = toCcxtSymbol(instrument)
      const all = [...await this.ex.fetchOpenOrders(symbol), ...await this.ex.fetchClosedOrders(symbol)]
      order = all.find((o) => o.clientOrderId === clientId)
    }
    this.o.onEvent?.({ kind: 'lookup', clientId, found: order !== undefined })
    if (order === undefined) return undefined
    this.known.set(clientId, { id: String(order.id), symbol: order.symbol as string, intent: k?.intent })
    return this.ackOf(order, clientId, fromCcxtSymbol(order.symbol as string))
  }

  private async locate(clientId: string): Promise<Known> {
    if (!this.known.has(clientId)) await this.find(clientId)
    const k = this.known.get(clientId)
    if (k === undefined) throw new VenueRejectedError(this.name, clientId, 'no order with this client id', 'check the id; only orders this vault placed can be changed')
    return k
  }

  private market(symbol: string, clientId: string): { inverse: boolean; contractSize: number } {
    const m = this.ex.markets?.[symbol]
    if (m === undefined) {
      throw new VenueRejectedError(this.name, clientId, `${symbol} is not listed`, 'pick an instrument the venue lists now (an expired or unlisted option has no market)')
    }
    // ccxt marks Deribit options inverse too (coin-settled), but only futures and perpetuals are sized in USD
    return { inverse: usdSized(m), contractSize: Number(m.contractSize ?? 1) }
  }

  /** Units of the underlying to ccxt's amount: coins for options and linear markets, USD for inverse perpetuals. */
  private amountOf(m: { inverse: boolean; contractSize: number }, qty: number, refPx: number | undefined): number {
    if (!m.inverse) return qty / m.contractSize
    const usd = Math.round((qty * (refPx as number)) / m.contractSize) * m.contractSize
    return Math.max(usd, m.contractSize)
  }

  private async referencePrice(symbol: string): Promise<number> {
    const t = await this.withRetry('', 'fetchTicker', () => this.ex.fetchTicker(symbol))
    const info = t.info as Record<string, unknown>
    return Number(info['mark_price'] ?? t.last)
  }

  private ackOf(o: Order, clientId: string, instrument: string): OrderAck {
    const trades = (o.trades ?? []) as Trade[]
    const fills = trades.map((t) => this.fillOf(t, clientId, instrument))
    const filledQty = fills.length > 0 ? fills.reduce((s, f) => s + f.qty, 0) : this.filledOf(o)
    const status = statusOf(o.status, filledQty)
    const reason = status === 'rejected' ? String((o.info as Record<string, unknown>)['reject_reason'] ?? 'rejected') : undefined
    return { clientId, status, filledQty: round8(filledQty), fills, venueOrderId: String(o.id), ...(reason === undefined ? {} : { rejectReason: reason }) }
  }

  private filledOf(o: Order): number {
    const m = this.ex.markets?.[o.symbol as string]
    const f = Number(o.filled ?? 0)
    if (usdSized(m)) return o.average ? f / Number(o.average) : 0
    return f * Number(m?.contractSize ?? 1)
  }

  private fillOf(t: Trade, clientId: string, instrument: string): Fill {
    const m = this.ex.markets?.[t.symbol as string]
    const amount = Number(t.amount)
    const price = Number(t.price)
    const qty = usdSized(m) ? amount / price : amount * Number(m?.contractSize ?? 1)
    return {
      clientId, instrument, side: t.side as 'buy' | 'sell', qty: round8(qty), price, fee: Number(t.fee?.cost ?? 0),
      feeCurrency: String(t.fee?.currency ?? ''), tMs: Number(t.timestamp) as UnixMs,
    }
  }

  private clientIdOf(o: Order): string {
    return this.labelOf(o.info) ?? o.clientOrderId ?? String(o.id)
  }

  private labelOf(info: unknown): string | undefined {
    const l = (info as Record<string, unknown> | undefined)?.['label']
    return typeof l === 'string' && l !== '' ? l : undefined
  }

  private rejected(clientId: string, e: unknown): VenueRejectedError {
    const msg = e instanceof Error ? e.message.replace(/^deribit\s+/, '') : String(e)
    const fix = e instanceof ccxt.InsufficientFunds ? 'add collateral or trade smaller'
      : e instanceof ccxt.AuthenticationError ? 'check the API key and secret (and that the key may trade)'
        : 'check the order (instrument, amount, price) against the venue\'s rules'
    return new VenueRejectedError(this.name, clientId, msg, fix, e)
  }

  private async pause(clientId: string, call: string, attempt: number, e: unknown): Promise<void> {
    const backoff = (this.o.backoffMs ?? 250) * 2 ** (attempt - 1)
    const waitMs = Math.max(backoff, this.retryAfterMs(e))
    this.o.onEvent?.({ kind: 'retry', clientId, call, attempt, waitMs, error: e instanceof Error ? e.constructor.name : String(e) })
    await (this.o.sleep ?? sleep)(waitMs)
  }

  /** Retry-After of the last answer (seconds, or an HTTP date), when it was a 429. */
  private retryAfterMs(e: unknown): number {
    if (!(e instanceof ccxt.DDoSProtection || e instanceof ccxt.RateLimitExceeded)) return 0
    const h = (this.ex.last_response_headers ?? {}) as Record<string, string | undefined>
    const v = h['Retry-After'] ?? h['retry-after']
    if (v === undefined) return 0
    const s = Number(v)
    if (Number.isFinite(s)) return s * 1000
    const at = Date.parse(v)
    return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 0
  }

  /** Read-only calls: retried on timeouts, 5xx and 429 (they change nothing on the venue). */
  private async withRetry<T>(clientId: string, call: string, run: () => Promise<T>): Promise<T> {
    const maxAttempts = this.o.maxAttempts ?? 4
    let last: unknown
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        return await run()
      } catch (e) {
        last = e
        if (!isRetryable(e)) throw e
        if (attempt === maxAttempts) break
        await this.pause(clientId, call, attempt, e)
      }
    }
    throw new VenueTimeoutError(this.name, clientId || '-', call, maxAttempts, last)
  }
}

const TIMEFRAMES: Readonly<Record<number, string>> = { 60_000: '1m', 300_000: '5m', 900_000: '15m', 3_600_000: '1h', 86_400_000: '1d' }

/** Inverse futures and perpetuals trade in USD amounts; options (inverse on Deribit too) trade in coins. */
function usdSized(m: { inverse?: boolean | undefined; option?: boolean | undefined } | undefined): boolean {
  return m?.inverse === true && m.option !== true
}

/** Timeouts, 5xx and rate limits: the request may be repeated (after a lookup for creates). */
function isRetryable(e: unknown): boolean {
  return e instanceof ccxt.NetworkError // RequestTimeout, ExchangeNotAvailable, DDoSProtection, RateLimitExceeded
}

function statusOf(s: string | undefined, filled: number): OrderStatus {
  switch (s) {
    case 'closed': return 'filled'
    case 'canceled': case 'cancelled': case 'expired': return 'cancelled'
    case 'rejected': return 'rejected'
    default: return filled > 0 ? 'partially-filled' : 'open'
  }
}

function round8(x: number): number { return Math.round(x * 1e8) / 1e8 }

function sleep(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)) }
