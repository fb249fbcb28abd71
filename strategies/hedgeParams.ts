import { z } from '../engine/plugin/index.ts'

/** A strategy's own hedge rule, overriding the config's `hedge:` section (ctx.hedge) when given. Same fields and
 * units as that section: targets and bands per unit of NAV in the vault asset. */
export const hedgeOverrideSchema = z.discriminatedUnion('trigger', [
  z.strictObject({ trigger: z.literal('interval'), targetDelta: z.number().min(-5).max(5),
    intervalHours: z.number().positive().describe('Hours between re-hedges on the UTC clock.') }),
  z.strictObject({ trigger: z.literal('band'), targetDelta: z.number().min(-5).max(5),
    band: z.number().gt(0).lt(1).describe('Half-width of the no-trade band, fraction of NAV delta.') }),
  z.strictObject({ trigger: z.literal('move'), targetDelta: z.number().min(-5).max(5),
    moveFraction: z.number().gt(0).lt(1).describe('Underlying move since the last hedge that triggers one: 0.02 = 2%.') }),
  z.strictObject({ trigger: z.literal('whalley-wilmott'), targetDelta: z.number().min(-5).max(5),
    riskAversion: z.number().positive().describe('Exponential-utility risk aversion, per unit of quote currency.'),
    costFraction: z.number().min(0).max(0.1).describe('Proportional cost of a hedge trade, fraction of notional.') }),
]).optional().describe('Hedge rule for this strategy; absent: the config\'s hedge section applies.')
