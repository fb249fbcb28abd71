import { optionGreeks } from '../../../../engine/domain/pricing/optionGreeks.ts'
import type { OptionGreeks, OptionInput } from '../../../../engine/domain/pricing/types.ts'

/** |got - want| <= rel * |want| + abs, with a message naming the Greek. */
export function near(got: number, want: number, rel: number, abs = 0, what = ''): void {
  const tol = rel * Math.abs(want) + abs
  if (!(Math.abs(got - want) <= tol)) throw new Error(`${what} got ${got}, want ${want} (tolerance ${tol})`)
}

/** Checks every Greek of `optionGreeks(x)` against a central difference: first-order Greeks of the value,
 * second- and third-order ones of the analytic delta, gamma or vega (each of which is itself checked against the
 * value). Steps scale with the input (spot step 3e-5 s of spot, where s = sigma sqrt(t)), so truncation error
 * stays ~1e-7 relative and rounding error ~1e-12. `valueScale` is the size of a value (spot for bsm and black76,
 * 1 for inverse, whose value is in coins), for the absolute floor near zero. */
export function expectGreeksMatchDifferences(x: OptionInput, valueScale: number, rel = 2e-6): void {
  const g = optionGreeks(x)
  const S = x.underlying
  const s = x.sigma * Math.sqrt(x.tYears)
  const hS = S * s * 3e-5
  const hV = x.sigma * 2e-5
  const hT = x.tYears * 1e-5
  const hR = 1e-5
  const at = (d: Partial<OptionInput>) => optionGreeks({ ...x, ...d })
  type F = (y: OptionGreeks) => number
  /** Central difference of f along one input, and its rounding noise (a few ulp of f, divided by the step). */
  const diff = (f: F, up: Partial<OptionInput>, down: Partial<OptionInput>, h: number): [number, number] => {
    const a = f(at(up)), b = f(at(down))
    return [(a - b) / (2 * h), (8 * Number.EPSILON * (Math.abs(a) + Math.abs(b))) / (2 * h)]
  }
  const q = x.div ?? 0
  const dS = (f: F) => diff(f, { underlying: S + hS }, { underlying: S - hS }, hS)
  const dV = (f: F) => diff(f, { sigma: x.sigma + hV }, { sigma: x.sigma - hV }, hV)
  // calendar time passing shortens the time to expiry: d/dt = -d/dtau
  const dT = (f: F) => {
    const [d, noise] = diff(f, { tYears: x.tYears + hT }, { tYears: x.tYears - hT }, hT)
    return [-d, noise] as [number, number]
  }
  const dR = (f: F) => diff(f, { rate: x.rate + hR }, { rate: x.rate - hR }, hR)
  const dQ = (f: F) => diff(f, { div: q + hR }, { div: q - hR }, hR)
  const a = 1e-9 * valueScale
  const check = (what: string, got: number, [want, noise]: [number, number], abs: number) =>
    near(got, want, rel, abs + noise, what)
  check('delta', g.delta, dS((y) => y.price), a / S)
  check('gamma', g.gamma, dS((y) => y.delta), a / S / S)
  check('speed', g.speed, dS((y) => y.gamma), a / S / S / S)
  check('vega', g.vega, dV((y) => y.price), a)
  check('vanna', g.vanna, dV((y) => y.delta), a / S)
  check('volga', g.volga, dV((y) => y.vega), a)
  check('theta', g.theta, dT((y) => y.price), a)
  check('charm', g.charm, dT((y) => y.delta), a / S)
  check('rho', g.rho, dR((y) => y.price), a)
  check('divRho', g.divRho, dQ((y) => y.price), a)
}
