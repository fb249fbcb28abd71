import type { BarColumns, VolColumns } from '../barColumns.ts'
import type { Rate, Vol } from '../../engine/domain/units.ts'
import { OptvaultError } from '../../engine/errors/base.ts'
import { NormalSampler } from '../random/normalSampler.ts'
import { Xoshiro128 } from '../random/xoshiro128.ts'
import { checkNonNegative } from './checkParam.ts'
import { DEFAULT_VOLUME_PER_DAY, simulateBars } from './simulateBars.ts'
import { subStepYears, type SynthGrid } from './synthGrid.ts'

/** Heston stochastic volatility (Heston, Rev. Financial Studies 6(2), 1993):
 *   dS/S = drift dt + sqrt(v) dW1,   dv = kappa (theta - v) dt + xi sqrt(v) dW2,   dW1 dW2 = rho dt.
 * - `spot`: first open, quote currency. `drift`: annual expected return as a fraction.
 * - `vol`: the starting instantaneous vol sqrt(v0), annualised fraction (v0 = vol^2).
 * - `kappa`: speed of mean reversion per year (the gap to theta halves in ln 2 / kappa years).
 * - `theta`: long-run VARIANCE (vol^2, per year), Heston's own parameter: 0.36 is a long-run vol of 0.6.
 * - `xi`: vol of variance, per sqrt(year). `rho`: correlation of price and variance shocks, in [-1, 1].
 * The Feller condition 2 kappa theta >= xi^2 keeps v off zero; it is not required (the scheme handles v < 0). */
export interface HestonParams {
  spot: number
  drift: Rate
  vol: Vol
  kappa: number
  theta: number
  xi: number
  rho: number
  volumePerDay?: number
}

/** Bars plus the instantaneous vol sqrt(v) as a vol index: `vol.tMs[i]` is bar i's open time (the same
 * convention as bars and as Deribit's DVOL candles) and `vol.vol[i]` is sqrt(max(v, 0)) at that bar's CLOSE,
 * annualised, as a fraction. */
export interface HestonPath {
  bars: BarColumns
  vol: VolColumns
}

/** A Heston path by full-truncation Euler (Lord, Koekkoek and van Dijk, "A comparison of biased simulation
 * schemes for stochastic volatility models", Quantitative Finance 10(2), 2010): v may go negative between
 * steps, but only max(v, 0) enters the drift and the diffusion, which the paper finds the least biased Euler
 * variant. Prices step in log space with the truncated variance. Same seed, same path.
 * @example simulateHeston({ spot: 40_000, drift: 0, vol: 0.6, kappa: 2, theta: 0.36, xi: 0.5, rho: -0.3 }, grid, 42) */
export function simulateHeston(p: HestonParams, grid: SynthGrid, seed: number | bigint): HestonPath {
  for (const k of ['vol', 'kappa', 'theta', 'xi'] as const) checkNonNegative(k, p[k])
  if (!(p.rho >= -1 && p.rho <= 1)) throw new OptvaultError(`Heston rho must be in [-1, 1], got ${p.rho}.`)
  if (!Number.isFinite(p.drift)) throw new OptvaultError(`Heston drift must be a finite annual rate, got ${p.drift}.`)
  const normal = new NormalSampler(new Xoshiro128(seed))
  const dt = subStepYears(grid)
  const sqrtDt = Math.sqrt(dt)
  const rhoBar = Math.sqrt(1 - p.rho * p.rho)
  const volOut = new Float64Array(grid.bars)
  let v = p.vol * p.vol
  const model = {
    step(): number {
      const zv = normal.next()
      const zs = p.rho * zv + rhoBar * normal.next()
      const vp = v > 0 ? v : 0
      const sdv = Math.sqrt(vp) * sqrtDt
      v += p.kappa * (p.theta - vp) * dt + p.xi * sdv * zv
      return (p.drift - 0.5 * vp) * dt + sdv * zs
    },
    barClosed(i: number): void {
      volOut[i] = Math.sqrt(v > 0 ? v : 0)
    },
  }
  // reference vol for synthetic volume: the long-run level, so volume rises when vol is above its mean
  const bars = simulateBars(p.spot, grid, model, { perDay: p.volumePerDay ?? DEFAULT_VOLUME_PER_DAY, refVol: Math.sqrt(p.theta) })
  return { bars, vol: { length: grid.bars, tMs: bars.tMs.slice(), vol: volOut } }
}
