/** A StrategyContext built from plain data, for decision tests. The market view is the real BarCursor and every
 * price, delta and gamma comes from the real pricing core (optionGreeks); only the venue is reduced to "orders fill
 * at once", so a test can check a decision and the book it leaves in one step. */
import { BarCursor, type BarSeries } from '../../../engine/runtime/marketView.ts'
import { optionGreeks } from '../../../engine/domain/pricing/optionGreeks.ts'
import { MS_PER_DAY, yearFraction, type UnixMs } from '../../../engine/domain/units.ts'
import type { HedgePolicy } from '../../../engine/domain/hedging/hedgePolicy.ts'
import type { OptionInstrument } from '../../../engine/domain/instruments/instrument.ts'
import type { OptionGreeks, OptionKind } from '../../../engine/domain/pricing/types.ts'
import type { ChainView, OptionQuote, OrderOptions, StrategyContext } from '../../../engine/plugin/index.ts'

export const HOUR = 3_600_000

export interface FakeSetup {
  /** Hourly closes, USD; the cursor starts on the last one unless `at` says otherwise. */
  readonly closes: readonly number[]
  readonly at?: number
  /** First bar's open time. Default Friday 2024-06-07 00:00 UTC minus (closes.length) hours, so the last bar closes at
   * `nowMs`. */
  readonly nowMs?: UnixMs
  readonly barMs?: number
  readonly expiries: readonly UnixMs[]
  readonly strikes: readonly number[]
  /** Flat vol, or a smile by strike and expiry. */
  readonly iv: number | ((strike: number, expiryMs: UnixMs) => number)
  readonly rate?: number
  /** Coin-margined instruments (the `inverse` flag). Quotes and Greeks stay in USD, as context.ts promises. */
  readonly inverse?: boolean
  /** Bid = mark * (1 - bidDiscount); NaN bid when undefined and `noBids`. */
  readonly bidDiscount?: number
  readonly noBids?: boolean
  readonly navAsset: number
  readonly freeCollateral?: number
  readonly health?: number
  /** Spot and perp holdings, units of the underlying. Default navAsset (a covered-call vault holds its NAV). */
  readonly underlyingQty?: number
  readonly positions?: Readonly<Record<string, number>>
  readonly hedge?: HedgePolicy
  readonly epoch?: { index: number; startMs: UnixMs; endMs: UnixMs }
}

export interface Order { side: 'buy' | 'sell'; instrument: string; qty: number; o?: OrderOptions | undefined }

export interface FakeContext extends StrategyContext {
  readonly orders: Order[]
  readonly hedges: { target: number; reason?: string | undefined }[]
  readonly logs: string[]
  readonly book: Map<string, number>
  /** Underlying held (spot + perp), units. */
  underlying(): number
  /** Moves the cursor to bar `i` (forward only). */
  moveTo(i: number): void
  setHealth(h: number): void
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
/** Deribit-style name, e.g. BTC-14JUN24-70000-C. */
export function optionId(expiryMs: UnixMs, strike: number, kind: OptionKind): string {
  const d = new Date(expiryMs)
  return `BTC-${d.getUTCDate()}${MONTHS[d.getUTCMonth()]}${String(d.getUTCFullYear()).slice(2)}-${strike}-${kind === 'call' ? 'C' : 'P'}`
}

export function series(closes: readonly number[], firstOpenMs: number, barMs: number): BarSeries {
  const c = Float64Array.from(closes)
  return { length: c.length, tMs: Float64Array.from(c, (_, i) => firstOpenMs + i * barMs), open: c, high: c, low: c,
    close: c, volume: new Float64Array(c.length) }
}

export function fakeContext(s: FakeSetup): FakeContext {
  const barMs = s.barMs ?? HOUR
  const nowMs = s.nowMs ?? Date.UTC(2024, 5, 7, 8)
  const at = s.at ?? s.closes.length - 1
  const firstOpen = nowMs - (at + 1) * barMs
  const cursor = new BarCursor(series(s.closes, firstOpen, barMs), barMs)
  cursor.moveTo(at)
  const rate = s.rate ?? 0
  const instruments = new Map<string, OptionInstrument>()
  const inst = (expiryMs: UnixMs, strike: number, kind: OptionKind): OptionInstrument => {
    const id = optionId(expiryMs, strike, kind)
    let i = instruments.get(id)
    if (i === undefined) {
      i = { type: 'option', id, underlying: 'BTC', quote: 'USD', kind, strike, expiryMs, inverse: s.inverse ?? false }
      instruments.set(id, i)
    }
    return i
  }
  for (const e of s.expiries) for (const k of s.strikes) { inst(e, k, 'call'); inst(e, k, 'put') }
  const ivOf = (strike: number, expiryMs: UnixMs) => typeof s.iv === 'number' ? s.iv : s.iv(strike, expiryMs)
  const now = () => cursor.now
  const greeksOf = (i: OptionInstrument): OptionGreeks => optionGreeks({
    model: 'bsm', kind: i.kind, underlying: cursor.spot(), strike: i.strike, tYears: Math.max(0, yearFraction(now(), i.expiryMs)),
    sigma: ivOf(i.strike, i.expiryMs), rate })
  const byId = (id: string): OptionInstrument => {
    const i = instruments.get(id)
    if (i === undefined) throw new Error(`fake chain: no instrument ${id}`)
    return i
  }
  const live = () => s.expiries.filter((e) => e > now())

  const chain: ChainView = {
    expiries: () => live(),
    nearestExpiry({ minDays }) {
      const e = live().find((x) => x >= now() + minDays * MS_PER_DAY)
      if (e === undefined) throw new Error(`fake chain: no expiry ${minDays} days out`)
      return e
    },
    strikes: () => [...s.strikes],
    nearestByDelta({ kind, delta, expiryMs }) {
      let best: OptionInstrument | undefined
      let bestDist = Infinity
      for (const k of s.strikes) {
        const i = inst(expiryMs, k, kind)
        const d = Math.abs(Math.abs(greeksOf(i).delta) - Math.abs(delta))
        if (d < bestDist) { bestDist = d; best = i }
      }
      return best!
    },
    nearestByStrike({ kind, strike, expiryMs }) {
      let best = s.strikes[0]!
      for (const k of s.strikes) if (Math.abs(k - strike) < Math.abs(best - strike)) best = k
      return inst(expiryMs, best, kind)
    },
    quote(id): OptionQuote {
      const i = byId(id)
      const mark = greeksOf(i).price
      const bid = s.noBids === true ? Number.NaN : mark * (1 - (s.bidDiscount ?? 0))
      return { instrument: i, bid, ask: mark * (1 + (s.bidDiscount ?? 0)), mark, markIv: ivOf(i.strike, i.expiryMs),
        underlyingPrice: cursor.spot() }
    },
  }

  const book = new Map<string, number>(Object.entries(s.positions ?? {}))
  let underlyingQty = s.underlyingQty ?? s.navAsset
  let health = s.health ?? Infinity
  const orders: Order[] = []
  const hedges: { target: number; reason?: string | undefined }[] = []
  const logs: string[] = []
  const state = new Map<string, unknown>()
  let n = 0
  const portfolioSum = (pick: (g: OptionGreeks) => number) => {
    let sum = 0
    for (const [id, q] of book) sum += q * pick(greeksOf(byId(id)))
    return sum
  }
  const trade = (side: 'buy' | 'sell', instrument: string, qty: number, o?: OrderOptions) => {
    if (!(qty > 0)) throw new Error(`fake venue: qty must be > 0, got ${qty}`)
    byId(instrument)
    orders.push({ side, instrument, qty, o })
    const q = (book.get(instrument) ?? 0) + (side === 'buy' ? qty : -qty)
    if (Math.abs(q) < 1e-12) book.delete(instrument)
    else book.set(instrument, q)
    return `c${++n}`
  }
  const epoch = s.epoch ?? { index: 1, startMs: nowMs, endMs: nowMs + 7 * MS_PER_DAY }
  const ctx: FakeContext = {
    mode: 'backtest',
    get now() { return cursor.now },
    market: cursor,
    chain,
    vault: {
      asset: 'BTC',
      epoch,
      navQuote: () => s.navAsset * cursor.spot(),
      navAsset: () => s.navAsset,
      freeCollateral: () => s.freeCollateral ?? s.navAsset,
      pricePerShare: () => 1,
    },
    portfolio: {
      positions: () => [...book].map(([instrument, qty]) => ({ instrument, qty, avgPrice: 0 })),
      qty: (id) => book.get(id) ?? 0,
      delta: () => underlyingQty + portfolioSum((g) => g.delta),
      gamma: () => portfolioSum((g) => g.gamma),
      vega: () => portfolioSum((g) => g.vega),
      theta: () => portfolioSum((g) => g.theta),
    },
    pricing: {
      greeks: (id) => greeksOf(byId(id)),
      iv: (id) => { const i = byId(id); return ivOf(i.strike, i.expiryMs) },
    },
    risk: { health: () => health },
    buy: (i, q, o) => trade('buy', i, q, o),
    sell: (i, q, o) => trade('sell', i, q, o),
    amend: () => {},
    cancel: () => {},
    hedgeDeltaTo(target, o) {
      const need = target * s.navAsset - ctx.portfolio.delta()
      if (Math.abs(need) < 1e-12) return undefined
      underlyingQty += need
      hedges.push({ target, reason: o?.reason })
      return `h${++n}`
    },
    ...(s.hedge !== undefined ? { hedge: s.hedge } : {}),
    state,
    log: (m) => { logs.push(m) },
    orders, hedges, logs, book,
    underlying: () => underlyingQty,
    moveTo: (i) => cursor.moveTo(i),
    setHealth: (h) => { health = h },
  }
  return ctx
}
