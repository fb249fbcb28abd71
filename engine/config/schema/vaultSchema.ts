import { z } from 'zod'
import { isoUtc, isoUtcToMs } from './isoUtc.ts'

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

/** The account that holds the shares minted for vault.initialNav; flows can name it to withdraw them. */
export const INITIAL_ACCOUNT = 'initial'

const flowSchema = z.strictObject({
  at: isoUtc('When the request reaches the vault, ISO 8601 UTC. Deposits are minted at the next epoch roll; withdrawals are paid when the epoch ends.'),
  account: z.string().min(1).describe(`Depositor id, e.g. alice. "${INITIAL_ACCOUNT}" holds the shares of vault.initialNav.`),
  deposit: z.number().positive().optional().describe('Deposit in units of vault.asset: 2 means 2 BTC for a BTC vault (a USDC-collateral vault takes it at the price of the bar it arrives on).'),
  withdrawShares: z.number().positive().optional().describe('Withdraw this many vault shares (shares start at one per unit of initial NAV). Capped at the shares the account holds.'),
  withdrawAll: z.literal(true).optional().describe('Withdraw every share the account holds, and cancel its deposits still queued.'),
}).superRefine((f, issue) => {
  const given = (['deposit', 'withdrawShares', 'withdrawAll'] as const).filter((k) => f[k] !== undefined)
  if (given.length !== 1) {
    // the "nothing asked" error points at the account: a path to the flow itself would land on the `flows:` key
    issue.addIssue({ code: 'custom', path: [given.length > 1 ? given[1] as string : 'account'],
      message: given.length > 1 ? `cannot be given with ${given[0]} in one flow` : `"${f.account}" asks for nothing: a flow needs one of deposit, withdrawShares or withdrawAll`,
      params: { omitFound: given.length === 0, fix: 'write one flow per request: { at, account, deposit: 2 }, { at, account, withdrawShares: 1.5 } or { at, account, withdrawAll: true }.' } })
  }
}).describe('One deposit or withdrawal request.')

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
  flows: z.array(flowSchema).default([])
    .describe('Deposits and withdrawals the backtest replays, in any order: { at, account, deposit } or { at, account, withdrawShares | withdrawAll: true }. Default none.'),
}).superRefine((v, issue) => {
  // An account can only withdraw what it could hold by then: the initial depositor, or one that deposited earlier.
  const firstDeposit = new Map<string, number>([[INITIAL_ACCOUNT, -Infinity]])
  v.flows.forEach((f, i) => {
    if (f.deposit === undefined) return
    if (f.deposit > 0 && f.deposit < v.minDeposit) {
      issue.addIssue({ code: 'custom', path: ['flows', i, 'deposit'], message: `is below vault.minDeposit (${v.minDeposit})`, params: { fix: `deposit at least ${v.minDeposit}, or lower vault.minDeposit.` } })
    }
    const t = isoUtcToMs(f.at)
    if (!(t >= (firstDeposit.get(f.account) ?? Infinity))) firstDeposit.set(f.account, t)
  })
  v.flows.forEach((f, i) => {
    if (f.deposit !== undefined) return
    const first = firstDeposit.get(f.account)
    if (first === undefined || isoUtcToMs(f.at) < first) {
      issue.addIssue({ code: 'custom', path: ['flows', i, 'account'], message: `"${f.account}" withdraws at ${f.at} but has no deposit before then`,
        params: { omitFound: true, fix: `add a deposit for ${f.account} before ${f.at}, or name "${INITIAL_ACCOUNT}" (the initial NAV's shares).` } })
    }
  })
}).describe('The vault: asset, size, fees and epoch calendar.')
