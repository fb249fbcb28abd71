import type { BarColumns } from '../barColumns.ts'
import type { Rate, Vol } from '../../engine/domain/units.ts'
import { OptvaultError } from '../../engine/errors/base.ts'
import { NormalSampler } from '../random/normalSampler.ts'
import { Xoshiro128 } from '../random/xoshiro128.ts'
import { DEFAULT_VOLUME_PER_DAY, simulateBars } from './simulateBars.ts'
import { subStepYears, type SynthGrid } from './synthGrid.ts'
import { checkNonNegative } from './checkParam.ts'

/** Geometric Brownian motion: dS/S = drift dt + vol dW.
 * - `spot`: first open, quote currency.
 * - `vol`: annualised volatility as a fraction (0.6 = 60 vol points); the sd of log returns over t years is vol * sqrt(t).
 * - `drift`: annual expected rate of return as a fraction, E[S_t] = spot * e^(drift t); log returns therefore
 *   have mean (drift - vol^2/2) per year.
 * - `volumePerDay`: synthetic volume scale in base units (see `SynthVolume`), default 10,000. */
export interface GbmParams {
  spot: number
  vol: Vol
  drift: Rate
  volumePerDay?: number
}

/** Bars of a GBM path, sampled exactly (the log step is exactly normal, so there is no discretisation bias in
 * closes; sub-steps only serve the high/low). Same seed, same bars, on every machine.
 * @example simulateGbm({ spot: 40_000, vol: 0.6, drift: 0 }, { startMs: Date.UTC(2024, 0, 1), barMs: 3_600_000, bars: 24 * 365, subSteps: 60 }, 42) */
export function simulateGbm(p: GbmParams, grid: SynthGrid, seed: number | bigint): BarColumns {
  checkNonNegative('vol', p.vol)
  if (!Number.isFinite(p.drift)) throw new OptvaultError(`GBM drift must be a finite annual rate, got ${p.drift}.`)
  const normal = new NormalSampler(new Xoshiro128(seed))
  const dt = subStepYears(grid)
  const mu = (p.drift - 0.5 * p.vol * p.vol) * dt
  const sd = p.vol * Math.sqrt(dt)
  const model = { step: () => mu + sd * normal.next() }
  return simulateBars(p.spot, grid, model, { perDay: p.volumePerDay ?? DEFAULT_VOLUME_PER_DAY, refVol: p.vol })
}
