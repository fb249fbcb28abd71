/** Gamma-scaling vault: holds a ladder of at-the-money straddles, long gamma when implied vol is cheap against a
 * realised-vol forecast and short when rich, sized by a cash-gamma budget that shrinks as margin health falls and
 * as forecast vol rises above implied; hedges delta on the config's hedge rule (a Whalley-Wilmott band, whose
 * width grows with the book's gamma, in config/gamma-vault.yaml). */
import { defineStrategy, type StrategyContext } from '../../engine/plugin/index.ts'
import { hedgeIfNeeded } from '../hedgeIfNeeded.ts'
import { optionPositions } from '../optionPositions.ts'
import { runState } from '../runState.ts'
import { ewmaVolNow, seedEwma, updateEwma } from './ewmaTracker.ts'
import { gammaBudget } from './gammaBudget.ts'
import { gammaScalingParams, type GammaScalingParams } from './gammaScalingParams.ts'
import { planLadder, roundDown, unitCashGamma, type RungPlan } from './planLadder.ts'

const PLAN = 'gamma.plan'
const CUT_FROM = 'gamma.cutFrom'

export default defineStrategy({
  name: 'gamma-vault',
  apiVersion: 1,
  description: 'Ladder of ATM straddles sized by a cash-gamma budget; long or short gamma from IV vs a vol forecast.',
  params: gammaScalingParams,
  onEpochStart(ctx, p) {
    const plan = planLadder(ctx, p)
    runState(ctx).set(PLAN, plan)
    const fv = plan[0]?.forecastVol
    if (p.forecast === 'ewma' && fv !== undefined) seedEwma(ctx, fv, p.ewmaLambdaDaily)
    rebalanceTo(ctx, plan, p.qtyStep)
  },
  onBar(ctx, p) {
    if (p.forecast === 'ewma') updateEwma(ctx)
    shrinkToBudget(ctx, p)
    hedgeIfNeeded(ctx, p.hedge ?? ctx.hedge, p.minHedgeBand)
  },
})

/** Trades the book to the plan: every option not in it is closed, every leg moved to its target size. */
export function rebalanceTo(ctx: StrategyContext, plan: readonly RungPlan[], qtyStep: number): void {
  const target = new Map<string, number>()
  for (const r of plan) {
    if (r.qty === 0) continue
    target.set(r.call.id, (target.get(r.call.id) ?? 0) + r.qty)
    target.set(r.put.id, (target.get(r.put.id) ?? 0) + r.qty)
  }
  const held = new Map(optionPositions(ctx).map((x) => [x.instrument.id, x.qty]))
  const ids = [...new Set([...held.keys(), ...target.keys()])].sort()
  for (const id of ids) {
    const diff = (target.get(id) ?? 0) - (held.get(id) ?? 0)
    if (Math.abs(diff) < Math.max(1e-12, qtyStep / 2)) continue
    const o = { reason: target.has(id) ? 'gamma ladder: resize' : 'gamma ladder: close, no longer in the ladder' }
    if (diff > 0) ctx.buy(id, diff, o)
    else ctx.sell(id, -diff, o)
  }
}

/** Between epochs: when the book's cash gamma is above today's budget by more than the tolerance (health fell,
 * or forecast vol rose), scales every option position toward zero by budget / cashGamma. It never adds risk.
 * While the book still shows the positions a cut was sent against, the cut has not filled yet: wait for it.
 * Checked on the bars that cross a `budgetCheckHours` boundary of the UTC clock. */
function shrinkToBudget(ctx: StrategyContext, p: GammaScalingParams): void {
  const every = p.budgetCheckHours * 3_600_000
  if (Math.floor(ctx.now / every) === Math.floor((ctx.now - ctx.market.barMs) / every)) return // no check boundary in this bar
  const mem = runState(ctx)
  const plan = mem.get(PLAN) as readonly RungPlan[] | undefined
  if (plan === undefined) return
  const book = optionPositions(ctx)
  const snapshot = book.map((x) => `${x.instrument.id}:${x.qty}`).join(',')
  if (mem.get(CUT_FROM) === snapshot) return
  let held = 0
  for (const x of book) held += Math.abs(x.qty) * unitCashGamma(ctx, x.instrument)
  if (held === 0) return
  let budget = 0
  // EWMA is kept current bar by bar; GARCH is refitted only at epoch start, so the plan's forecast stands until then
  const fvNow = p.forecast === 'ewma' ? ewmaVolNow(ctx) : undefined
  p.ladder.forEach((rung, i) => {
    const r = plan[i]
    if (r === undefined || r.qty === 0) return
    const impliedVol = (ctx.pricing.iv(r.call.id) + ctx.pricing.iv(r.put.id)) / 2
    budget += gammaBudget({ navQuote: ctx.vault.navQuote(), budgetPct: p.cashGammaBudgetPct * rung.budgetPct / 100,
      health: ctx.risk.health(), healthFloor: p.healthFloor, healthFull: p.healthFull, impliedVol,
      forecastVol: fvNow ?? r.forecastVol ?? impliedVol, volScalePower: p.volScalePower }).budgetQuote
  })
  if (held <= budget * (1 + p.rescaleTolerancePct / 100)) return
  const keep = budget / held
  mem.set(CUT_FROM, snapshot)
  for (const x of book) {
    const cut = roundDown(Math.abs(x.qty) * (1 - keep), p.qtyStep)
    if (cut <= 0) continue
    const o = { reason: `gamma budget: cash gamma ${held.toPrecision(4)} over budget ${budget.toPrecision(4)}` }
    if (x.qty > 0) ctx.sell(x.instrument.id, cut, o)
    else ctx.buy(x.instrument.id, cut, o)
  }
}
