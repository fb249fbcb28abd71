import { z } from 'zod'

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const

const symbol = /^[A-Z][A-Z0-9]{1,9}$/

const feesSchema = z.strictObject({
  managementFeePct: z.number().min(0).max(100).default(0)
    .describe('Management fee in percent of NAV per year, accrued every epoch: 2 means 2% a year. Default 0.'),
  performanceFeePct: z.number().min(0).max(100).default(0)
    .describe('Performance fee in percent of the epoch\'s profit: 10 means 10%. Default 0.'),
  highWaterMark: z.boolean().default(true)
    .describe('Charge the performance fee only on NAV per share above its previous high. Default true.'),
  feeRecipient: z.string().min(1).optional()
    .describe('Who receives fees: an account name or a 0x address. Bookkeeping only in backtests.'),
  paidIn: z.enum(['shares', 'assets']).default('shares')
    .describe('Pay fees by minting vault shares (no asset leaves the vault) or in the vault asset. Default shares.'),
}).describe('Vault fees.')

const epochSchema = z.strictObject({
  every: z.enum(['daily', 'weekly', 'monthly']).default('weekly')
    .describe('Epoch length. Monthly epochs end on the last `weekday` of the month, like Deribit monthly expiries. Default weekly.'),
  weekday: z.enum(WEEKDAYS).default('friday')
    .describe('Day (UTC) a weekly or monthly epoch ends. Default friday, the day Deribit weeklies expire.'),
  hourUtc: z.int().min(0).max(23).default(8)
    .describe('Hour (UTC, 0-23) an epoch ends. Default 8: Deribit options expire at 08:00 UTC.'),
}).describe('When epochs roll: deposits and withdrawals settle, fees accrue and the strategy opens new options.')

/** The vault: what it holds, what it is worth at the start, its fees and its epoch calendar.
 * Amounts are in units of `asset` (BTC for a BTC vault), never in USD. */
export const vaultSchema = z.strictObject({
  asset: z.string().regex(symbol, { error: 'must be an upper-case asset symbol such as BTC or ETH' })
    .describe('Underlying asset symbol of the vault, e.g. BTC. NAV and limits are counted in it.'),
  collateral: z.string().regex(/^(underlying|[A-Z][A-Z0-9]{1,9})$/, { error: 'must be "underlying" or an upper-case symbol such as USDC' })
    .default('underlying')
    .describe('What backs written options: "underlying" (coin-margined, covered calls) or a stablecoin symbol such as USDC (cash-secured puts). Default underlying.'),
  initialNav: z.number().positive()
    .describe('Net asset value at the start, in units of `asset`: 10 means 10 BTC for a BTC vault.'),
  fees: feesSchema.prefault({}),
  epoch: epochSchema.prefault({}),
  maxTvl: z.number().positive().optional()
    .describe('Deposit cap: total value locked, in units of `asset`. No cap when absent.'),
  minDeposit: z.number().min(0).default(0)
    .describe('Smallest deposit accepted, in units of `asset`. Default 0.'),
}).describe('The vault: asset, size, fees and epoch calendar.')
