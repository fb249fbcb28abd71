import type { ChainView, OptionInstrument, UnixMs } from '../../engine/plugin/index.ts'
import type { CoveredCallParams } from './coveredCallParams.ts'

/** The call a covered-call vault sells now: expiry = nearest listed expiry at least `minDaysToExpiry` out; strike
 * = the listed one nearest `targetDelta`, or spot * (1 + otmPct/100) snapped to the listed grid.
 * @example chooseCall(ctx.chain, ctx.market.spot(), { ...p, strikeRule: 'otm-pct', otmPct: 10 }) // BTC-14JUN24-70000-C */
export function chooseCall(chain: ChainView, spot: number,
  p: Pick<CoveredCallParams, 'strikeRule' | 'targetDelta' | 'otmPct' | 'snap' | 'minDaysToExpiry'>): OptionInstrument {
  const expiryMs: UnixMs = chain.nearestExpiry({ minDays: p.minDaysToExpiry })
  if (p.strikeRule === 'delta') return chain.nearestByDelta({ kind: 'call', delta: p.targetDelta, expiryMs })
  const target = spot * (1 + p.otmPct / 100)
  const strike = snapStrike(chain.strikes(expiryMs), target, p.snap)
  return chain.nearestByStrike({ kind: 'call', strike, expiryMs })
}

/** A listed strike for `target`: `outward` takes the lowest strike >= target (the highest listed when none is),
 * `nearest` the closest (ties go up, further out of the money for a call). `strikes` ascending.
 * @example snapStrike([60000, 65000, 70000], 66000, 'outward') // 70000 */
export function snapStrike(strikes: readonly number[], target: number, mode: 'outward' | 'nearest'): number {
  if (strikes.length === 0) throw new RangeError('snapStrike: the expiry lists no strikes')
  if (mode === 'outward') return strikes.find((k) => k >= target) ?? (strikes[strikes.length - 1] as number)
  let best = strikes[0] as number
  for (const k of strikes) if (Math.abs(k - target) <= Math.abs(best - target)) best = k
  return best
}
