/** Inverse standard normal CDF by bisection on the pricing core's CDF: slow, simple and obviously right, which is
 * what a reference in a test should be. */
import { normCdf } from '../../../engine/domain/pricing/normal.ts'

export function normQuantile(p: number): number {
  let lo = -10
  let hi = 10
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2
    if (normCdf(mid) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}
