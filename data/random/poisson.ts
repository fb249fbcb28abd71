import { OptvaultError } from '../../engine/errors/base.ts'
import type { UniformSource } from './uniformSource.ts'

// Inversion sums terms of e^-lambda; above this the chain of products loses too much to rounding, and
// e^-lambda underflows near 745. Larger means are split into pieces (a sum of Poissons is Poisson).
const MAX_DIRECT_LAMBDA = 30

/** One draw from a Poisson distribution with mean `lambda` (a count, lambda >= 0), by inversion of the CDF:
 * one uniform per draw for lambda <= 30, which is what jump-diffusion sub-steps need (lambda much below 1).
 * Larger means are drawn as a sum of Poisson(<= 30) pieces, so the cost grows like lambda / 30 draws.
 * @example samplePoisson(new Xoshiro128(7), 0.01) // almost always 0 */
export function samplePoisson(rng: UniformSource, lambda: number): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) {
    throw new OptvaultError(`Poisson mean must be a finite number >= 0, got ${lambda}.`)
  }
  let total = 0
  let rest = lambda
  while (rest > MAX_DIRECT_LAMBDA) {
    total += inversion(rng, MAX_DIRECT_LAMBDA)
    rest -= MAX_DIRECT_LAMBDA
  }
  return total + inversion(rng, rest)
}

function inversion(rng: UniformSource, lambda: number): number {
  if (lambda === 0) return 0
  const u = rng.uniform()
  let k = 0
  let p = Math.exp(-lambda)
  let cdf = p
  // p > 0 stops the loop if rounding leaves the summed CDF just below a u very close to 1
  while (u > cdf && p > 0) {
    k++
    p *= lambda / k
    cdf += p
  }
  return k
}
