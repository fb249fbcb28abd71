import type { OptvaultConfig } from '../config/loadConfig.ts'
import { MS_PER_DAY, MS_PER_YEAR, type UnixMs, type Vol } from '../domain/units.ts'
import { InputError } from '../errors/input.ts'
import type { BarSeries } from './marketView.ts'

/** The config's iv section (chain | index | realized | constant). */
export type IvConfig = OptvaultConfig['iv']

/** A vol index series: `vol` (fraction) known from `tMs` on. */
export interface VolPoints { readonly length: number; readonly tMs: Float64Array; readonly vol: Float64Array }

/** Smallest vol the model ever prices at (a fraction): skew and term adjustments must not drive it to 0 or below. */
export const MIN_MODEL_VOL = 0.01

/** The model vol surface of a backtest, stepped forward bar by bar with the clock: the base (ATM, index tenor) vol
 * as of now, and per-option adjustments for tenor and strike. O(1) per bar, no allocation.
 * - index: the last index point at or before now (never a later one), plus `termSlopePerYear` per year of tenor
 *   beyond `indexTenorDays` and `skewSlope` per unit of ln(K/F).
 * - realized: annualised root-mean-square of the last `windowDays` of close-to-close log returns times
 *   `multiplier`; with fewer than 2 returns seen, the Parkinson high-low estimate of the bars so far.
 * - constant: `value` everywhere. `chain` has no model vol: quotes come from the recorded chain. */
export class VolSource {
  private baseVol = NaN
  private j = -1
  private readonly ring: Float64Array
  private ringN = 0
  private ringAt = 0
  private sumSq = 0
  private hlSq = 0
  // MIN_MODEL_VOL as a field: returned from the module constant, optionVol's result stayed a tagged value and the
  // vol was boxed once per option per bar (measured: one heap number per Portfolio.markBar)
  private readonly minVol: Vol = MIN_MODEL_VOL
  private readonly barsPerYear: number
  private readonly skew: number
  private readonly termSlope: number
  private readonly tenorYears: number
  /** Vol points taken off when selling and added when buying (the model chain's bid/ask), a fraction. */
  readonly sellSpreadVol: Vol

  constructor(readonly cfg: IvConfig, private readonly bars: BarSeries, readonly barMs: number, private readonly index?: VolPoints) {
    this.barsPerYear = MS_PER_YEAR / barMs
    this.skew = cfg.source === 'index' ? cfg.skewSlope : 0
    this.termSlope = cfg.source === 'index' ? cfg.termSlopePerYear : 0
    this.tenorYears = cfg.source === 'index' ? cfg.indexTenorDays / 365 : 0
    this.sellSpreadVol = cfg.sellSpreadVol
    this.ring = new Float64Array(cfg.source === 'realized' ? Math.max(2, Math.round(cfg.windowDays * MS_PER_DAY / barMs)) : 1)
    if (cfg.source === 'index' && (index === undefined || index.length === 0)) {
      throw new InputError('data.vol', 'data.vol', 'is needed by iv.source: index and holds no points', 'add a vol index file (e.g. DVOL) or use iv.source: realized or constant.')
    }
    if (cfg.source === 'constant') this.baseVol = cfg.value
    this.fixed = cfg.source === 'constant' || cfg.source === 'chain'
  }
  /** Nothing to step per bar (constant, or a chain that looks itself up). */
  private readonly fixed: boolean

  /** Moves to bar `i` (after its close). Call once per bar, in order. */
  advance(i: number): void {
    const cfg = this.cfg
    if (this.fixed) return
    if (cfg.source === 'index') {
      const idx = this.index as VolPoints
      const now = (this.bars.tMs[i] as number) + this.barMs
      while (this.j + 1 < idx.length && (idx.tMs[this.j + 1] as number) <= now) this.j++
      if (this.j < 0) {
        throw new InputError('data.vol', 'data.vol', `starts at ${new Date(idx.tMs[0] as number).toISOString()}, after the first bar closes (${new Date(now).toISOString()})`,
          'give a vol file that covers the whole backtest window, or start data.from later.')
      }
      this.baseVol = idx.vol[this.j] as number
    } else if (cfg.source === 'realized') {
      const b = this.bars
      const hl = Math.log((b.high[i] as number) / (b.low[i] as number))
      this.hlSq += hl * hl
      if (i > 0) {
        const r = Math.log((b.close[i] as number) / (b.close[i - 1] as number))
        const r2 = r * r
        if (this.ringN === this.ring.length) this.sumSq -= this.ring[this.ringAt] as number
        else this.ringN++
        this.ring[this.ringAt] = r2
        this.sumSq += r2
        this.ringAt = (this.ringAt + 1) % this.ring.length
      }
      const perBar = this.ringN >= 2 ? Math.max(0, this.sumSq) / this.ringN : this.hlSq / (i + 1) / (4 * Math.LN2)
      this.baseVol = Math.sqrt(perBar * this.barsPerYear) * cfg.multiplier
    }
  }

  /** The base vol now: ATM at the index tenor, or the chain's nearest-expiry ATM mark IV. */
  base(): Vol { return this.chain !== undefined ? this.chain.atmIv() : this.baseVol }

  /** For iv.source chain: where mark IVs come from (the recorded chain's as-of snapshot). */
  useChain(chain: { markIv(strike: number, expiryMs: number): number; atmIv(): number }): void { this.chain = chain }
  private chain: { markIv(strike: number, expiryMs: number): number; atmIv(): number } | undefined

  /** Model vol of one option: base plus term and skew adjustments, never below MIN_MODEL_VOL. With iv.source chain,
   * the recorded mark IV at (strike, expiryMs), interpolated in strike.
   * @example v.optionVol(45_000, 42_000, 7 / 365) // base + skewSlope * ln(45/42) + termSlope * (7/365 - 30/365) */
  optionVol(strike: number, forward: number, tYears: number, expiryMs: number = NaN): Vol {
    if (this.chain !== undefined) {
      const iv = this.chain.markIv(strike, expiryMs)
      return iv > this.minVol ? iv : this.minVol
    }
    let v = this.baseVol
    // skip the log when there is no skew: optionVol runs for every open option on every bar
    if (this.skew !== 0) v += this.skew * Math.log(strike / forward)
    if (this.termSlope !== 0) v += this.termSlope * (tYears - this.tenorYears)
    return v > this.minVol ? v : this.minVol
  }

  /** Time of the index point in use, for reports; NaN when none. */
  indexTimeMs(): UnixMs { return this.j >= 0 && this.index ? (this.index.tMs[this.j] as number) : NaN }
}
