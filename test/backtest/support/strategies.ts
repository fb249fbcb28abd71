/** Small strategies written against the plugin API, for backtester tests. */
import { defineStrategy, z } from '../../../engine/plugin/index.ts'

/** Sells calls at a delta each epoch, expiring at the epoch end, and keeps delta within a band of a target. */
export const hedgedCall = defineStrategy({
  name: 'hedged-call',
  apiVersion: 1,
  params: z.object({ targetDelta: z.number().default(0.3), hedgeTarget: z.number().default(1), band: z.number().default(0.05), hedge: z.boolean().default(true) }),
  onEpochStart(ctx, p) {
    const call = ctx.chain.nearestByDelta({ kind: 'call', delta: p.targetDelta, expiryMs: ctx.vault.epoch.endMs })
    const qty = ctx.vault.freeCollateral()
    if (qty > 0) ctx.sell(call.id, qty, { reason: 'epoch call' })
  },
  onBar(ctx, p) {
    if (!p.hedge) return
    const nav = ctx.vault.navAsset()
    if (Math.abs(ctx.portfolio.delta() - p.hedgeTarget * nav) > p.band * nav) ctx.hedgeDeltaTo(p.hedgeTarget, { reason: 'band' })
  },
})

/** Derman-Kamal experiment: short one ATM call per epoch (expiring at the epoch end), delta-hedged to zero at the
 * sale and then every `everyBars` bars; the hedge and the sale go out together so the book is never unhedged. */
export const dermanKamal = defineStrategy({
  name: 'derman-kamal',
  apiVersion: 1,
  params: z.object({ everyBars: z.number().int().positive() }),
  onEpochStart(ctx) {
    const call = ctx.chain.nearestByStrike({ kind: 'call', strike: ctx.market.spot(), expiryMs: ctx.vault.epoch.endMs })
    ctx.sell(call.id, 1, { reason: 'atm call' })
    // Net delta after the sale must be 0: hold the call's delta in perps, whatever the last epoch left.
    const d = ctx.pricing.greeks(call.id).delta - ctx.portfolio.delta()
    if (d > 0) ctx.buy('BTC-PERPETUAL', d, { reason: 'initial hedge' })
    else if (d < 0) ctx.sell('BTC-PERPETUAL', -d, { reason: 'initial hedge' })
  },
  onBar(ctx, p) {
    // On the epoch's first bar the sale is still queued: the initial hedge already covers it.
    if (ctx.now === ctx.vault.epoch.startMs) return
    if (ctx.market.seen % p.everyBars === 0) ctx.hedgeDeltaTo(0, { reason: 'rehedge' })
  },
})
