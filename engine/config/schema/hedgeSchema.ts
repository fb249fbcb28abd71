import { z } from 'zod'

const base = {
  instrument: z.enum(['perp', 'spot', 'uniswap']).default('perp')
    .describe('What the hedge trades: perp (inverse or linear perpetual), spot, or a Uniswap v3 pool. Default perp.'),
  targetDelta: z.number().min(-5).max(5).default(0)
    .describe('Target portfolio delta per unit of NAV, in the vault asset: 1 keeps the vault as long as holding its NAV in the asset, 0 is delta-neutral. Default 0.'),
}

/** Delta hedging: the instrument, the target, and what triggers a re-hedge. The trigger's parameters sit
 * next to it (`trigger: band` then `band: 0.05`). */
export const hedgeSchema = z.discriminatedUnion('trigger', [
  z.strictObject({
    trigger: z.literal('interval').describe('Re-hedge on a fixed clock.'),
    ...base,
    intervalHours: z.number().positive().default(1).describe('Hours between re-hedges. Default 1.'),
  }),
  z.strictObject({
    trigger: z.literal('band').describe('Re-hedge when delta drifts out of a band around the target.'),
    ...base,
    band: z.number().gt(0).lt(1, { error: 'must be a fraction between 0 and 1' })
      .describe('Half-width of the no-trade band, as a fraction of NAV delta: 0.05 re-hedges when |delta - target| > 5% of NAV.'),
  }),
  z.strictObject({
    trigger: z.literal('move').describe('Re-hedge when the underlying moves since the last hedge.'),
    ...base,
    moveFraction: z.number().gt(0).lt(1, { error: 'must be a fraction between 0 and 1' })
      .describe('Price move that triggers a re-hedge, as a fraction: 0.02 re-hedges after a 2% move.'),
  }),
  z.strictObject({
    trigger: z.literal('whalley-wilmott').describe('Whalley-Wilmott (1997) optimal band: half-width (3/2 e^{-r(T-t)} lambda S Gamma^2 / riskAversion)^{1/3}.'),
    ...base,
    riskAversion: z.number().positive().default(1).describe('Risk aversion gamma of the Whalley-Wilmott band. Default 1.'),
    costFraction: z.number().min(0).max(0.1).optional()
      .describe('Proportional cost lambda as a fraction of notional. Default: the taker fee plus slippage from execution.'),
  }),
]).describe('Delta hedging. Absent: the vault does not hedge.')
