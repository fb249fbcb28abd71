/** Delta-hedged covered call (a Ribbon-style theta vault plus a hedge). Each epoch it sells calls on a share of
 * NAV at the nearest listed expiry at least `minDaysToExpiry` out, strike by delta or % OTM; skips the epoch when
 * the premium is below `minPremium`; rolls early when the short call's delta passes `rollDelta`; and keeps net
 * delta at the hedge target (config `hedge:`, or params.hedge) on each bar. */
import {
  defineStrategy, GREEK_COUNT, GREEK_SLOT, optionGreeksInto, yearFraction, type OptionInstrument, type StrategyContext,
} from '../../engine/plugin/index.ts'
import { hedgeIfNeeded } from '../hedgeIfNeeded.ts'
import { optionPositions } from '../optionPositions.ts'
import { runState } from '../runState.ts'
import { callPremium } from './callPremium.ts'
import { callQty } from './callQty.ts'
import { chooseCall } from './chooseCall.ts'
import { coveredCallParams, type CoveredCallParams } from './coveredCallParams.ts'

/** Run-state key: ids of the calls already rolled (bought back), so a buy-back not yet filled is not sent again. */
const ROLLED = 'coveredCall.rolled'

export default defineStrategy({
  name: 'covered-call',
  apiVersion: 1,
  description: 'Sell calls on the vault asset each epoch (by delta or % OTM), hedge net delta to a target.',
  params: coveredCallParams,
  onEpochStart(ctx, p) {
    const qty = callQty({ navAsset: ctx.vault.navAsset(), freeCollateral: ctx.vault.freeCollateral(),
      sizePctOfNav: p.sizePctOfNav, qtyStep: p.qtyStep })
    if (qty <= 0) { ctx.log('covered-call: no free collateral, nothing to sell'); return }
    if (p.expiryWithinEpoch) {
      const expiryMs = ctx.chain.nearestExpiry({ minDays: p.minDaysToExpiry })
      if (expiryMs > ctx.vault.epoch.endMs) {
        // a stub epoch (e.g. data starting mid-week) shorter than minDaysToExpiry: selling now would carry the call
        // past the roll and break the per-epoch payoff accounting, so wait for the first full epoch
        ctx.log('covered-call: no listed expiry within this epoch, skipping', { expiryMs, epochEndMs: ctx.vault.epoch.endMs })
        return
      }
    }
    sellCall(ctx, p, qty, 'epoch')
  },
  onBar(ctx, p) {
    if (p.rollDelta !== undefined) rollEarly(ctx, p, p.rollDelta)
    hedgeIfNeeded(ctx, p.hedge ?? ctx.hedge)
  },
})

/** Sells `qty` of the chosen call unless its premium is under the minimum. Returns the call sold, if any. */
export function sellCall(ctx: StrategyContext, p: CoveredCallParams, qty: number, why: string): OptionInstrument | undefined {
  const call = chooseCall(ctx.chain, ctx.market.spot(), p)
  const q = ctx.chain.quote(call.id)
  const premium = callPremium(q, p.premiumSource, ctx.pricing.greeks(call.id).vega, p.modelSpreadVol)
  if (premium < p.minPremium) {
    ctx.log('covered-call: premium below minimum, skipping', { instrument: call.id, premium, minPremium: p.minPremium, why })
    return undefined
  }
  ctx.sell(call.id, qty, { reason: `${why}: sell ${call.id}, premium ${premium.toPrecision(4)} of spot` })
  return call
}

/** Buys back every short call whose delta is above `rollDelta` and sells the call the rules pick now. Each call
 * is rolled once: the buy-back fills on a later bar, and until then the position still shows as short. */
function rollEarly(ctx: StrategyContext, p: CoveredCallParams, rollDelta: number): void {
  const mem = runState(ctx)
  let rolled = mem.get(ROLLED) as Set<string> | undefined
  for (const { instrument: inst, qty } of optionPositions(ctx)) {
    if (qty >= 0 || inst.kind !== 'call' || rolled?.has(inst.id) === true) continue
    const delta = callDelta(ctx, inst)
    if (delta <= rollDelta) continue
    if (rolled === undefined) { rolled = new Set(); mem.set(ROLLED, rolled) }
    rolled.add(inst.id)
    ctx.buy(inst.id, -qty, { reason: `roll: delta ${delta.toFixed(3)} > ${rollDelta}` })
    sellCall(ctx, p, -qty, 'roll')
  }
}

const scratch = new Float64Array(GREEK_COUNT) // reused: the roll check runs on every bar

/** BSM delta of a call at the configured vol, as ctx.pricing.greeks gives it (rate 0), without allocating a Greeks
 * object on every bar. */
function callDelta(ctx: StrategyContext, inst: OptionInstrument): number {
  optionGreeksInto(scratch, 'bsm', true, ctx.market.spot(), inst.strike, Math.max(0, yearFraction(ctx.now, inst.expiryMs)),
    ctx.pricing.iv(inst.id), 0, 0)
  return scratch[GREEK_SLOT.delta] as number
}
