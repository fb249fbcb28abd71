import { linearAccountHealth } from '../../engine/domain/margin/linearAccountHealth.ts'
import type { LinearAccount, LinearMarket, LinearPosition } from '../../engine/domain/margin/linearMargin.ts'
import { standardHealth } from '../../engine/domain/margin/standardMargin.ts'
import type { Account, Collateral, MarginInstrument, MarketSnapshot, Position } from '../../engine/domain/margin/types.ts'
import type { OptionInstrument } from '../../engine/domain/instruments/instrument.ts'
import type { Portfolio } from '../../engine/runtime/portfolio.ts'

/** Margin health of the vault's book under Deribit's standard margin (engine/domain/margin), in the vault's unit:
 * - coin vault (collateral: underlying): collateral is the coin balance (premiums already in it, so option entries
 *   are 0), options marked at the model in coin, the perp swept to spot; inverse rules (standardMargin.ts).
 * - stable-collateral vault (USDC): the USDC balance, options marked in USDC, the linear perp swept to spot; linear
 *   rules (linearMargin.ts: Deribit's USDC options and linear perpetuals).
 * Infinity with nothing open. Checked every bar; the margin engine is re-run when the book changed, spot moved more
 * than `REEVAL_MOVE` since the last run, or an hour passed, and the last figure stands otherwise (a 1-minute backtest
 * would spend most of its time re-deriving an unchanged number). */
/** Relative spot move that forces the margin engine to run again (0.5%). */
export const REEVAL_MOVE = 0.005

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

export class MarginCheck {
  private version = -1
  private readonly marks: Record<string, number> = {}
  private readonly market: Mutable<MarketSnapshot>
  // The account is rebuilt only when the book's positions change (an option or the perp opened or closed); between
  // such changes each run updates the numbers in place (the balance, the swept perp's entry, and every size after a
  // trade that only resized: a re-hedge), so an hourly re-check or a hedge allocates nothing of its own here.
  private readonly collateral: Mutable<Collateral>
  private account: Account = { id: 'vault', currency: '', collateral: [], positions: [] }
  private perp: Mutable<Position> | undefined
  /** Option positions' names and book rows, in account order. */
  private optionRows: { name: string; row: number }[] = []
  /** The account's option positions (coin or linear, whichever the vault uses), in optionRows' order. */
  private optionSizes: { size: number }[] = []

  private readonly linearMarks: Record<string, number> = {}
  private readonly linearMarket: Mutable<LinearMarket> = { indexUsd: 0, spotUsd: {}, optionMarksUsdc: this.linearMarks, futureMarksUsdc: {} }
  private linearAccount: LinearAccount = { id: 'vault', currency: '', collateral: [], positions: [] }
  private linearPerp: Mutable<LinearPosition> | undefined

  /** `currency`: the margin currency of a stable-collateral vault (USDC); the coin vault's is `asset`. */
  constructor(private readonly p: Portfolio, private readonly asset: string, private readonly currency: string = asset) {
    this.market = { nowMs: 0, indexUsd: 0, rate: 0, spotUsd: {}, optionMarks: this.marks, optionVols: {}, futureMarksUsd: {} }
    this.collateral = { asset: currency, amount: 0, haircut: 0 }
  }

  private lastSpot = NaN
  private lastMs = -Infinity

  /** Health as of the last update(): equity over maintenance margin, Infinity with nothing open. A field the bar
   * loop reads, not a return value: a call the JIT does not inline returns a double boxed, and the loop's margin
   * check was one heap number per bar (~2 MB of a 130k-bar run's ~5.8 MB). */
  health = Infinity

  /** Brings `health` to now; `bookVersion` changes whenever positions changed, so the position list is rebuilt only
   * then. Between re-runs `health` keeps the last figure (a book that went empty and came back changed version). */
  update(bookVersion: number): void {
    const p = this.p
    if (p.n === 0 && p.perpQty === 0) { this.health = Infinity; return }
    if (bookVersion === this.version && Math.abs(p.spot / this.lastSpot - 1) <= REEVAL_MOVE && p.nowMs - this.lastMs < 3_600_000) return
    this.lastSpot = p.spot
    this.lastMs = p.nowMs
    if (bookVersion !== this.version) {
      this.version = bookVersion
      if (this.sameOpenPositions()) this.resize()
      else this.rebuild()
    }
    this.health = p.unit === 'asset' ? this.evaluate() : this.evaluateLinear()
  }

  /** Whether the book holds the same options in the same rows, and a perp exactly when the account has one. */
  private sameOpenPositions(): boolean {
    const p = this.p
    const rows = this.optionRows
    if (rows.length !== p.n || (p.perpQty !== 0) !== ((p.unit === 'asset' ? this.perp : this.linearPerp) !== undefined)) return false
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k] as { name: string; row: number }
      if (r.row !== k || r.name !== (p.ins[k] as OptionInstrument).id) return false
    }
    return true
  }

  /** Sizes from the book into the account's positions, which stay the same objects. */
  private resize(): void {
    const p = this.p
    for (let k = 0; k < this.optionSizes.length; k++) (this.optionSizes[k] as { size: number }).size = p.qtyA[k] as number
    if (this.perp !== undefined) this.perp.size = p.perpQty
    if (this.linearPerp !== undefined) this.linearPerp.size = p.perpQty
  }

  /** The account's positions from the book (entries 0: premiums are already in the balance). */
  private rebuild(): void {
    const p = this.p
    this.optionRows = []
    const instruments: MarginInstrument[] = []
    for (let k = 0; k < p.n; k++) {
      const ins = p.ins[k] as OptionInstrument
      this.optionRows.push({ name: ins.id, row: k })
      instruments.push({ type: 'option', name: ins.id, underlying: ins.underlying, expiryMs: ins.expiryMs, strikeUsd: ins.strike, kind: ins.kind })
    }
    const perpIns: MarginInstrument | undefined = p.perpQty !== 0 ? { type: 'perpetual', name: p.perpId, underlying: this.asset } : undefined
    if (p.unit === 'asset') {
      const positions: Position[] = instruments.map((instrument, k) => ({ instrument, size: p.qtyA[k] as number, entry: 0 }))
      this.optionSizes = positions.slice()
      this.linearPerp = undefined
      this.perp = perpIns === undefined ? undefined : { instrument: perpIns, size: p.perpQty, entry: 0 }
      if (this.perp !== undefined) positions.push(this.perp)
      this.account = { id: 'vault', currency: this.asset, collateral: [this.collateral], positions }
    } else {
      const positions: LinearPosition[] = instruments.map((instrument, k) => ({ instrument, size: p.qtyA[k] as number, entryUsdc: 0 }))
      this.optionSizes = positions.slice()
      this.perp = undefined
      this.linearPerp = perpIns === undefined ? undefined : { instrument: perpIns, size: p.perpQty, entryUsdc: 0 }
      if (this.linearPerp !== undefined) positions.push(this.linearPerp)
      this.linearAccount = { id: 'vault', currency: this.currency, collateral: [this.collateral], positions }
    }
  }

  private evaluate(): number {
    const p = this.p
    const spot = p.spot
    for (const { name, row } of this.optionRows) this.marks[name] = (p.valueA[row] as number) / spot
    this.market.nowMs = p.nowMs
    this.market.indexUsd = spot
    // The swept perp has no open P&L: entry at spot.
    if (this.perp !== undefined) this.perp.entry = spot
    this.collateral.amount = p.balance
    // accountHealth's figure to the bit, without its allocations (standardHealth)
    return standardHealth(this.account, this.market)
  }

  private evaluateLinear(): number {
    const p = this.p
    const spot = p.spot
    for (const { name, row } of this.optionRows) this.linearMarks[name] = p.valueA[row] as number
    this.linearMarket.indexUsd = spot
    // The swept perp has no open P&L: entry at spot, like the coin path.
    if (this.linearPerp !== undefined) this.linearPerp.entryUsdc = spot
    this.collateral.amount = p.balance
    return linearAccountHealth(this.linearAccount, this.linearMarket).health
  }
}
