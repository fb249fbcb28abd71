import type { PortfolioView, PositionView, SettlementNotice } from '../plugin/context.ts'
import type { InstrumentId, OptionInstrument } from '../domain/instruments/instrument.ts'
import { bsmIntoUnchecked, nearMoneyPriceInto, S_MIN } from '../domain/pricing/bsm.ts'
import { NORMAL_KERNEL_CONSTANTS } from '../domain/pricing/normal.ts'
import { GREEK_COUNT } from '../domain/pricing/types.ts'
import { MS_PER_YEAR, type UnixMs } from '../domain/units.ts'
import type { BarSeries } from './marketView.ts'
import type { VolSource } from './volSource.ts'

const {
  A0, A1, A2, A3, A4, B0, B1, B2, B3, C0, C1, C2, C3, C4, C5, C6, C7, C8, D0, D1, D2, D3, D4, D5, D6, D7,
  INV_SQRT_2PI, SQRT1_2, SQRT_PI_OVER_2, THRESH, XSMALL,
} = NORMAL_KERNEL_CONSTANTS

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
  // A number from the start: a field declared without one holds undefined first, and V8 then stores every later
  // double in a fresh heap box (the balance changes on every bar the perp moves).
  balance = 0
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
  /** nearMoneyPriceInto's arguments and result. */
  private readonly nearMoney = new Float64Array(11)

  constructor(readonly unit: AccountingUnit, initialBalance: number, readonly perpId: InstrumentId) {
    this.balance = initialBalance
  }

  /** Converts a quote-currency amount to the accounting unit at `price`. */
  toUnit(amountQuote: number, price: number): number { return this.unit === 'asset' ? amountQuote / price : amountQuote }

  /** Revalues everything at `spot` and `nowMs`: sweeps perp P&L into the balance, prices each option, and
   * refreshes the aggregate Greeks. Allocation-free. */
  mark(spot: number, nowMs: UnixMs, vol: VolSource): void {
    this.spot = spot
    this.nowMs = nowMs
    this.revalue(vol)
  }

  /** `mark` at bar `i`'s close price and close time (`bars.tMs[i] + barMs`): the backtest's per-bar call, which
   * passes no double (mark's spot and time arguments are boxed on every call V8 does not inline).
   * @example portfolio.markBar(bars, i, 60_000, vol) // same as portfolio.mark(bars.close[i], bars.tMs[i] + 60_000, vol) */
  markBar(bars: BarSeries, i: number, barMs: number, vol: VolSource): void {
    this.spot = bars.close[i] as number
    this.nowMs = (bars.tMs[i] as number) + barMs
    this.revalue(vol)
  }

  /** The body of mark, at this.spot and this.nowMs (fields hold doubles unboxed). */
  private revalue(vol: VolSource): void {
    const spot = this.spot, nowMs = this.nowMs
    if (this.perpQty !== 0) {
      // toUnit's arithmetic in place: this function is too large for V8 to inline calls into, and a call boxes its
      // doubles (three heap numbers a bar)
      const pnlQuote = this.perpQty * (spot - this.perpMark)
      const pnl = this.unit === 'asset' ? pnlQuote / spot : pnlQuote
      this.balance += pnl
      this.totals.hedge += pnl
    }
    this.perpMark = spot
    let value = 0, delta = this.perpQty + (this.unit === 'asset' ? this.balance : 0), gamma = 0, vega = 0, theta = 0
    const g = this.g
    for (let k = 0; k < this.n; k++) {
      const q0 = this.qtyA[k] as number
      const strike = this.strikeA[k] as number
      const t = ((this.expiryA[k] as number) - nowMs) / MS_PER_YEAR
      const tt = t > 0 ? t : 0
      const sigma = vol.optionVol(strike, spot, tt, this.expiryA[k] as number)
      // The common option is priced right here with bsmIntoUnchecked's arithmetic (rate and dividend 0, value and
      // Greeks 1-4 only), copied operation for operation from optionGreeksBatch's inlined kernel so every bit
      // agrees: V8 does not inline bsmIntoUnchecked into this loop, and the call boxed its six doubles every bar
      // (optionGreeksBatch itself costs more per call than one option). Rows needing a limit (total vol ~ 0) or a far
      // tail (erfcx's y > 4) take the shared function; the near-money series (the last days before expiry) gets
      // its arguments through this.nearMoney, unboxed.
      const u = spot, v = sigma, r = 0, q = 0
      const w = this.isCallA[k] === 1 ? 1 : -1
      const df = r === 0 ? 1 : Math.exp(-r * tt)
      const eq = q === 0 ? 1 : Math.exp(-q * tt)
      const se = u * eq
      const kd = strike * df
      const sqt = Math.sqrt(tt)
      const s = v * sqt
      const iStrike = 1 / strike
      const ratio = u * iStrike
      let lnRatio = Math.log(ratio)
      if (ratio > 0.5 && ratio < 2) {
        if (strike < 1e300) {
          const ca = 134217729 * ratio, ah = ca - (ca - ratio), al = ratio - ah // 2^27 + 1: Veltkamp's split
          const cb = 134217729 * strike, bh = cb - (cb - strike), bl = strike - bh
          const pk = ratio * strike
          const pkErr = ah * bh - pk + ah * bl + al * bh + al * bl
          lnRatio += (u - pk - pkErr) / u
        } else lnRatio = Math.log1p((u - strike) * iStrike)
      }
      const x = lnRatio + (r - q) * tt
      const is = 1 / s
      const d1 = x * is + 0.5 * s
      const d2 = d1 - s
      const y1 = Math.abs(d1) * SQRT1_2
      const y2 = Math.abs(d2) * SQRT1_2
      let p0: number, p1: number, p2: number, p3: number, p4: number
      if (s >= S_MIN && y1 <= 4 && y2 <= 4) {
        const iSpot = 1 / u
        const ax = Math.abs(d1)
        const c = 134217729 * ax
        const hi = c - (c - ax)
        const lo = ax - hi
        const pp = ax * ax
        const e = hi * hi - pp + 2 * hi * lo + lo * lo
        const pd1 = INV_SQRT_2PI * Math.exp(-0.5 * pp) * (1 - 0.5 * e)
        const pd2 = pd1 * ratio * (eq / df)
        let t1: number, t2: number
        if (y1 <= THRESH) {
          const z = Math.abs(y1) > XSMALL ? y1 * y1 : 0
          let num = A4 * z, den = z
          num = (num + A0) * z; den = (den + B0) * z
          num = (num + A1) * z; den = (den + B1) * z
          num = (num + A2) * z; den = (den + B2) * z
          t1 = 0.5 - 0.5 * ((y1 * (num + A3)) / (den + B3))
        } else {
          let num = C8 * y1, den = y1
          num = (num + C0) * y1; den = (den + D0) * y1
          num = (num + C1) * y1; den = (den + D1) * y1
          num = (num + C2) * y1; den = (den + D2) * y1
          num = (num + C3) * y1; den = (den + D3) * y1
          num = (num + C4) * y1; den = (den + D4) * y1
          num = (num + C5) * y1; den = (den + D5) * y1
          num = (num + C6) * y1; den = (den + D6) * y1
          t1 = pd1 * (SQRT_PI_OVER_2 * ((num + C7) / (den + D7)))
        }
        if (y2 <= THRESH) {
          const z = Math.abs(y2) > XSMALL ? y2 * y2 : 0
          let num = A4 * z, den = z
          num = (num + A0) * z; den = (den + B0) * z
          num = (num + A1) * z; den = (den + B1) * z
          num = (num + A2) * z; den = (den + B2) * z
          t2 = 0.5 - 0.5 * ((y2 * (num + A3)) / (den + B3))
        } else {
          let num = C8 * y2, den = y2
          num = (num + C0) * y2; den = (den + D0) * y2
          num = (num + C1) * y2; den = (den + D1) * y2
          num = (num + C2) * y2; den = (den + D2) * y2
          num = (num + C3) * y2; den = (den + D3) * y2
          num = (num + C4) * y2; den = (den + D4) * y2
          num = (num + C5) * y2; den = (den + D5) * y2
          num = (num + C6) * y2; den = (den + D6) * y2
          t2 = pd2 * (SQRT_PI_OVER_2 * ((num + C7) / (den + D7)))
        }
        const c1 = +(w * d1 > 0), c2 = +(w * d2 > 0)
        const u1 = 1 - t1, u2 = 1 - t2
        const n1 = c1 * u1 + (1 - c1) * t1
        const m1 = c1 * t1 + (1 - c1) * u1
        const n2 = c2 * u2 + (1 - c2) * t2
        const m2 = c2 * t2 + (1 - c2) * u2
        const cx = +(w * x > 0)
        let pr: number
        if (s < 0.05 && Math.abs(x) <= s) {
          const b = this.nearMoney
          b[0] = w; b[1] = x; b[2] = s; b[3] = is; b[4] = se; b[5] = kd; b[6] = d1; b[7] = d2; b[8] = t1; b[9] = t2
          nearMoneyPriceInto(b)
          pr = b[10] as number
        } else pr = (1 - cx) * w * (se * n1 - kd * n2) + cx * (w * (se - kd) - w * (se * m1 - kd * m2))
        p0 = pr > 0 ? pr : 0
        p1 = w * eq * n1
        const carry = w * (q * se * n1 - r * kd * n2)
        p2 = eq * pd1 * is * iSpot
        p3 = se * pd1 * sqt
        p4 = -0.5 * se * pd1 * v * v * is + carry
      } else {
        // value and slots 1-4 are all a mark reads: skip vanna, volga, charm, speed (higherOrder false)
        bsmIntoUnchecked(g, w === 1, spot, strike, tt, sigma, 0, 0, false)
        p0 = g[0] as number; p1 = g[1] as number; p2 = g[2] as number; p3 = g[3] as number; p4 = g[4] as number
      }
      this.valueA[k] = p0
      this.deltaA[k] = p1
      this.volA[k] = sigma
      value += q0 * p0
      delta += q0 * p1
      gamma += q0 * p2
      vega += q0 * p3
      theta += q0 * p4
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
  /** nav() written to `out[i]`: for the bar loop, where a call the JIT leaves out of line returns its double boxed
   * (one heap number per bar), and a store into a Float64Array needs no box. */
  navInto(out: Float64Array, i: number): void { out[i] = this.nav() }
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
