import { z } from 'zod'

/** Pre-trade limits the runtime enforces on every order; an order over a limit is refused, not resized. */
export const riskSchema = z.strictObject({
  maxNotionalPerOrder: z.number().positive().optional()
    .describe('Largest order notional, in units of the vault asset. No limit when absent.'),
  maxNotionalPerDay: z.number().positive().optional()
    .describe('Largest total order notional per UTC day, in units of the vault asset. No limit when absent.'),
  maxSlippageBps: z.number().min(0).max(10_000).default(50)
    .describe('Refuse a fill more than this many basis points from mid. Default 50.'),
  minHealth: z.number().min(1).default(1.2)
    .describe('Smallest margin health allowed, equity / maintenance margin: 1.2 stops new risk when equity is within 20% of maintenance. Default 1.2.'),
  maxDailyLossPct: z.number().gt(0).max(100).optional()
    .describe('Stop trading for the day after losing this percent of start-of-day NAV: 5 means 5%. No limit when absent.'),
  oracleMaxStalenessSec: z.int().positive().default(300)
    .describe('Refuse to trade on an oracle price older than this many seconds. Default 300.'),
  oracleMaxDeviationBps: z.number().positive().default(100)
    .describe('Refuse to trade when the oracle and the venue price differ by more than this many basis points. Default 100.'),
}).describe('Risk limits checked before every order.')
