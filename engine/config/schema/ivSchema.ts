import { z } from 'zod'

const sellSpreadVol = z.number().min(0).max(1).default(0)
  .describe('Vol haircut when selling, as a fraction: 0.02 sells 2 vol points below the model IV. Default 0.')

/** Where implied volatility for pricing comes from. All vols are annualised fractions (0.65 = 65 vol points). */
export const ivSchema = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.literal('chain').describe('Quoted option chain (data.chain): each option at its own mark IV.'),
    sellSpreadVol,
  }),
  z.strictObject({
    source: z.literal('index').describe('Vol index series (data.vol, e.g. DVOL) adjusted for tenor and strike.'),
    indexTenorDays: z.number().positive().default(30)
      .describe('Tenor the index measures, in days. DVOL is a 30-day index. Default 30.'),
    termSlopePerYear: z.number().default(0)
      .describe('Vol added per year of tenor beyond indexTenorDays, as a fraction: -0.1 lowers a 1-year-longer tenor by 10 vol points. Default 0 (flat term structure).'),
    skewSlope: z.number().default(0)
      .describe('Vol added per unit of log-moneyness ln(K/F), as a fraction: -0.2 gives a 10% OTM call (ln 1.1 = 0.095) 1.9 vol points less. Default 0 (no skew).'),
    sellSpreadVol,
  }),
  z.strictObject({
    source: z.literal('realized').describe('Realized vol of data.bars, scaled by a multiplier.'),
    windowDays: z.number().positive().default(30).describe('Look-back window of realized vol, in days. Default 30.'),
    multiplier: z.number().positive().default(1)
      .describe('IV = multiplier x realized vol: 1.1 prices options at 10% over realized. Default 1.'),
    sellSpreadVol,
  }),
  z.strictObject({
    source: z.literal('constant').describe('One vol for every option and every bar.'),
    value: z.number().positive().max(10, { error: 'must be an annualised vol as a fraction, at most 10' })
      .describe('Annualised vol as a fraction: 0.6 means 60 vol points.'),
    sellSpreadVol,
  }),
]).describe('Implied volatility used to price options in backtests: chain, index, realized or constant.')
