import type { GridAxis, ParamValue } from './gridAxis.ts'

/** One combination of parameters: dotted config path -> value, in axis order. */
export type ParamPoint = Readonly<Record<string, ParamValue>>

/** Number of combinations of the axes (their sizes multiplied). */
export function gridSize(axes: readonly GridAxis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1)
}

/** The combination at `index` of the full grid, the last axis varying fastest (like nested loops). */
export function gridPointAt(axes: readonly GridAxis[], index: number): ParamPoint {
  const out: Record<string, ParamValue> = {}
  let rest = index
  for (let k = axes.length - 1; k >= 0; k--) {
    const a = axes[k] as GridAxis
    out[a.path] = a.values[rest % a.values.length] as ParamValue
    rest = Math.floor(rest / a.values.length)
  }
  // Key order follows the axes, so CSV columns and hashes don't depend on the loop direction above.
  return Object.fromEntries(axes.map((a) => [a.path, out[a.path] as ParamValue]))
}

/** Every combination of the axes. */
export function gridPoints(axes: readonly GridAxis[]): ParamPoint[] {
  const n = gridSize(axes)
  const out: ParamPoint[] = []
  for (let i = 0; i < n; i++) out.push(gridPointAt(axes, i))
  return out
}
