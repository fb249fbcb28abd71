import { cashGammaPerPct, optionGreeks, yearFraction, type OptionInstrument, type StrategyContext } from '../../engine/plugin/index.ts'
import { volForecaster } from './forecastVol.ts'
import { gammaBudget } from './gammaBudget.ts'
import { gammaSide, type GammaSide } from './gammaSide.ts'
import type { GammaScalingParams } from './gammaScalingParams.ts'

/** What one ladder rung should hold: an at-the-money straddle (call + put, same strike) of signed size `qty`. */
export interface RungPlan {
  readonly expiryMs: number
  readonly call: OptionInstrument
  readonly put: OptionInstrument
  /** Straddle IV: mean of the two legs' vols from the configured source. */
  readonly impliedVol: number
  /** Forecast vol over the rung's life; undefined with too little history (the rung stays flat). */
  readonly forecastVol: number | undefined
  readonly side: GammaSide
  /** This rung's scaled budget, quote currency per 1% move. */
  readonly budgetQuote: number
  readonly healthScale: number
  readonly volScale: number
  /** Cash gamma of one straddle on one unit, per 1% move, quote currency. */
  readonly cashGammaPerUnit: number
  /** Signed straddles: positive long, negative short, rounded toward zero to qtyStep. */
  readonly qty: number
}

/** Cash gamma per 1% move of one unit of `option` now, in quote currency: 0.5 * Gamma * S^2 * 1e-4 with Gamma
 * from BSM at the configured vol. Priced here rather than from ctx.pricing.greeks so a coin-margined option
 * still gives a quote-currency gamma; the rate is taken as 0 (not on the context; it moves gamma by under 0.1%
 * over a month at usual rates). */
export function unitCashGamma(ctx: StrategyContext, option: OptionInstrument): number {
  const tYears = yearFraction(ctx.now, option.expiryMs)
  if (!(tYears > 0)) return 0
  const g = optionGreeks({ model: 'bsm', kind: option.kind, underlying: ctx.market.spot(), strike: option.strike,
    tYears, sigma: ctx.pricing.iv(option.id), rate: 0 })
  return cashGammaPerPct(g.gamma, ctx.market.spot())
}

/** The ladder the vault should hold now: per rung, the ATM straddle at the nearest listed expiry at least
 * `daysToExpiry` out, long/short/flat from IV against the forecast, sized so its cash gamma is the rung's share
 * of the scaled budget (gammaBudget.ts). */
export function planLadder(ctx: StrategyContext, p: GammaScalingParams): RungPlan[] {
  const spot = ctx.market.spot()
  const closes = ctx.market.closes(Math.ceil(p.lookbackDays * 86_400_000 / ctx.market.barMs) + 1)
  const forecast = volForecaster(closes, ctx.market.barMs, p.forecast, p.ewmaLambdaDaily) // fitted once for all rungs
  return p.ladder.map((rung) => {
    const expiryMs = ctx.chain.nearestExpiry({ minDays: rung.daysToExpiry })
    const call = ctx.chain.nearestByStrike({ kind: 'call', strike: spot, expiryMs })
    const put = ctx.chain.nearestByStrike({ kind: 'put', strike: call.strike, expiryMs })
    const impliedVol = (ctx.pricing.iv(call.id) + ctx.pricing.iv(put.id)) / 2
    const fv = forecast?.(expiryMs - ctx.now)
    const side = fv === undefined ? 'flat' : gammaSide(impliedVol, fv, p.ivVsForecastThreshold, p.allowShort)
    const b = gammaBudget({ navQuote: ctx.vault.navQuote(), budgetPct: p.cashGammaBudgetPct * rung.budgetPct / 100,
      health: ctx.risk.health(), healthFloor: p.healthFloor, healthFull: p.healthFull, impliedVol,
      forecastVol: fv ?? impliedVol, volScalePower: p.volScalePower })
    const cashGammaPerUnit = unitCashGamma(ctx, call) + unitCashGamma(ctx, put)
    const size = side === 'flat' || !(cashGammaPerUnit > 0) ? 0 : roundDown(b.budgetQuote / cashGammaPerUnit, p.qtyStep)
    return { expiryMs, call, put, impliedVol, forecastVol: fv, side, budgetQuote: b.budgetQuote,
      healthScale: b.healthScale, volScale: b.volScale, cashGammaPerUnit, qty: side === 'short' ? -size : size }
  })
}

/** Rounds a size down to the venue's step; 0 means no rounding. */
export function roundDown(x: number, step: number): number {
  if (step <= 0) return x
  return Number((Math.floor(x / step + 1e-9) * step).toPrecision(12))
}
