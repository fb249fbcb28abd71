import { z } from '../../engine/plugin/index.ts'
import { hedgeOverrideSchema } from '../hedgeParams.ts'

/** Parameters of the delta-hedged covered call (config `strategy.params`). Units are in the names or described. */
export const coveredCallParams = z.strictObject({
  strikeRule: z.enum(['delta', 'otm-pct']).default('delta')
    .describe('Pick the strike by target delta or by percent out of the money. Default delta.'),
  targetDelta: z.number().min(0.01).max(0.5).default(0.2)
    .describe('Call delta to sell (0.10 to 0.30 is usual): the listed strike whose delta is nearest. Default 0.2.'),
  otmPct: z.number().min(0).max(200).default(10)
    .describe('With strikeRule otm-pct: strike at spot * (1 + otmPct / 100), snapped to the listed grid. Default 10.'),
  snap: z.enum(['outward', 'nearest']).default('outward')
    .describe('otm-pct snapping: outward = lowest listed strike at or above the target (never nearer the money than asked), nearest = closest listed strike. Default outward.'),
  minDaysToExpiry: z.number().min(0).max(400).default(5)
    .describe('Sell the nearest listed expiry at least this many days out (fractions allowed). Default 5: an epoch starting Friday 08:00 sells the next Friday.'),
  expiryWithinEpoch: z.boolean().default(true)
    .describe('Only sell at epoch start when the chosen expiry falls at or before the epoch end, so every epoch settles its own calls (Ribbon-style); a short first epoch is skipped instead of carrying a call over the roll. Default true.'),
  sizePctOfNav: z.number().gt(0).max(100).default(100)
    .describe('Percent of NAV (in the vault asset) covered by short calls, capped by free collateral. Default 100.'),
  qtyStep: z.number().min(0).default(0.1)
    .describe('Order size step in units of the underlying (Deribit BTC options: 0.1); sizes round down to it. 0: no rounding.'),
  minPremium: z.number().min(0).default(0)
    .describe('Skip the epoch when the premium per unit of underlying, as a fraction of the underlying price, is below this (0.0005 = 0.05%: for a coin-margined option, its price in coins). Default 0.'),
  premiumSource: z.enum(['auto', 'bid', 'model']).default('auto')
    .describe('Premium the skip rule uses: the chain bid, the model (mark at the configured vol minus modelSpreadVol), or auto: the bid when there is one, else the model. Default auto.'),
  modelSpreadVol: z.number().min(0).max(1).default(0)
    .describe('Vol (a fraction: 0.01 = 1 vol point) taken off the model vol when the premium comes from the model. Default 0.'),
  rollDelta: z.number().gt(0).lt(1).optional()
    .describe('Early roll: buy back the short call and sell a new one once its delta passes this (e.g. 0.6). Absent: hold to expiry.'),
  hedge: hedgeOverrideSchema,
})

export type CoveredCallParams = z.output<typeof coveredCallParams>
