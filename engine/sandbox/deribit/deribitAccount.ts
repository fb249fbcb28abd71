import { HANG, type RecordedRequest } from './sandboxHttp.ts'
import { verifyDeribitAuth } from './deribitAuth.ts'
import { DeribitRpcError } from './deribitRpcError.ts'
import type { DeribitInstrument } from './deribitMarket.ts'
import type { DeribitEmulator } from './startDeribitEmulator.ts'

// The emulator's private side: one account per emulator, a small matching engine against the market's book, and
// the answers in Deribit API v2's shapes (docs.deribit.com: private/buy, edit, cancel, get_order_state,
// get_order_state_by_label, get_open_orders_by_currency, get_user_trades_by_currency, get_positions,
// get_account_summary), the fields ccxt's deribit.js parseOrder / parseTrade / parsePosition / parseBalance read.
// Units as on Deribit: option amounts in coins, perpetual amounts in USD (contract 10 USD), option prices in coins,
// perpetual prices in USD, fees and balances in the coin.

export interface DeribitAccountOptions {
  readonly apiKey: string
  readonly secret: string
  /** Starting balance per currency, in coins. Default 10 BTC and 100 ETH. */
  readonly balances?: Readonly<Record<string, number>>
  /** Book levels on each side: level k sits k steps from the touch and holds `levelAmount` (options, coins) or
   * `perpLevelUsd` (perpetuals, USD). Default 10 levels, 5 coins, 500 000 USD. */
  readonly levels?: number
  readonly levelAmount?: number
  readonly perpLevelUsd?: number
}

type OrderState = 'open' | 'filled' | 'rejected' | 'cancelled' | 'untriggered'

interface Order {
  order_id: string; label: string; instrument_name: string; direction: 'buy' | 'sell'; amount: number
  filled_amount: number; price: number | 'market_price'; average_price: number; order_type: 'limit' | 'market'
  order_state: OrderState; creation_timestamp: number; last_update_timestamp: number; commission: number
  time_in_force: string; reduce_only: boolean; post_only: boolean; api: true; is_liquidation: false; max_show: number
  profit_loss: number; currency: string
  /** Set by partial-fill injection: the liquidity it missed is gone, so the rest waits for an edit. */
  stuck?: boolean
}

interface Trade {
  trade_id: string; trade_seq: number; timestamp: number; order_id: string; label: string; instrument_name: string
  direction: 'buy' | 'sell'; amount: number; price: number; fee: number; fee_currency: string; liquidity: 'T' | 'M'
  index_price: number; order_type: string; state: string; tick_direction: number; self_trade: false; matching_id: null
  mark_price: number
}

interface Position { size: number; avg: number; realizedCoin: number }

export interface DeribitAccount {
  /** Orders by id, as the emulator holds them (tests compare against these). */
  readonly orders: ReadonlyMap<string, Readonly<Order>>
  readonly trades: readonly Readonly<Trade>[]
  /** Coins held per currency, fees and option premiums included, perp P&L excluded until closed. */
  balance(currency: string): number
  /** The next `times` orders fill only `fraction` of their amount now; the rest rests on the book. */
  partialFillNext(times: number, fraction: number): void
  /** The next `times` buy/sell calls are rejected with Deribit's error `code` (default 10009 not_enough_funds). */
  rejectNext(times: number, code?: number, message?: string): void
  /** The next `times` buy/sell calls place the order and then never answer (the client times out): the order
   * exists, only the answer is lost, as when a connection drops mid-request. */
  dropAnswerNext(times: number): void
}

const MAX_LABEL = 64

/** Adds Deribit's private trading methods to an emulator: every private call checks ccxt's HMAC signature. Orders
 * match against a book built from the market's quote at the time of the call (levels `step` apart from the touch),
 * resting limit orders re-match whenever the account is touched, so they fill as the mid moves.
 * @example const d = await startDeribitEmulator({ seed: 1 }); const acct = addDeribitAccount(d, { apiKey: 'k', secret: 's' }) */
export function addDeribitAccount(d: DeribitEmulator, o: DeribitAccountOptions): DeribitAccount {
  const nowOf = (req: RecordedRequest, t: number) => { void req; return t }
  const balances = new Map<string, number>(Object.entries(o.balances ?? { BTC: 10, ETH: 100 }))
  const orders = new Map<string, Order>()
  const trades: Trade[] = []
  const positions = new Map<string, Position>()
  const levels = o.levels ?? 10
  const levelAmount = o.levelAmount ?? 5
  const perpLevelUsd = o.perpLevelUsd ?? 500_000
  let seq = 0
  let tradeSeq = 0
  const partial: { times: number; fraction: number } = { times: 0, fraction: 1 }
  const reject: { times: number; code: number; message: string } = { times: 0, code: 10009, message: 'not_enough_funds' }
  let dropAnswers = 0

  const instrument = (t: number, name: string): DeribitInstrument => {
    const c = name.split('-')[0] ?? ''
    const ins = d.market.instruments(t, c).find((i) => i.instrument_name === name)
    if (ins === undefined) throw new DeribitRpcError(-32602, 'Invalid params', { reason: 'instrument not found', param: 'instrument_name' })
    return ins
  }
  const isPerp = (ins: DeribitInstrument) => ins.kind === 'future'

  /** Book levels on one side at `t`: [price, amount] from the touch outwards. */
  const book = (t: number, ins: DeribitInstrument, side: 'bids' | 'asks'): [number, number][] => {
    const out: [number, number][] = []
    if (isPerp(ins)) {
      const idx = d.market.indexPrice(ins.base_currency, t)
      for (let k = 0; k < levels; k++) out.push([side === 'asks' ? idx + 0.5 + k * 0.5 : idx - 0.5 - k * 0.5, perpLevelUsd])
      return out
    }
    const q = d.market.optionQuote(ins, t)
    const touch = side === 'asks' ? q.ask : q.bid
    if (touch === null) return out
    // options tick 0.0005 above 0.005 (tick_size_steps), 0.0001 below
    for (let k = 0; k < levels; k++) {
      const step = touch >= 0.005 ? 0.0005 : 0.0001
      const px = round(side === 'asks' ? touch + k * step : touch - k * step, 4)
      if (px > 0) out.push([px, levelAmount])
    }
    return out
  }

  const fee = (ins: DeribitInstrument, amount: number, price: number, t: number): number => {
    if (isPerp(ins)) return round((amount / price) * 0.0005, 8) // taker 5 bp of notional, in coins
    // options: 0.03% of the underlying per contract, capped at 12.5% of the option price (Deribit fee schedule)
    return round(Math.min(0.0003, 0.125 * price) * amount, 8) + 0 * t
  }

  const book1 = (p: Position | undefined): Position => p ?? { size: 0, avg: 0, realizedCoin: 0 }

  const applyFill = (ord: Order, ins: DeribitInstrument, amount: number, price: number, t: number, liquidity: 'T' | 'M') => {
    const f = fee(ins, amount, price, t)
    const c = ins.base_currency
    const signed = ord.direction === 'buy' ? amount : -amount
    const pos = book1(positions.get(ord.instrument_name))
    if (isPerp(ins)) {
      // inverse perp: P&L in coins is size_usd * (1/entry - 1/exit) for a long
      if (pos.size !== 0 && Math.sign(pos.size) !== Math.sign(signed)) {
        const closing = Math.min(Math.abs(signed), Math.abs(pos.size)) * Math.sign(pos.size)
        const pnl = closing * (1 / pos.avg - 1 / price)
        pos.realizedCoin += pnl
        balances.set(c, (balances.get(c) ?? 0) + pnl)
      }
    } else {
      // option premium moves cash at once: a sale receives price * amount coins, a purchase pays it
      balances.set(c, (balances.get(c) ?? 0) - signed * price)
    }
    const newSize = pos.size + signed
    if (newSize === 0) pos.avg = 0
    else if (Math.sign(newSize) !== Math.sign(pos.size)) pos.avg = price
    else if (Math.abs(newSize) > Math.abs(pos.size)) pos.avg = (pos.avg * Math.abs(pos.size) + price * amount) / Math.abs(newSize)
    pos.size = round(newSize, 8)
    positions.set(ord.instrument_name, pos)
    balances.set(c, round((balances.get(c) ?? 0) - f, 10))
    ord.average_price = round((ord.average_price * ord.filled_amount + price * amount) / (ord.filled_amount + amount), 8)
    ord.filled_amount = round(ord.filled_amount + amount, 8)
    ord.commission = round(ord.commission + f, 8)
    ord.last_update_timestamp = t
    if (ord.filled_amount >= ord.amount - 1e-12) ord.order_state = 'filled'
    const tr: Trade = {
      trade_id: `${c}-${++tradeSeq}`, trade_seq: tradeSeq, timestamp: t, order_id: ord.order_id, label: ord.label,
      instrument_name: ord.instrument_name, direction: ord.direction, amount, price, fee: f, fee_currency: c, liquidity,
      index_price: d.market.indexPrice(c, t), order_type: ord.order_type, state: ord.order_state === 'filled' ? 'filled' : 'open',
      tick_direction: 0, self_trade: false, matching_id: null,
      mark_price: isPerp(ins) ? d.market.indexPrice(c, t) : d.market.optionQuote(ins, t).mark,
    }
    trades.push(tr)
    return tr
  }

  /** Fills what the book allows now; `cap` limits the amount (partial-fill injection). */
  const match = (ord: Order, t: number, cap: number, liquidity: 'T' | 'M'): Trade[] => {
    const ins = instrument(t, ord.instrument_name)
    const out: Trade[] = []
    let left = Math.min(ord.amount - ord.filled_amount, cap)
    for (const [px, amt] of book(t, ins, ord.direction === 'buy' ? 'asks' : 'bids')) {
      if (left <= 1e-12) break
      if (ord.price !== 'market_price' && (ord.direction === 'buy' ? px > ord.price : px < ord.price)) break
      const step = isPerp(ins) ? 10 : 0.1
      const q = Math.floor(Math.min(left, amt) / step + 1e-9) * step
      if (q <= 0) break
      out.push(applyFill(ord, ins, round(q, 8), px, t, liquidity))
      left = round(left - q, 8)
    }
    return out
  }

  const rematch = (t: number) => {
    for (const ord of orders.values()) if (ord.order_state === 'open' && ord.order_type === 'limit' && ord.stuck !== true) match(ord, t, Infinity, 'M')
  }

  // public, but here because the book it shows is the one orders match against
  d.method('public/get_order_book', (p, _req, t) => {
    const ins = instrument(t, p['instrument_name'] ?? '')
    const depth = Math.max(1, Math.min(levels, Number(p['depth'] ?? levels)))
    const bids = book(t, ins, 'bids').slice(0, depth)
    const asks = book(t, ins, 'asks').slice(0, depth)
    const c = ins.base_currency
    const idx = d.market.indexPrice(c, t)
    const mark = isPerp(ins) ? idx : d.market.optionQuote(ins, t).mark
    return {
      timestamp: t, state: 'open', instrument_name: ins.instrument_name, change_id: Math.floor(t / 1000), index_price: idx,
      mark_price: mark, bids, asks, best_bid_price: bids[0]?.[0] ?? 0, best_bid_amount: bids[0]?.[1] ?? 0,
      best_ask_price: asks[0]?.[0] ?? 0, best_ask_amount: asks[0]?.[1] ?? 0, underlying_price: idx,
      stats: { volume: null, price_change: null, low: null, high: null },
    }
  })

  const auth = (req: RecordedRequest) => verifyDeribitAuth(req, o)
  const need = (p: Readonly<Record<string, string>>, key: string): string => {
    const v = p[key]
    if (v === undefined || v === '') throw new DeribitRpcError(-32602, 'Invalid params', { reason: 'required', param: key })
    return v
  }
  const numberOf = (p: Readonly<Record<string, string>>, key: string): number => {
    const n = Number(need(p, key))
    if (!Number.isFinite(n)) throw new DeribitRpcError(-32602, 'Invalid params', { reason: 'must be a number', param: key })
    return n
  }
  const orderById = (id: string): Order => {
    const ord = orders.get(id)
    if (ord === undefined) throw new DeribitRpcError(10004, 'order_not_found')
    return ord
  }
  const view = ({ stuck: _stuck, ...ord }: Order) => ({ ...ord })

  const place = (direction: 'buy' | 'sell') => (p: Readonly<Record<string, string>>, req: RecordedRequest, t0: number) => {
    auth(req)
    const t = nowOf(req, t0)
    if (reject.times > 0) { reject.times--; throw new DeribitRpcError(reject.code, reject.message) }
    const name = need(p, 'instrument_name')
    const ins = instrument(t, name)
    const amount = numberOf(p, 'amount')
    const step = isPerp(ins) ? 10 : 0.1
    if (!(amount > 0) || Math.abs(amount / step - Math.round(amount / step)) > 1e-9) {
      throw new DeribitRpcError(-32602, 'Invalid params', { reason: `must be a multiple of contract size ${step}`, param: 'amount' })
    }
    const type = (p['type'] ?? 'limit') as 'limit' | 'market'
    if (type !== 'limit' && type !== 'market') throw new DeribitRpcError(-32602, 'Invalid params', { reason: 'wrong format', param: 'type' })
    const price = type === 'limit' ? numberOf(p, 'price') : 'market_price'
    const label = p['label'] ?? ''
    if (label.length > MAX_LABEL) throw new DeribitRpcError(-32602, 'Invalid params', { reason: 'label too long', param: 'label' })
    const ord: Order = {
      order_id: `${ins.base_currency}-${++seq}`, label, instrument_name: name, direction, amount, filled_amount: 0, price,
      average_price: 0, order_type: type, order_state: 'open', creation_timestamp: t, last_update_timestamp: t, commission: 0,
      time_in_force: p['time_in_force'] ?? 'good_til_cancelled', reduce_only: p['reduce_only'] === 'true', post_only: false,
      api: true, is_liquidation: false, max_show: amount, profit_loss: 0, currency: ins.base_currency,
    }
    orders.set(ord.order_id, ord)
    let cap = Infinity
    if (partial.times > 0) { partial.times--; cap = Math.floor((amount * partial.fraction) / step + 1e-9) * step }
    const filled = match(ord, t, cap, 'T')
    if (cap !== Infinity) ord.stuck = true
    // a market order never rests: what the book could not fill (or the injected cap left) is cancelled, as on Deribit
    if (ord.order_state === 'open' && (type === 'market' || ord.time_in_force === 'immediate_or_cancel')) ord.order_state = 'cancelled'
    if (dropAnswers > 0) { dropAnswers--; return HANG }
    return { order: view(ord), trades: filled.map((x) => ({ ...x })) }
  }

  d.method('private/buy', place('buy'))
  d.method('private/sell', place('sell'))
  d.method('private/edit', (p, req, t) => {
    auth(req)
    rematch(t)
    const ord = orderById(need(p, 'order_id'))
    if (ord.order_state !== 'open') throw new DeribitRpcError(11044, 'not_open_order')
    const amount = numberOf(p, 'amount')
    if (amount < ord.filled_amount) throw new DeribitRpcError(-32602, 'Invalid params', { reason: 'below filled amount', param: 'amount' })
    ord.amount = amount
    if (p['price'] !== undefined) ord.price = numberOf(p, 'price')
    ord.last_update_timestamp = t
    ord.stuck = false
    const filled = ord.filled_amount >= ord.amount ? [] : match(ord, t, Infinity, 'T')
    if (ord.filled_amount >= ord.amount - 1e-12) ord.order_state = 'filled'
    return { order: view(ord), trades: filled.map((x) => ({ ...x })) }
  })
  d.method('private/cancel', (p, req, t) => {
    auth(req)
    rematch(t)
    const ord = orderById(need(p, 'order_id'))
    if (ord.order_state !== 'open') throw new DeribitRpcError(11044, 'not_open_order')
    ord.order_state = 'cancelled'
    ord.last_update_timestamp = t
    return view(ord)
  })
  const cancelWhere = (keep: (o: Order) => boolean, t: number) => {
    let n = 0
    for (const ord of orders.values()) {
      if (ord.order_state === 'open' && !keep(ord)) { ord.order_state = 'cancelled'; ord.last_update_timestamp = t; n++ }
    }
    return n
  }
  d.method('private/cancel_all', (_p, req, t) => { auth(req); rematch(t); return cancelWhere(() => false, t) })
  d.method('private/cancel_all_by_currency', (p, req, t) => { auth(req); rematch(t); const c = need(p, 'currency'); return cancelWhere((x) => x.currency !== c, t) })
  d.method('private/cancel_all_by_instrument', (p, req, t) => { auth(req); rematch(t); const n = need(p, 'instrument_name'); return cancelWhere((x) => x.instrument_name !== n, t) })
  d.method('private/get_order_state', (p, req, t) => { auth(req); rematch(t); return view(orderById(need(p, 'order_id'))) })
  d.method('private/get_order_state_by_label', (p, req, t) => {
    auth(req)
    rematch(t)
    const c = need(p, 'currency')
    const label = need(p, 'label')
    return [...orders.values()].filter((x) => x.currency === c && x.label === label).map(view)
  })
  const kindOk = (name: string, kind: string | undefined) =>
    kind === undefined || kind === 'any' || (kind === 'future' ? name.endsWith('-PERPETUAL') : kind === 'option' ? !name.endsWith('-PERPETUAL') : false)
  d.method('private/get_open_orders_by_currency', (p, req, t) => {
    auth(req)
    rematch(t)
    const c = need(p, 'currency')
    return [...orders.values()].filter((x) => x.order_state === 'open' && x.currency === c && kindOk(x.instrument_name, p['kind'])).map(view)
  })
  d.method('private/get_open_orders_by_instrument', (p, req, t) => {
    auth(req)
    rematch(t)
    const n = need(p, 'instrument_name')
    return [...orders.values()].filter((x) => x.order_state === 'open' && x.instrument_name === n).map(view)
  })
  d.method('private/get_user_trades_by_currency', (p, req, t) => {
    auth(req)
    rematch(t)
    const c = need(p, 'currency')
    const count = Number(p['count'] ?? 10)
    const mine = trades.filter((x) => x.fee_currency === c && kindOk(x.instrument_name, p['kind']))
    // newest first, like Deribit's default sorting
    const page = mine.slice(-count).reverse()
    return { trades: page.map((x) => ({ ...x })), has_more: mine.length > count }
  })
  d.method('private/get_user_trades_by_currency_and_time', (p, req, t) => {
    auth(req)
    rematch(t)
    const c = need(p, 'currency')
    const from = numberOf(p, 'start_timestamp')
    const to = p['end_timestamp'] === undefined ? Infinity : numberOf(p, 'end_timestamp')
    const count = Number(p['count'] ?? 10)
    // oldest first from start_timestamp (Deribit's default sorting for the by-time call)
    const mine = trades.filter((x) => x.fee_currency === c && x.timestamp >= from && x.timestamp <= to && kindOk(x.instrument_name, p['kind']))
    return { trades: mine.slice(0, count).map((x) => ({ ...x })), has_more: mine.length > count }
  })
  d.method('private/get_user_trades_by_order', (p, req, t) => {
    auth(req)
    rematch(t)
    const id = need(p, 'order_id')
    return trades.filter((x) => x.order_id === id).map((x) => ({ ...x }))
  })

  const positionRows = (t: number, c: string, kind?: string) => {
    const out = []
    for (const [name, pos] of positions) {
      if (pos.size === 0 || !name.startsWith(`${c}-`) || !kindOk(name, kind)) continue
      const ins = instrument(t, name)
      const idx = d.market.indexPrice(c, t)
      const mark = isPerp(ins) ? idx : d.market.optionQuote(ins, t).mark
      const upl = isPerp(ins) ? pos.size * (1 / pos.avg - 1 / mark) : pos.size * (mark - pos.avg)
      const mm = isPerp(ins) ? 0.005 * Math.abs(pos.size) / idx : pos.size < 0 ? (0.075 + mark) * Math.abs(pos.size) : 0
      out.push({
        instrument_name: name, kind: ins.kind, size: pos.size, direction: pos.size > 0 ? 'buy' : 'sell', average_price: pos.avg,
        mark_price: mark, index_price: idx, floating_profit_loss: round(upl, 8), realized_profit_loss: round(pos.realizedCoin, 8),
        total_profit_loss: round(upl + pos.realizedCoin, 8), size_currency: isPerp(ins) ? round(pos.size / idx, 8) : pos.size,
        maintenance_margin: round(mm, 8), initial_margin: round(mm * 1.3, 8), settlement_price: mark, leverage: isPerp(ins) ? 50 : undefined,
        estimated_liquidation_price: null, delta: isPerp(ins) ? round(pos.size / idx, 8) : undefined,
      })
    }
    return out
  }
  d.method('private/get_positions', (p, req, t) => {
    auth(req)
    rematch(t)
    const cs = p['currency'] !== undefined && p['currency'] !== 'any' ? [p['currency']] : d.market.currencies
    return cs.flatMap((c) => positionRows(t, c, p['kind']))
  })
  const summary = (t: number, c: string) => {
    const rows = positionRows(t, c)
    const bal = balances.get(c) ?? 0
    let optionValue = 0
    let upl = 0
    let mm = 0
    for (const r of rows) {
      if (r.kind === 'option') optionValue += r.size * r.mark_price
      else upl += r.floating_profit_loss
      mm += r.maintenance_margin
    }
    const equity = round(bal + optionValue + upl, 8)
    return {
      currency: c, balance: round(bal, 8), equity, margin_balance: equity, available_funds: round(equity - mm * 1.3, 8),
      available_withdrawal_funds: round(equity - mm * 1.3, 8), maintenance_margin: round(mm, 8), initial_margin: round(mm * 1.3, 8),
      futures_pl: round(upl, 8), options_value: round(optionValue, 8), total_pl: round(upl, 8), delta_total: 0,
      fee_balance: 0, deposit_address: '', session_upl: round(upl, 8), session_rpl: 0, portfolio_margining_enabled: false,
    }
  }
  d.method('private/get_account_summary', (p, req, t) => { auth(req); rematch(t); return summary(t, need(p, 'currency')) })
  d.method('private/get_account_summaries', (_p, req, t) => { auth(req); rematch(t); return { summaries: d.market.currencies.map((c) => summary(t, c)) } })

  return {
    orders,
    trades,
    balance: (c) => balances.get(c) ?? 0,
    partialFillNext: (times, fraction) => { partial.times = times; partial.fraction = fraction },
    rejectNext: (times, code = 10009, message = 'not_enough_funds') => { reject.times = times; reject.code = code; reject.message = message },
    dropAnswerNext: (times) => { dropAnswers = times },
  }
}

function round(x: number, dp: number): number {
  const f = 10 ** dp
  return Math.round(x * f) / f
}
