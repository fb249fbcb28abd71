import type { AttributionRow } from './attributionRow.ts'
import { balanceRow } from './balanceRow.ts'

/** The whole backtest as one row (epoch = -1): column sums of `rows`, balanced again so it too adds up exactly.
 * @example totalAttribution(attributePnl(input)).residual */
export function totalAttribution(rows: readonly AttributionRow[]): AttributionRow {
  let d = 0, g = 0, t = 0, v = 0, x = 0, c = 0, p = 0
  for (const r of rows) { d += r.delta; g += r.gamma; t += r.theta; v += r.vega; x += r.cross; c += r.costs; p += r.total }
  return balanceRow(-1, { delta: d, gamma: g, theta: t, vega: v, cross: x, costs: c }, p)
}
