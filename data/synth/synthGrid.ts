import { OptvaultError } from '../../engine/errors/base.ts'
import { MS_PER_YEAR, type UnixMs } from '../../engine/domain/units.ts'

/** Where and how finely a synthetic path is drawn.
 * - `startMs`: open time of the first bar, ms UTC; a multiple of `barMs` since the epoch, so bars sit on the
 *   same UTC grid as exchange bars and `resampleBars` (e.g. daily bars open at 00:00 UTC).
 * - `barMs`: bar length in ms.
 * - `bars`: how many bars.
 * - `subSteps`: simulation steps inside each bar. The bar's high and low are the extremes over these steps,
 *   so more steps give wider, more realistic ranges (a discretely watched path never sees the true
 *   extremes: high/low are biased inward, by less as `subSteps` grows). */
export interface SynthGrid {
  startMs: UnixMs
  barMs: number
  bars: number
  subSteps: number
}

/** Length of one sub-step in years (365-day year: crypto trades every calendar day).
 * @example subStepYears({ startMs: 0, barMs: 86_400_000, bars: 1, subSteps: 1 }) // 1 / 365 */
export function subStepYears(grid: SynthGrid): number {
  return grid.barMs / grid.subSteps / MS_PER_YEAR
}

/** Throws on a grid no generator can draw: the checks the CLI also turns into flag errors. */
export function checkGrid(grid: SynthGrid): void {
  const bad = (what: string) => { throw new OptvaultError(`Synthetic grid: ${what}.`) }
  if (!Number.isSafeInteger(grid.barMs) || grid.barMs <= 0) bad(`barMs must be a positive integer, got ${grid.barMs}`)
  if (!Number.isSafeInteger(grid.bars) || grid.bars < 0) bad(`bars must be a non-negative integer, got ${grid.bars}`)
  if (!Number.isSafeInteger(grid.subSteps) || grid.subSteps < 1) bad(`subSteps must be an integer >= 1, got ${grid.subSteps}`)
  if (!Number.isSafeInteger(grid.startMs) || grid.startMs % grid.barMs !== 0) {
    bad(`startMs ${grid.startMs} is not on the ${grid.barMs} ms bar grid (a multiple of barMs since 1970-01-01T00:00Z)`)
  }
}
