import type { BarColumns } from '../barColumns.ts'
import { OptvaultError } from '../../engine/errors/base.ts'
import { MS_PER_DAY, type Vol } from '../../engine/domain/units.ts'
import { checkGrid, subStepYears, type SynthGrid } from './synthGrid.ts'

/** One model's path, one sub-step at a time. Every generator (GBM, Heston, Merton) is this interface plus
 * its own state; `simulateBars` turns it into OHLCV bars. */
export interface SubStepModel {
  /** Log-price change over the next sub-step (dimensionless: ln(S_next / S_now)). */
  step(): number
  /** Called once after bar `i` closes, before the next bar's first step (Heston records its vol here). */
  barClosed?(i: number): void
}

/** How synthetic volume is made. Volume in base units per day at the reference vol; each bar gets its share
 * of the day scaled by the bar's realised vol over `refVol`: vol(bar) = sqrt(sum of squared sub-step log
 * returns / bar length in years). So volume clusters with volatility, as on real venues, and adds no random
 * draws of its own (the price path is the same with any volume setting). Not calibrated to any venue. */
export interface SynthVolume {
  perDay: number
  refVol: Vol
}

/** Default synthetic volume: 10,000 base units a day at the reference vol. */
export const DEFAULT_VOLUME_PER_DAY = 10_000

/** Draws `grid.bars` OHLCV bars from `model`, starting at price `spot` (quote currency).
 * Bar i opens at startMs + i * barMs; its open is the previous close (no gaps: the market never closes),
 * its close is the price after `subSteps` steps, high/low the extremes over the open and every step.
 * @example simulateBars(100, { startMs: 0, barMs: 3_600_000, bars: 24, subSteps: 60 }, gbmModel, { perDay: 1e4, refVol: 0.6 }) */
export function simulateBars(spot: number, grid: SynthGrid, model: SubStepModel, volume: SynthVolume): BarColumns {
  checkGrid(grid)
  if (!(spot > 0) || !Number.isFinite(spot)) throw new OptvaultError(`Synthetic spot must be a positive price, got ${spot}.`)
  const n = grid.bars
  const tMs = new Float64Array(n)
  const open = new Float64Array(n)
  const high = new Float64Array(n)
  const low = new Float64Array(n)
  const close = new Float64Array(n)
  const vol = new Float64Array(n)
  const barYears = subStepYears(grid) * grid.subSteps
  const volumePerBar = volume.perDay * (grid.barMs / MS_PER_DAY)
  // with refVol 0 there is no scale to compare against: every bar gets the flat share
  const volScale = volume.refVol > 0 ? volumePerBar / volume.refVol : 0
  // the path is carried in log space so a long path does not drift from rounding in repeated products
  let logS = Math.log(spot)
  let price = spot // exactly spot for the first open, not exp(log(spot))
  for (let i = 0; i < n; i++) {
    const o = price
    let hi = o
    let lo = o
    let sumSq = 0
    for (let k = 0; k < grid.subSteps; k++) {
      const r = model.step()
      logS += r
      sumSq += r * r
      const s = Math.exp(logS)
      if (s > hi) hi = s
      if (s < lo) lo = s
    }
    const c = Math.exp(logS)
    price = c
    tMs[i] = grid.startMs + i * grid.barMs
    open[i] = o
    high[i] = hi
    low[i] = lo
    close[i] = c
    vol[i] = volScale > 0 ? volScale * Math.sqrt(sumSq / barYears) : volumePerBar
    model.barClosed?.(i)
  }
  return { length: n, tMs, open, high, low, close, volume: vol }
}
