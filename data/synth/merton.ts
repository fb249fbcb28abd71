import type { BarColumns } from '../barColumns.ts'
import type { Rate, Vol } from '../../engine/domain/units.ts'
import { OptvaultError } from '../../engine/errors/base.ts'
import { NormalSampler } from '../random/normalSampler.ts'
import { samplePoisson } from '../random/poisson.ts'
import { Xoshiro128 } from '../random/xoshiro128.ts'
import { checkNonNegative } from './checkParam.ts'
import { DEFAULT_VOLUME_PER_DAY, simulateBars } from './simulateBars.ts'
import { subStepYears, type SynthGrid } from './synthGrid.ts'

/** Merton jump-diffusion (Merton, J. Financial Economics 3, 1976): GBM plus jumps that arrive as a Poisson
 * process and multiply the price by e^Y, Y ~ N(jumpMean, jumpVol^2).
 * - `spot`, `vol` (diffusion part only, annualised fraction), `drift` (annual expected return as a fraction,
 *   INCLUDING jumps: the diffusion drift is compensated by jumpIntensity * k, k = e^(jumpMean + jumpVol^2/2) - 1,
 *   so E[S_t] = spot * e^(drift t) whatever the jumps).
 * - `jumpIntensity`: expected jumps per year. `jumpMean`, `jumpVol`: mean and sd of the log jump size
 *   (jumpMean -0.05 is a typical 4.9% drop). */
export interface MertonParams {
  spot: number
  vol: Vol
  drift: Rate
  jumpIntensity: number
  jumpMean: number
  jumpVol: number
  volumePerDay?: number
}

/** Bars of a Merton path. Each sub-step adds an exact GBM log step and a Poisson(jumpIntensity * dt) number
 * of normal log jumps; jumps land inside bars, so they show in high/low as well as close. Same seed, same path.
 * @example simulateMerton({ spot: 40_000, vol: 0.5, drift: 0, jumpIntensity: 12, jumpMean: -0.03, jumpVol: 0.06 }, grid, 7) */
export function simulateMerton(p: MertonParams, grid: SynthGrid, seed: number | bigint): BarColumns {
  for (const k of ['vol', 'jumpIntensity', 'jumpVol'] as const) checkNonNegative(k, p[k])
  if (!Number.isFinite(p.drift) || !Number.isFinite(p.jumpMean)) {
    throw new OptvaultError(`Merton drift and jumpMean must be finite, got ${p.drift} and ${p.jumpMean}.`)
  }
  const rng = new Xoshiro128(seed)
  const normal = new NormalSampler(rng)
  const dt = subStepYears(grid)
  const k = Math.exp(p.jumpMean + 0.5 * p.jumpVol * p.jumpVol) - 1
  const mu = (p.drift - p.jumpIntensity * k - 0.5 * p.vol * p.vol) * dt
  const sd = p.vol * Math.sqrt(dt)
  const lambdaDt = p.jumpIntensity * dt
  const model = {
    step(): number {
      let r = mu + sd * normal.next()
      const jumps = samplePoisson(rng, lambdaDt)
      for (let j = 0; j < jumps; j++) r += p.jumpMean + p.jumpVol * normal.next()
      return r
    },
  }
  // reference vol for volume: the total variance rate including jumps, so a jump bar shows a volume spike
  const refVol = Math.sqrt(p.vol * p.vol + p.jumpIntensity * (p.jumpMean * p.jumpMean + p.jumpVol * p.jumpVol))
  return simulateBars(p.spot, grid, model, { perDay: p.volumePerDay ?? DEFAULT_VOLUME_PER_DAY, refVol })
}
