/** The strategy's window on the market: everything up to the current bar, nothing after. The runtime owns the
 * cursor; a strategy only gets the read-only `MarketView` interface. Asking for a later bar throws, and no method
 * hands out a buffer that reaches past now (arrays are copies), so lookahead is impossible, not just discouraged. */
import { OptvaultError } from '../errors/base.ts'
import type { UnixMs } from '../domain/units.ts'

/** Columnar bars, `tMs` = bar OPEN time (ms UTC), prices in quote currency. Same shape as data/barColumns.ts. */
export interface BarSeries {
  readonly length: number
  readonly tMs: Float64Array
  readonly open: Float64Array
  readonly high: Float64Array
  readonly low: Float64Array
  readonly close: Float64Array
  readonly volume: Float64Array
}

export interface Bar {
  readonly openMs: UnixMs
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

/** Read-only view of bars up to and including the current one. */
export interface MarketView {
  /** Close time of the current bar (its open time plus the bar size), ms UTC: what "now" means to a strategy. */
  readonly now: UnixMs
  /** Bar size in ms. */
  readonly barMs: number
  /** Number of bars seen so far, the current one included. */
  readonly seen: number
  /** Close of the current bar, in quote currency. */
  spot(): number
  /** Close `ago` bars back (0 = current). Throws for a negative `ago` (the future) or before the first bar. */
  close(ago?: number): number
  /** Whole bar `ago` bars back (0 = current). */
  bar(ago?: number): Bar
  /** A copy of the last `n` closes, oldest first, ending with the current bar (fewer if fewer were seen). */
  closes(n: number): Float64Array
}

export class LookaheadError extends OptvaultError {
  override name = 'LookaheadError'
  constructor(asked: string) {
    super(`A strategy asked for ${asked}, which is after the current bar.`, {
      fix: 'A strategy sees only bars up to now. Use ago >= 0; decide on the current bar and let the order fill later.',
    })
  }
}

/** The runtime's side of the view: it moves the cursor; strategies see only `MarketView`. */
export class BarCursor implements MarketView {
  private i = -1
  constructor(private readonly bars: BarSeries, readonly barMs: number) {}

  /** Close time of the current bar, set by moveTo: strategies read it several times a bar. */
  private nowMs: UnixMs = NaN
  /** Moves to bar `i`; only the runtime calls this, and only forwards. */
  moveTo(i: number): void {
    if (i < this.i || i >= this.bars.length) throw new RangeError(`cursor cannot move from ${this.i} to ${i}`)
    this.i = i
    this.nowMs = (this.bars.tMs[i] as number) + this.barMs
  }

  get index(): number { return this.i }
  get seen(): number { return this.i + 1 }
  get now(): UnixMs { return this.nowMs }

  /** close(0) without the look-back checks: called every bar by the hedge check. */
  spot(): number {
    if (this.i < 0) throw new RangeError('no bar has been seen yet')
    return this.bars.close[this.i] as number
  }

  close(ago = 0): number { return this.bars.close[this.at(ago)] as number }

  bar(ago = 0): Bar {
    const j = this.at(ago)
    const b = this.bars
    return { openMs: b.tMs[j] as number, open: b.open[j] as number, high: b.high[j] as number,
      low: b.low[j] as number, close: b.close[j] as number, volume: b.volume[j] as number }
  }

  closes(n: number): Float64Array {
    const from = Math.max(0, this.i + 1 - Math.max(0, Math.floor(n)))
    return this.bars.close.slice(from, this.i + 1)
  }

  private at(ago: number): number {
    if (!(ago >= 0)) throw new LookaheadError(`the bar ${ago} bars back`)
    if (this.i < 0) throw new RangeError('no bar has been seen yet')
    const j = this.i - Math.floor(ago)
    if (j < 0) throw new RangeError(`only ${this.i + 1} bars have been seen; asked for ${ago} back`)
    return j
  }
}
