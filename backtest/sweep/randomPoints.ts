import { Xoshiro128 } from '../../data/random/xoshiro128.ts'
import type { GridAxis } from './gridAxis.ts'
import { gridPointAt, gridSize, type ParamPoint } from './gridPoints.ts'

/** `count` distinct combinations of the grid drawn with xoshiro128** from `seed` (Floyd's sampling, so no
 * combination repeats and the whole grid is never materialised), in grid order. The same axes, count and seed
 * give the same points on any machine. A count at or above the grid size gives the whole grid. */
export function randomPoints(axes: readonly GridAxis[], count: number, seed: number): ParamPoint[] {
  const total = gridSize(axes)
  if (count >= total) return Array.from({ length: total }, (_, i) => gridPointAt(axes, i))
  const rng = new Xoshiro128(seed)
  const chosen = new Set<number>()
  for (let j = total - count; j < total; j++) {
    const t = Math.floor(rng.uniform() * (j + 1))
    chosen.add(chosen.has(t) ? j : t)
  }
  return [...chosen].sort((a, b) => a - b).map((i) => gridPointAt(axes, i))
}
