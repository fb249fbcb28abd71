import { accountEquity } from './accountEquity.ts'
import type { OptionPricer } from './resolveMarks.ts'
import { optionVolsFor, shockMarket } from './shockMarket.ts'
import type { Account, MarginModel, MarketSnapshot } from './types.ts'

/** Equity change (coin) of an account over a grid of spot moves and relative vol shifts; row-major, one row per
 * vol shift: `pnl[v * spotMoves.length + s]`. With a model, also health per scenario (same layout). */
export interface RiskMatrix {
  readonly spotMoves: readonly number[]
  readonly volShifts: readonly number[]
  readonly pnl: Float64Array
  readonly health?: Float64Array
}

/** `steps` evenly spaced moves from -range to +range, 0 included when steps is odd (Deribit PM uses 9 over ±16%).
 * @example evenMoves(0.16, 9) // [-0.16, -0.12, -0.08, -0.04, 0, 0.04, 0.08, 0.12, 0.16] */
export function evenMoves(range: number, steps: number): number[] {
  if (steps === 1) return [0]
  return Array.from({ length: steps }, (_, i) => -range + (2 * range * i) / (steps - 1))
}

/** Revalues the whole account (positions and collateral) in every scenario; see shockMarket for what moves.
 * @example riskMatrix(account, market, optionPrice, evenMoves(0.5, 11), [-0.5, 0, 0.5, 1], standardMarginModel()) */
export function riskMatrix(account: Account, market: MarketSnapshot, pricer: OptionPricer,
  spotMoves: readonly number[], volShifts: readonly number[], model?: MarginModel): RiskMatrix {
  const vols = optionVolsFor(market, account.positions, pricer)
  const base = accountEquity(account, market)
  const n = spotMoves.length * volShifts.length
  const pnl = new Float64Array(n)
  const health = model === undefined ? undefined : new Float64Array(n)
  volShifts.forEach((dv, v) => {
    spotMoves.forEach((ds, s) => {
      const shocked = shockMarket(market, account.positions, ds, dv, pricer, vols)
      const equity = accountEquity(account, shocked)
      pnl[v * spotMoves.length + s] = equity - base
      if (health !== undefined && model !== undefined) {
        const mm = model.maintenance(account, shocked)
        health[v * spotMoves.length + s] = mm > 0 ? equity / mm : Infinity
      }
    })
  })
  return health === undefined ? { spotMoves, volShifts, pnl } : { spotMoves, volShifts, pnl, health }
}
