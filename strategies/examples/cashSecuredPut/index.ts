// A cash-secured put seller, written the way a user writes a plugin: one file, one import.
// Each epoch it sells puts below the market, as many as the vault's free collateral secures, and skips the
// epoch when the premium is too thin to be worth the risk. It never hedges: holding the asset at the strike,
// if assigned, is the point of the strategy.
import { defineStrategy, z } from 'optvault'

export default defineStrategy({
  name: 'cash-secured-put',
  apiVersion: 1,
  description: 'Sell a put near a target delta each epoch, secured by stablecoin collateral.',
  params: z.object({
    targetDelta: z.number().min(0.01).max(0.5).default(0.2)
      .describe('Absolute put delta to sell: 0.2 sells the listed put nearest -0.20 delta.'),
    minDaysToExpiry: z.number().min(0).default(5)
      .describe('Sell the nearest listed expiry at least this many days out.'),
    minPremium: z.number().min(0).default(0.002)
      .describe('Skip the epoch when the bid, as a fraction of spot, is below this (0.002 = 0.2%).'),
  }),

  onEpochStart(ctx, p) {
    const qty = Math.floor(ctx.vault.freeCollateral() * 10) / 10 // Deribit trades BTC options in 0.1 steps
    if (qty <= 0) return
    const expiryMs = ctx.chain.nearestExpiry({ minDays: p.minDaysToExpiry })
    const put = ctx.chain.nearestByDelta({ kind: 'put', delta: p.targetDelta, expiryMs })
    const q = ctx.chain.quote(put.id)
    const premium = q.bid / q.underlyingPrice // quotes are in USD per option, coin-margined ones too
    if (!(premium >= p.minPremium)) {
      ctx.log('premium too thin, skipping this epoch', { put: put.id, premium })
      return
    }
    ctx.sell(put.id, qty, { reason: `epoch ${ctx.vault.epoch.index}: sell ${put.id}` })
  },
})
