import type { PortfolioView, PositionView, SettlementNotice } from '../plugin/context.ts'
import type { InstrumentId, OptionInstrument } from '../domain/instruments/instrument.ts'
import { bsmIntoUnchecked } from '../domain/pricing/bsm.ts'
import { GREEK_COUNT } from '../domain/pricing/types.ts'
import { MS_PER_YEAR, type UnixMs } from '../domain/units.ts'
import type { VolSource } from './volSource.ts'

/** What a vault counts its money in: the vault asset (a coin-margined BTC vault counts BTC) or the quote currency
 * (a USDC vault). Every balance and cumulative below is in this unit; Greeks are always in the quote sense. */
export type AccountingUnit = 'asset' | 'quote'

/** Cumulative money flows since the start, in the accounting unit. An epoch's figures are differences of two
 * snapshots, so nothing is reset and nothing allocates per bar. */
export interface LedgerTotals {
  /** Option premium received minus paid (sells positive), at fill prices. */
  optionCash: number
  /** Settlement payoffs received minus paid. */
  settlement: number
  /** Perp/spot hedge P&L, marked to market bar by bar. */
  hedge: number
  /** Funding received minus paid (included in hedge as well: hedge P&L is all-in). */
  funding: number
  /** Trading fees paid (option and hedge), positive. */
  fees: number
  /** Gas paid, positive (included in fees as well). */
  gas: number
  /** Notional traded, quote currency. */
  turnoverQuote: number
}

/** The vault's book: a balance in the accounting unit, option positions in columnar arrays, and a perpetual hedge
 * whose P&L is swept into the balance at every mark (a coin-margined perp settles its variation in the coin; a
 * linear one in the quote). Marks are Black-Scholes at the vol source's model vol. `mark` is the hot path: typed
 * arrays, no allocation. */
export class Portfolio implements PortfolioView {
  balance: number
  perpQty = 0
  private perpMark = NaN
  readonly totals: LedgerTotals = { optionCash: 0, settlement: 0, hedge: 0, funding: 0, fees: 0, gas: 0, turnoverQuote: 0 }

  n = 0
  ins: OptionInstrument[] = []
  qtyA = new Float64Array(8)
  strikeA = new Float64Array(8)
  expiryA = new Float64Array(8)
  isCallA = new Uint8Array(8)
  avgA = new Float64Array(8)
  /** Last mark per unit, quote currency, and Greeks per unit (quote sense). */
  valueA = new Float64Array(8)
  deltaA = new Float64Array(8)
  volA = new Float64Array(8)

  spot = NaN
  nowMs: UnixMs = NaN
  optionValueQuote = 0
  private d = 0
  private gm = 0
  private vg = 0
  private th = 0
  private readonly g = new Float64Array(GREEK_COUNT)

  constructor(readonly unit: AccountingUnit, initialBalance: number, readonly perpId: InstrumentId) {
    this.balance = initialBalance
  }

  /** Converts a quote-currency amount to the accounting unit at `price`. */
  toUnit(amountQuote: number, price: number): number { return this.unit === 'asset' ? amountQuote / price : amountQuote }

  /** Revalues everything at `spot` and `nowMs`: sweeps perp P&L into the balance, prices each option, and
   * refreshes the aggregate Greeks. Allocation-free. */
  mark(spot: number, nowMs: UnixMs, vol: VolSource): void {
    if (this.perpQty !== 0) {
      const pnl = this.toUnit(this.perpQty * (spot - this.perpMark), spot)
      this.balance += pnl
      this.totals.hedge += pnl
    }
    this.perpMark = spot
    this.spot = spot
    this.nowMs = nowMs
    let value = 0, delta = this.perpQty + (this.unit === 'asset' ? this.balance : 0), gamma = 0, vega = 0, theta = 0
    const g = this.g
    for (let k = 0; k < this.n; k++) {
      const q = this.qtyA[k] as number
      const strike = this.strikeA[k] as number
      const t = ((this.expiryA[k] as number) - nowMs) / MS_PER_YEAR
      const tt = t > 0 ? t : 0
      const sigma = vol.optionVol(strike, spot, tt, this.expiryA[k] as number)
      // value and slots 1-4 are all a mark reads: skip vanna, volga, charm, speed (higherOrder false)
      bsmIntoUnchecked(g, this.isCallA[k] === 1, spot, strike, tt, sigma, 0, 0, false)
      this.valueA[k] = g[0] as number
      this.deltaA[k] = g[1] as number
      this.volA[k] = sigma
      value += q * (g[0] as number)
      delta += q * (g[1] as number)
      gamma += q * (g[2] as number)
      vega += q * (g[3] as number)
      theta += q * (g[4] as number)
    }
    // NAV in quote is balance * S + option values + 0 (perp swept) for a coin vault, balance + option values for a
    // quote vault, so d(NAV_quote)/dS = [balance] + sum q delta + perp: the coin balance is delta too.
    this.optionValueQuote = value
    this.d = delta
    this.gm = gamma
    this.vg = vega
    this.th = theta
  }

  /** NAV in the accounting unit at the last mark. */
  nav(): number { return this.balance + this.toUnit(this.optionValueQuote, this.spot) }
  /** NAV in the quote currency at the last mark. */
  navQuote(): number { return this.unit === 'asset' ? this.nav() * this.spot : this.nav() }

  /** Books an option fill: `qty` signed (+ buy), `price` quote currency per unit, `fee` in the accounting unit. */
  fillOption(ins: OptionInstrument, qty: number, price: number, fee: number, spotAtFill: number): void {
    const cash = this.toUnit(-qty * price, spotAtFill)
    this.balance += cash - fee
    this.totals.optionCash += cash
    this.totals.fees += fee
    this.totals.turnoverQuote += Math.abs(qty) * spotAtFill
    let k = this.indexOf(ins.id)
    if (k < 0) {
      this.grow()
      k = this.n++
      this.ins[k] = ins
      this.qtyA[k] = 0
      this.avgA[k] = 0
      this.strikeA[k] = ins.strike
      this.expiryA[k] = ins.expiryMs
      this.isCallA[k] = ins.kind === 'call' ? 1 : 0
      this.valueA[k] = price
    }
    const q0 = this.qtyA[k] as number
    const q1 = q0 + qty
    if (q0 === 0 || Math.sign(q0) === Math.sign(qty)) this.avgA[k] = ((this.avgA[k] as number) * Math.abs(q0) + price * Math.abs(qty)) / Math.abs(q1)
    else if (Math.sign(q1) !== Math.sign(q0) && q1 !== 0) this.avgA[k] = price
    this.qtyA[k] = q1
    if (Math.abs(q1) < 1e-12) this.remove(k)
    this.optionValueQuote = this.sumValue()
  }

  /** Books a perp (or spot hedge) fill: `qty` signed, `price` quote per unit, `fee` in the accounting unit. The
   * new lot is marked to the current sweep price at once, so the balance always holds all realised hedge P&L. */
  fillPerp(qty: number, price: number, fee: number): void {
    if (!Number.isFinite(this.perpMark)) this.perpMark = price
    const pnl = this.toUnit(qty * (this.perpMark - price), price)
    this.balance += pnl - fee
    this.totals.hedge += pnl
    this.totals.fees += fee
    this.totals.turnoverQuote += Math.abs(qty) * price
    this.perpQty += qty
    if (Math.abs(this.perpQty) < 1e-12) this.perpQty = 0
  }

  /** Pays a cost outside trading (gas) in the accounting unit. */
  payGas(amount: number): void {
    this.balance -= amount
    this.totals.gas += amount
    this.totals.fees += amount
  }

  /** Funding on the perp at `rate` per interval (fraction): longs pay shorts when the rate is positive. */
  payFunding(rate: number, price: number): number {
    const amount = this.toUnit(-this.perpQty * price * rate, price)
    this.balance += amount
    this.totals.funding += amount
    this.totals.hedge += amount
    return amount
  }

  /** Settles every option expiring at or before `nowMs` at `settlementPrice` (cash, in the accounting unit:
   * an inverse option pays payoff / S in coin, a linear one the payoff in quote). Returns one notice per position. */
  settleExpired(nowMs: UnixMs, settlementPrice: number): SettlementNotice[] {
    const out: SettlementNotice[] = []
    for (let k = this.n - 1; k >= 0; k--) {
      if ((this.expiryA[k] as number) > nowMs) continue
      const ins = this.ins[k] as OptionInstrument
      const q = this.qtyA[k] as number
      const payoffQuote = q * Math.max(ins.kind === 'call' ? settlementPrice - ins.strike : ins.strike - settlementPrice, 0)
      const paid = this.toUnit(payoffQuote, settlementPrice)
      this.balance += paid
      this.totals.settlement += paid
      out.push({ instrument: ins, settlementPrice, qty: q, payoffQuote })
      this.remove(k)
    }
    this.optionValueQuote = this.sumValue()
    return out.reverse()
  }

  /** Earliest expiry in the book, Infinity when it holds no option. */
  nextExpiryMs(): number {
    let e = Infinity
    for (let k = 0; k < this.n; k++) if ((this.expiryA[k] as number) < e) e = this.expiryA[k] as number
    return e
  }

  /** Sum of short option contracts (absolute), units of the underlying. */
  shortContracts(kind?: 'call' | 'put'): number {
    let s = 0
    for (let k = 0; k < this.n; k++) {
      const q = this.qtyA[k] as number
      if (q < 0 && (kind === undefined || (this.isCallA[k] === 1) === (kind === 'call'))) s -= q
    }
    return s
  }

  positions(): readonly PositionView[] {
    const out: PositionView[] = []
    for (let k = 0; k < this.n; k++) out.push({ instrument: (this.ins[k] as OptionInstrument).id, qty: this.qtyA[k] as number, avgPrice: this.avgA[k] as number })
    if (this.perpQty !== 0) out.push({ instrument: this.perpId, qty: this.perpQty, avgPrice: this.perpMark })
    return out
  }

  qty(id: InstrumentId): number {
    if (id === this.perpId) return this.perpQty
    const k = this.indexOf(id)
    return k < 0 ? 0 : (this.qtyA[k] as number)
  }

  delta(): number { return this.d }
  gamma(): number { return this.gm }
  vega(): number { return this.vg }
  theta(): number { return this.th }

  /** Re-derives the delta after a fill between marks (positions changed, prices did not). */
  refreshDelta(): void {
    let delta = this.perpQty + (this.unit === 'asset' ? this.balance : 0)
    for (let k = 0; k < this.n; k++) delta += (this.qtyA[k] as number) * (this.deltaA[k] as number)
    this.d = delta
  }

  indexOf(id: InstrumentId): number {
    for (let k = 0; k < this.n; k++) if ((this.ins[k] as OptionInstrument).id === id) return k
    return -1
  }

  private sumValue(): number {
    let v = 0
    for (let k = 0; k < this.n; k++) v += (this.qtyA[k] as number) * (this.valueA[k] as number)
    return v
  }

  private remove(k: number): void {
    const last = this.n - 1
    if (k !== last) {
      this.ins[k] = this.ins[last] as OptionInstrument
      for (const a of [this.qtyA, this.strikeA, this.expiryA, this.avgA, this.valueA, this.deltaA, this.volA]) a[k] = a[last] as number
      this.isCallA[k] = this.isCallA[last] as number
    }
    this.ins.length = last
    this.n = last
  }

  private grow(): void {
    if (this.n < this.qtyA.length) return
    const g = <T extends Float64Array | Uint8Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(a.length * 2); b.set(a); return b }
    this.qtyA = g(this.qtyA); this.strikeA = g(this.strikeA); this.expiryA = g(this.expiryA); this.isCallA = g(this.isCallA)
    this.avgA = g(this.avgA); this.valueA = g(this.valueA); this.deltaA = g(this.deltaA); this.volA = g(this.volA)
  }
}
