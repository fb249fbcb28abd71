/** Minimises `f` over R^n with the Nelder-Mead simplex (Nelder & Mead 1965; coefficients 1, 2, 0.5, 0.5 as in
 * Lagarias et al. 1998). Derivative-free, so it suits likelihoods with no closed-form gradient. Stops when the
 * simplex values differ by less than `tol` or after `maxIter` iterations.
 * @example nelderMead(([x, y]) => (x! - 1) ** 2 + (y! + 2) ** 2, [0, 0]).x // ≈ [1, -2] */
export function nelderMead(f: (x: Float64Array) => number, start: readonly number[],
  o: { step?: number; tol?: number; maxIter?: number } = {}): { x: number[]; value: number; iterations: number } {
  const n = start.length
  const step = o.step ?? 0.5
  const tol = o.tol ?? 1e-10
  const maxIter = o.maxIter ?? 2000
  const pts: Float64Array[] = []
  for (let i = 0; i <= n; i++) {
    const p = Float64Array.from(start)
    if (i > 0) p[i - 1] = (p[i - 1] as number) + step
    pts.push(p)
  }
  const vals = pts.map((p) => f(p))
  const centroid = new Float64Array(n)
  const trial = new Float64Array(n)
  const trial2 = new Float64Array(n)
  const along = (out: Float64Array, t: number, towards: Float64Array): void => {
    for (let j = 0; j < n; j++) out[j] = (centroid[j] as number) + t * ((towards[j] as number) - (centroid[j] as number))
  }
  let iter = 0
  for (; iter < maxIter; iter++) {
    const order = vals.map((_, i) => i).sort((a, b) => (vals[a] as number) - (vals[b] as number))
    const sortedPts = order.map((i) => pts[i] as Float64Array)
    const sortedVals = order.map((i) => vals[i] as number)
    for (let i = 0; i <= n; i++) { pts[i] = sortedPts[i] as Float64Array; vals[i] = sortedVals[i] as number }
    if (Math.abs((vals[n] as number) - (vals[0] as number)) <= tol * (1 + Math.abs(vals[0] as number))) break
    centroid.fill(0)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] = (centroid[j] as number) + (pts[i] as Float64Array)[j]! / n
    const worst = pts[n] as Float64Array
    along(trial, -1, worst) // reflection
    const fr = f(trial)
    if (fr < (vals[0] as number)) {
      along(trial2, -2, worst) // expansion
      const fe = f(trial2)
      if (fe < fr) { pts[n] = Float64Array.from(trial2); vals[n] = fe } else { pts[n] = Float64Array.from(trial); vals[n] = fr }
      continue
    }
    if (fr < (vals[n - 1] as number)) { pts[n] = Float64Array.from(trial); vals[n] = fr; continue }
    const outside = fr < (vals[n] as number)
    along(trial2, outside ? -0.5 : 0.5, worst) // outside or inside contraction
    const fc = f(trial2)
    if (fc < (outside ? fr : (vals[n] as number))) { pts[n] = Float64Array.from(trial2); vals[n] = fc; continue }
    const best = pts[0] as Float64Array
    for (let i = 1; i <= n; i++) { // shrink towards the best point
      const p = pts[i] as Float64Array
      for (let j = 0; j < n; j++) p[j] = (best[j] as number) + 0.5 * ((p[j] as number) - (best[j] as number))
      vals[i] = f(p)
    }
  }
  return { x: Array.from(pts[0] as Float64Array), value: vals[0] as number, iterations: iter }
}
