import { seededUnit } from './sandboxHttp.ts'

// Deterministic Deribit market state: every value is a pure function of (seed, time, instrument), so a test
// can compute what the server will answer. Field names and units follow the Deribit API v2 docs
// (docs.deribit.com: public/get_instruments, get_book_summary_by_currency, ticker, get_volatility_index_data,
// get_funding_rate_history, get_tradingview_chart_data) and what ccxt's deribit.js reads from them.
// Units as on Deribit: option prices in the underlying coin (inverse options), IVs and DVOL in percent.

const DAY = 86_400_000
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']

export interface DeribitMarketOptions {
  readonly seed?: number
  /** Index level each currency's path moves around, in USD. */
  readonly spotUsd?: Readonly<Record<string, number>>
  /** Currencies listed (default every key of spotUsd: BTC and ETH). Fewer currencies, faster ccxt loadMarkets. */
  readonly currencies?: readonly string[]
  /** Strikes each side of the money per expiry (default 5). */
  readonly strikesEachSide?: number
  /** Listed expiries at `t` (ms UTC, 08:00). Default: the next 3 days and the next 4 Fridays. The sandbox lists
   * Deribit's whole calendar (dailies, weeklies, monthlies, quarterlies) so any option a strategy picks exists. */
  readonly expiries?: (t: number) => number[]
  /** Listed strikes of `currency` at `t` around `atm`. Default: `strikesEachSide` grid steps each side. */
  readonly strikes?: (currency: string, atm: number, step: number) => number[]
}

export interface DeribitInstrument {
  readonly instrument_name: string
  readonly kind: 'option' | 'future'
  readonly base_currency: string
  readonly expiration_timestamp: number
  readonly strike?: number
  readonly option_type?: 'call' | 'put'
  readonly [k: string]: unknown
}

export type DeribitMarket = ReturnType<typeof deribitMarket>

/** Deribit expiry code for an 08:00 UTC expiry: `5JAN24`, `27DEC24` (no leading zero on the day). */
export function expiryCode(expiryMs: number): string {
  const d = new Date(expiryMs)
  return `${d.getUTCDate()}${MONTHS[d.getUTCMonth()]}${String(d.getUTCFullYear() % 100).padStart(2, '0')}`
}

export function deribitMarket(o: DeribitMarketOptions = {}) {
  const seed = o.seed ?? 1
  const spot = { BTC: 60_000, ETH: 3_000, ...o.spotUsd }
  const currencies = o.currencies ?? Object.keys(spot)
  const each = o.strikesEachSide ?? 5
  const ci = (c: string) => currencies.indexOf(c)

  /** Index price in USD at `t` (a smooth path plus noise fixed per minute). */
  const indexPrice = (c: string, t: number): number => {
    const base = spot[c as keyof typeof spot] ?? 100
    const minute = Math.floor(t / 60_000)
    return round(base * (1 + 0.2 * Math.sin(t / (50 * DAY)) + 0.004 * (seededUnit(seed, ci(c), minute) - 0.5)), 2)
  }
  /** DVOL level in percent at `t`. */
  const dvol = (c: string, t: number): number =>
    round(50 + 10 * ci(c) + 15 * Math.sin(t / (30 * DAY)) + 4 * (seededUnit(seed, 100 + ci(c), t) - 0.5), 2)

  /** Option expiries listed at `t`: the next 3 days and the next 4 Fridays, all at 08:00 UTC. */
  const expiries = (t: number): number[] => o.expiries?.(t) ?? defaultExpiries(t)
  const defaultExpiries = (t: number): number[] => {
    const day0 = Math.floor(t / DAY) * DAY + 8 * 3_600_000
    const first = day0 > t ? day0 : day0 + DAY
    const out = new Set<number>()
    for (let i = 0; i < 3; i++) out.add(first + i * DAY)
    let friday = first
    while (new Date(friday).getUTCDay() !== 5) friday += DAY
    for (let i = 0; i < 4; i++) out.add(friday + i * 7 * DAY)
    return [...out].sort((a, b) => a - b)
  }
  const strikeStep = (c: string) => (c === 'BTC' ? 1_000 : c === 'ETH' ? 50 : 1)

  const cache = new Map<string, DeribitInstrument[]>()
  const instruments = (t: number, currency?: string, kind?: string): DeribitInstrument[] => {
    // a chain snapshot asks for the same listing once per ticker: keep the last few
    const key = `${t}|${currency}|${kind}`
    const hit = cache.get(key)
    if (hit !== undefined) return hit
    if (cache.size > 32) cache.clear()
    const out = listInstruments(t, currency, kind)
    cache.set(key, out)
    return out
  }
  const listInstruments = (t: number, currency?: string, kind?: string): DeribitInstrument[] => {
    const out: DeribitInstrument[] = []
    for (const c of currencies) {
      if (currency !== undefined && currency !== 'any' && currency !== c) continue
      const common = {
        base_currency: c, counter_currency: 'USD', settlement_currency: c, is_active: true, rfq: false,
        block_trade_commission: 0.0003, block_trade_min_trade_amount: 25, block_trade_tick_size: 0.0001,
      }
      if (kind === undefined || kind === 'future') {
        out.push({
          ...common, instrument_name: `${c}-PERPETUAL`, kind: 'future', future_type: 'reversed', instrument_type: 'reversed',
          settlement_period: 'perpetual', quote_currency: 'USD', price_index: `${c.toLowerCase()}_usd`, contract_size: 10,
          tick_size: 0.5, min_trade_amount: 10, maker_commission: 0, taker_commission: 0.0005, max_leverage: 50,
          max_liquidation_commission: 0.0075, expiration_timestamp: 32503708800000, creation_timestamp: 1534242287000,
          instrument_id: 1000 + ci(c),
        })
      }
      if (kind !== undefined && kind !== 'option') continue
      const step = strikeStep(c)
      const atm = Math.round(indexPrice(c, t) / step) * step
      const strikes = o.strikes?.(c, atm, step) ?? Array.from({ length: 2 * each + 1 }, (_, j) => atm + (j - each) * step)
      for (const e of expiries(t)) {
        for (const strike of strikes) {
          const k = Math.round((strike - atm) / step)
          if (strike <= 0) continue
          for (const type of ['call', 'put'] as const) {
            out.push({
              ...common, instrument_name: `${c}-${expiryCode(e)}-${strike}-${type === 'call' ? 'C' : 'P'}`, kind: 'option',
              option_type: type, strike, settlement_period: 'week', quote_currency: c, price_index: `${c.toLowerCase()}_usd`,
              contract_size: 1, tick_size: 0.0001, tick_size_steps: [{ above_price: 0.005, tick_size: 0.0005 }],
              min_trade_amount: 0.1, maker_commission: 0.0003, taker_commission: 0.0003,
              expiration_timestamp: e, creation_timestamp: e - 30 * DAY, instrument_id: Math.floor(e / 3_600_000) * 100 + k * 2 + (type === 'call' ? 0 : 1),
            })
          }
        }
      }
    }
    return out
  }

  /** Quote of one option at `t`: prices in the coin, IVs in percent, underlying (forward) in USD. */
  const optionQuote = (inst: DeribitInstrument, t: number) => {
    const c = inst.base_currency
    const tYears = Math.max(inst.expiration_timestamp - t, 60_000) / (365 * DAY)
    const forward = round(indexPrice(c, t) * (1 + 0.05 * tYears), 2)
    const strike = inst.strike!
    const m = Math.log(strike / forward) / Math.sqrt(Math.max(tYears, 1 / 365))
    const atm = dvol(c, Math.floor(t / 60_000) * 60_000)
    const markIv = round(atm * (1 + 0.08 * m * m) - 2 * m, 2)
    const coin = (ivPct: number) => black76(inst.option_type === 'call', forward, strike, ivPct / 100, tYears) / forward
    const mark = round(coin(markIv), 8)
    const bidRaw = Math.floor(coin(markIv - 2) / 0.0001) * 0.0001
    const bid = bidRaw >= 0.0001 ? round(bidRaw, 4) : null // deep out of the money: nobody bids
    const ask = round(Math.max(Math.ceil(coin(markIv + 2) / 0.0001) * 0.0001, 0.0001), 4)
    const u = seededUnit(seed, inst.expiration_timestamp, strike, inst.option_type === 'call' ? 1 : 2)
    return {
      forward, markIv, mark, bid, ask,
      bidIv: bid === null ? 0 : round(markIv - 2, 2), askIv: round(markIv + 2, 2),
      openInterest: round(500 * u, 1), volume: round(50 * u * u, 1),
      underlyingIndex: inst.expiration_timestamp - t < 2 * DAY ? 'index_price' : `SYN.${c}-${expiryCode(inst.expiration_timestamp)}`,
    }
  }

  const bookSummary = (t: number, currency: string, kind?: string) =>
    instruments(t, currency, kind).map((inst) => {
      if (inst.kind === 'future') {
        const px = indexPrice(currency, t)
        return {
          volume_usd: 1e9, volume: 20_000, quote_currency: 'USD', price_change: 0.5, open_interest: 1e9, mid_price: px,
          mark_price: px, low: px * 0.98, last: px, instrument_name: inst.instrument_name, high: px * 1.02,
          estimated_delivery_price: px, creation_timestamp: t, bid_price: px - 0.5, base_currency: currency, ask_price: px + 0.5,
          current_funding: 0, funding_8h: 0.0001, volume_notional: 1e9,
        }
      }
      const q = optionQuote(inst, t)
      return {
        mid_price: q.bid === null ? null : round((q.bid + q.ask) / 2, 5), volume_usd: round(q.volume * q.mark * q.forward, 2),
        quote_currency: currency, estimated_delivery_price: indexPrice(currency, t), creation_timestamp: t,
        base_currency: currency, underlying_index: q.underlyingIndex, underlying_price: q.forward, volume: q.volume,
        interest_rate: 0, price_change: null, open_interest: q.openInterest, ask_price: q.ask, bid_price: q.bid,
        instrument_name: inst.instrument_name, mark_price: q.mark, mark_iv: q.markIv, last: q.mark, low: null, high: null,
      }
    })

  const ticker = (t: number, name: string) => {
    const inst = instruments(t).find((i) => i.instrument_name === name)
    if (inst === undefined) return undefined
    const c = inst.base_currency
    const idx = indexPrice(c, t)
    if (inst.kind === 'future') {
      return {
        timestamp: t, state: 'open', stats: { volume: 20_000, price_change: 0.5, low: idx * 0.98, high: idx * 1.02, volume_usd: 1e9 },
        settlement_price: idx, open_interest: 1e9, min_price: idx * 0.98, max_price: idx * 1.02, mark_price: idx, last_price: idx,
        instrument_name: name, index_price: idx, funding_8h: 0.0001, current_funding: 0, interest_value: 0,
        best_bid_price: idx - 0.5, best_bid_amount: 1000, best_ask_price: idx + 0.5, best_ask_amount: 1000, estimated_delivery_price: idx,
      }
    }
    const q = optionQuote(inst, t)
    return {
      timestamp: t, state: 'open', stats: { volume: q.volume, price_change: null, low: null, high: null, volume_usd: 0 },
      settlement_price: q.mark, open_interest: q.openInterest, min_price: 0.0001, max_price: round(q.ask * 3, 4),
      mark_price: q.mark, mark_iv: q.markIv, last_price: q.mark, interest_rate: 0, instrument_name: name, index_price: idx,
      greeks: { delta: 0.5, gamma: 0.0001, vega: 10, theta: -20, rho: 1 }, estimated_delivery_price: idx,
      bid_iv: q.bidIv, best_bid_price: q.bid ?? 0, best_bid_amount: q.bid === null ? 0 : 5,
      best_ask_price: q.ask, best_ask_amount: 5, ask_iv: q.askIv, underlying_price: q.forward, underlying_index: q.underlyingIndex,
    }
  }

  /** DVOL candle [ts, open, high, low, close] in percent, on a grid of `stepMs`. */
  const dvolCandle = (c: string, ts: number, stepMs: number): [number, number, number, number, number] => {
    const open = dvol(c, ts - stepMs)
    const close = dvol(c, ts)
    const u = seededUnit(seed, 200 + ci(c), ts)
    return [ts, open, round(Math.max(open, close) + u, 2), round(Math.min(open, close) - u, 2), close]
  }

  /** Funding record of the perpetual for the hour starting at `ts`. interest_8h is a fraction per 8 h. */
  const funding = (c: string, ts: number) => ({
    timestamp: ts,
    index_price: indexPrice(c, ts),
    prev_index_price: indexPrice(c, ts - 3_600_000),
    interest_8h: round(0.0001 * Math.sin(ts / (7 * DAY)) + 0.00005 * (seededUnit(seed, 300 + ci(c), ts) - 0.5), 10),
    interest_1h: 0,
  })

  /** Perpetual candle at `ts` on a grid of `stepMs`, prices in USD, volume in coin. */
  const perpCandle = (c: string, ts: number, stepMs: number) => {
    const open = indexPrice(c, ts - stepMs)
    const close = indexPrice(c, ts)
    const u = seededUnit(seed, 400 + ci(c), ts)
    return { ts, open, high: round(Math.max(open, close) * (1 + 0.002 * u), 2), low: round(Math.min(open, close) * (1 - 0.002 * u), 2), close, volume: round(100 * u, 4) }
  }

  return { currencies, indexPrice, dvol, dvolCandle, expiries, instruments, optionQuote, bookSummary, ticker, funding, perpCandle }
}

function round(x: number, dp: number): number {
  const f = 10 ** dp
  return Math.round(x * f) / f
}

/** Black-76 undiscounted price in USD; only to give the fake plausible, arbitrage-free quotes. */
function black76(call: boolean, f: number, k: number, sigma: number, t: number): number {
  const sd = sigma * Math.sqrt(t)
  const d1 = (Math.log(f / k) + 0.5 * sd * sd) / sd
  const d2 = d1 - sd
  return call ? f * ncdf(d1) - k * ncdf(d2) : k * ncdf(-d2) - f * ncdf(-d1)
}

/** Standard normal CDF, Abramowitz & Stegun 26.2.17 (abs error < 7.5e-8): plenty for fake quotes. */
function ncdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x))
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))))
  const p = 1 - Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) * poly
  return x >= 0 ? p : 1 - p
}
