import { accountHealth } from '../../engine/domain/margin/accountHealth.ts'
import { linearAccountHealth } from '../../engine/domain/margin/linearAccountHealth.ts'
import type { LinearAccount, LinearMarket, LinearPosition } from '../../engine/domain/margin/linearMargin.ts'
import { standardMarginModel } from '../../engine/domain/margin/standardMargin.ts'
import type { Account, MarginModel, MarketSnapshot, Position } from '../../engine/domain/margin/types.ts'
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

export class MarginCheck {
  private readonly model: MarginModel = standardMarginModel()
  private positions: Position[] = []
  private version = -1
  private readonly marks: Record<string, number> = {}
  private readonly market: { -readonly [K in keyof MarketSnapshot]: MarketSnapshot[K] }

  private linearPositions: LinearPosition[] = []
  private readonly linearMarks: Record<string, number> = {}
  private readonly linearMarket: { -readonly [K in keyof LinearMarket]: LinearMarket[K] } = { indexUsd: 0, spotUsd: {}, optionMarksUsdc: this.linearMarks, futureMarksUsdc: {} }

  /** `currency`: the margin currency of a stable-collateral vault (USDC); the coin vault's is `asset`. */
  constructor(private readonly p: Portfolio, private readonly asset: string, private readonly currency: string = asset) {
    this.market = { nowMs: 0, indexUsd: 0, rate: 0, spotUsd: {}, optionMarks: this.marks, optionVols: {}, futureMarksUsd: {} }
  }

  private lastSpot = NaN
  private lastMs = -Infinity
  private last = Infinity

  /** Health now; `bookVersion` changes whenever positions changed, so the position list is rebuilt only then. */
  health(bookVersion: number): number {
    const p = this.p
    if (p.n === 0 && p.perpQty === 0) return Infinity
    if (bookVersion === this.version && Math.abs(p.spot / this.lastSpot - 1) <= REEVAL_MOVE && p.nowMs - this.lastMs < 3_600_000) return this.last
    this.lastSpot = p.spot
    this.lastMs = p.nowMs
    this.last = p.unit === 'asset' ? this.evaluate(bookVersion) : this.evaluateLinear(bookVersion)
    return this.last
  }

  private evaluate(bookVersion: number): number {
    const p = this.p
    if (bookVersion !== this.version) {
      this.version = bookVersion
      this.positions = []
      for (let k = 0; k < p.n; k++) {
        const ins = p.ins[k] as OptionInstrument
        this.positions.push({ instrument: { type: 'option', name: ins.id, underlying: ins.underlying, expiryMs: ins.expiryMs, strikeUsd: ins.strike, kind: ins.kind }, size: p.qtyA[k] as number, entry: 0 })
      }
      if (p.perpQty !== 0) this.positions.push({ instrument: { type: 'perpetual', name: p.perpId, underlying: this.asset }, size: p.perpQty, entry: 0 })
    }
    const spot = p.spot
    for (const pos of this.positions) {
      if (pos.instrument.type === 'option') this.marks[pos.instrument.name] = (p.valueA[p.indexOf(pos.instrument.name)] as number) / spot
    }
    this.market.nowMs = p.nowMs
    this.market.indexUsd = spot
    this.market.futureMarksUsd = {}
    // The swept perp has no open P&L: entry at spot. Positions are rebuilt with that entry each bar.
    const positions = this.positions.map((x) => (x.instrument.type === 'perpetual' ? { ...x, entry: spot } : x))
    const account: Account = { id: 'vault', currency: this.asset, collateral: [{ asset: this.asset, amount: p.balance, haircut: 0 }], positions }
    return accountHealth(account, this.market, this.model).health
  }

  private evaluateLinear(bookVersion: number): number {
    const p = this.p
    if (bookVersion !== this.version) {
      this.version = bookVersion
      this.linearPositions = []
      for (let k = 0; k < p.n; k++) {
        const ins = p.ins[k] as OptionInstrument
        this.linearPositions.push({ instrument: { type: 'option', name: ins.id, underlying: ins.underlying, expiryMs: ins.expiryMs, strikeUsd: ins.strike, kind: ins.kind }, size: p.qtyA[k] as number, entryUsdc: 0 })
      }
      if (p.perpQty !== 0) this.linearPositions.push({ instrument: { type: 'perpetual', name: p.perpId, underlying: this.asset }, size: p.perpQty, entryUsdc: 0 })
    }
    const spot = p.spot
    for (let k = 0; k < p.n; k++) this.linearMarks[(p.ins[k] as OptionInstrument).id] = p.valueA[k] as number
    this.linearMarket.indexUsd = spot
    // The swept perp has no open P&L: entry at spot, like the coin path.
    const positions = this.linearPositions.map((x) => (x.instrument.type === 'perpetual' ? { ...x, entryUsdc: spot } : x))
    const account: LinearAccount = { id: 'vault', currency: this.currency, collateral: [{ asset: this.currency, amount: p.balance, haircut: 0 }], positions }
    return linearAccountHealth(account, this.linearMarket).health
  }
}
