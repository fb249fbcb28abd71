/** A minimal covered call written against the plugin API only, for backtester tests until (and independently of)
 * the built-in strategies: each epoch sell calls at a target delta on the vault's free collateral. */
import { defineStrategy, z } from '../../../engine/plugin/index.ts'

export const tinyCoveredCall = defineStrategy({
  name: 'tiny-covered-call',
  apiVersion: 1,
  params: z.object({
    targetDelta: z.number().min(0.01).max(0.99).default(0.25),
    minDaysToExpiry: z.number().min(0).default(0),
    sizePctOfNav: z.number().min(0).max(100).default(100),
  }),
  onEpochStart(ctx, p) {
    const expiryMs = ctx.vault.epoch.endMs
    if (expiryMs - ctx.now < p.minDaysToExpiry * 86_400_000) return
    const call = ctx.chain.nearestByDelta({ kind: 'call', delta: p.targetDelta, expiryMs })
    const qty = ctx.vault.freeCollateral() * p.sizePctOfNav / 100
    if (qty > 0) ctx.sell(call.id, qty, { reason: `epoch ${ctx.vault.epoch.index} call` })
  },
})
export default tinyCoveredCall
