import { z } from '../../engine/plugin/index.ts'
import { hedgeOverrideSchema } from '../hedgeParams.ts'

const rung = z.strictObject({
  daysToExpiry: z.number().min(0).max(400)
    .describe('This rung holds the nearest listed expiry at least this many days out.'),
  budgetPct: z.number().gt(0).max(100)
    .describe('Share of the cash-gamma budget this rung gets, in percent.'),
})

/** Parameters of the gamma-scaling vault (config `strategy.params`).
 *
 * Cash gamma, the budget's unit: for a position of q units of an option with gamma G (units per quote currency),
 * |q| * 0.5 * G * S^2 * 0.01^2 is the value it gains through gamma when the underlying moves 1% either way, in quote
 * currency (optionGreeks.ts cashGammaPerPct). The book's cash gamma is the sum of that over option positions (gross:
 * a short rung never offsets a long one), and the budget caps it at `cashGammaBudgetPct` percent of NAV. */
export const gammaScalingParams = z.strictObject({
  cashGammaBudgetPct: z.number().gt(0).max(10).default(0.01)
    .describe('Cash gamma the book may hold, in percent of NAV per 1% move: 0.01 means the book gains (long) or loses (short) 0.01% of NAV through gamma on a 1% move, before the health and vol scaling. Default 0.01.'),
  forecast: z.enum(['ewma', 'garch']).default('ewma')
    .describe('Realised-vol forecast that implied vol is compared with: EWMA (RiskMetrics) or GARCH(1,1) over the option\'s life. Default ewma.'),
  ewmaLambdaDaily: z.number().gt(0).lt(1).default(0.94)
    .describe('EWMA decay per day (RiskMetrics daily 0.94); turned into a per-bar decay for intraday bars. Default 0.94.'),
  lookbackDays: z.number().min(3).max(3650).default(60)
    .describe('Days of past bars the forecast uses. Default 60.'),
  ivVsForecastThreshold: z.number().gt(0).max(1).default(0.9)
    .describe('Long gamma when IV < threshold x forecast, short when IV > forecast / threshold, flat in between. Default 0.9.'),
  allowShort: z.boolean().default(true).describe('Allow short gamma when implied is rich. Default true.'),
  healthFloor: z.number().min(1).default(1.2)
    .describe('Margin health factor at or below which the budget is zero. Default 1.2.'),
  healthFull: z.number().min(1).default(2)
    .describe('Health factor at or above which the whole budget applies; linear in between. Default 2.'),
  volScalePower: z.number().min(0).default(1)
    .describe('Budget x min(1, (IV / forecast)^power): shrinks as forecast vol rises above implied. 0 turns it off. Default 1.'),
  ladder: z.array(rung).min(1).default([{ daysToExpiry: 7, budgetPct: 100 }])
    .refine((l) => l.reduce((s, r) => s + r.budgetPct, 0) <= 100 + 1e-9, { error: 'budgetPct of the rungs must add up to at most 100' })
    .describe('Expiries held and each one\'s share of the budget. Default one weekly rung with the whole budget.'),
  qtyStep: z.number().min(0).default(0.1)
    .describe('Order size step, units of the underlying; sizes round down to it. Default 0.1 (Deribit BTC).'),
  budgetCheckHours: z.number().positive().default(1)
    .describe('Between epochs, compare the book with the budget once per this many hours (UTC clock), not on every bar: a forecast over weeks of bars is too slow to redo each minute, and health moves slower than that. Default 1.'),
  rescaleTolerancePct: z.number().min(0).default(20)
    .describe('Between epochs, scale positions down once their cash gamma exceeds the (shrunk) budget by more than this percent. Default 20.'),
  minHedgeBand: z.number().min(0).lt(1).default(0.01)
    .describe('Floor under the hedge band, fraction of NAV delta: the Whalley-Wilmott band is zero for a book without gamma, and chasing an inverse perp\'s drifting coin delta every bar only pays fees. Default 0.01.'),
  hedge: hedgeOverrideSchema,
}).refine((p) => p.healthFull > p.healthFloor, { error: 'healthFull must be greater than healthFloor', path: ['healthFull'] })

export type GammaScalingParams = z.output<typeof gammaScalingParams>
