import { z } from 'zod'
import { secretString } from '../secret.ts'
import { BUILT_IN_VENUES, ccxtExchangeIds } from './venueNames.ts'
import { didYouMean } from '../didYouMean.ts'
import { chainSchema } from './chainSchema.ts'

const optionFeeSchema = z.strictObject({
  pctOfUnderlying: z.number().min(0).max(100).default(0.03)
    .describe('Option fee in percent of the underlying notional per contract: 0.03 means 0.03%. Default 0.03 (Deribit).'),
  capPctOfPrice: z.number().min(0).max(100).default(12.5)
    .describe('Cap on the option fee in percent of the option price: 12.5 means 12.5%. Default 12.5 (Deribit).'),
}).describe('Option fee rule: min(pctOfUnderlying of the underlying, capPctOfPrice of the option price).')

const feesSchema = z.strictObject({
  makerBps: z.number().min(-100).max(1000).default(0)
    .describe('Maker fee on the hedge instrument in basis points of notional (1 bp = 0.01%); negative is a rebate. Default 0 (Deribit perp).'),
  takerBps: z.number().min(-100).max(1000).default(5)
    .describe('Taker fee on the hedge instrument in basis points of notional. Default 5 (Deribit perp).'),
  option: optionFeeSchema.prefault({}),
}).describe('Trading fees. Defaults follow the Deribit fee schedule.')

const slippageSchema = z.discriminatedUnion('model', [
  z.strictObject({
    model: z.literal('bps').describe('Fixed slippage against the mid price.'),
    bps: z.number().min(0).max(10_000).default(5).describe('Slippage in basis points of price. Default 5.'),
  }),
  z.strictObject({
    model: z.literal('chain-spread').describe('Cross part of the quoted bid-ask spread from data.chain.'),
    fractionOfSpread: z.number().min(0).max(1).default(0.5)
      .describe('Fraction of the half-spread paid beyond mid: 1 fills at the bid or ask. Default 0.5.'),
  }),
]).describe('Slippage model: fixed bps, or a fraction of the quoted chain spread.')

const gasPerTx = z.int().positive().default(150_000).describe('Gas used per transaction, in gas units. Default 150000 (a Uniswap v3 swap).')
const gasSchema = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('none').describe('No gas: off-chain venues.') }),
  z.strictObject({
    model: z.literal('constant').describe('One gas price for every transaction.'),
    gwei: z.number().min(0).describe('Gas price in gwei (1e-9 ETH per gas unit).'),
    gasPerTx,
  }),
  z.strictObject({
    model: z.literal('series').describe('Gas price from the data.gas series at the time of each transaction.'),
    gasPerTx,
  }),
]).describe('Gas cost of on-chain transactions.')

const uniswapRangeSchema = z.strictObject({
  lowerUsd: z.number().positive().describe('Lower bound of the range, USD per unit of the vault asset, at `price`.'),
  upperUsd: z.number().positive().describe('Upper bound of the range, USD per unit of the vault asset, at `price`.'),
  asset: z.number().min(0).default(0).describe('Amount of the vault asset deposited in the range (10 means 10 BTC). Default 0.'),
  usdc: z.number().min(0).default(0).describe('USDC deposited in the range. Default 0.'),
}).superRefine((r, issue) => {
  if (!(r.upperUsd > r.lowerUsd)) issue.addIssue({ code: 'custom', path: ['upperUsd'], message: `must be above lowerUsd (${r.lowerUsd})`, params: { fix: 'swap lowerUsd and upperUsd.' } })
})
  .describe('One liquidity position, as in the cascade pool: the amounts deposited in [lowerUsd, upperUsd] when the price is `price`.')

const uniswapSchema = z.strictObject({
  feeBps: z.union([z.literal(5), z.literal(30), z.literal(100)]).default(30)
    .describe('Pool fee tier in basis points: 5, 30 or 100 (Uniswap v3 0.05%, 0.3%, 1%). Default 30.'),
  price: z.number().positive()
    .describe('USD price of the vault asset at which the ranges below are written. The backtest re-centres the pool on each fill bar\'s price: bounds and USDC scale by bar price / price, asset amounts stay.'),
  ranges: z.array(uniswapRangeSchema).min(1).describe('Liquidity positions of the pool, as in config/examples/cascade.yaml.'),
  gasPerSwap: z.int().positive().default(150_000).describe('Gas used per swap, in gas units, priced with execution.gas. Default 150000.'),
}).describe('Uniswap v3 pool the hedge swaps in when hedge.instrument is uniswap: fills pay the v3 swap math\'s price impact, the pool fee and gas. Absent: uniswap hedges pay fees.takerBps and slippage like any hedge.')

const credentialsSchema = z.strictObject({
  apiKey: secretString('Exchange API key, as ${ENV_VAR}.').optional(),
  secret: secretString('Exchange API secret, as ${ENV_VAR}.').optional(),
  password: secretString('Exchange API passphrase, where the exchange has one, as ${ENV_VAR}.').optional(),
  privateKey: secretString('Wallet private key for on-chain venues, as ${ENV_VAR}.').optional(),
  rpcUrl: secretString('JSON-RPC URL (often carries a key), as ${ENV_VAR}.').optional(),
}).describe('Venue credentials. Every value must come from an environment variable: ${NAME} or ${NAME:-default}.')

/** Where orders go and what they cost: venue, fees, slippage, gas and when a decision fills. */
export const executionSchema = z.strictObject({
  venue: z.string().superRefine((v, issue) => {
    if ((BUILT_IN_VENUES as readonly string[]).includes(v)) return
    const ids = ccxtExchangeIds()
    if (ids.includes(v)) return
    const guess = didYouMean(v, [...BUILT_IN_VENUES, ...ids])
    issue.addIssue({
      code: 'custom',
      message: `must be one of ${BUILT_IN_VENUES.join(' | ')} or a ccxt exchange id`,
      params: { fix: guess ? `did you mean "${guess}"?` : 'see https://docs.ccxt.com for exchange ids, e.g. binance, okx, bybit.' },
    })
  }).default('sim')
    .describe('sim (backtest), paper (live data, simulated fills), deribit, uniswap, or any ccxt exchange id. Default sim.'),
  testnet: z.boolean().default(false).describe('Use the venue\'s testnet or sandbox. Default false.'),
  fillTiming: z.enum(['next-bar', 'same-bar']).default('next-bar')
    .describe('When a decision made on a bar fills: next-bar (at the next bar\'s open, no look-ahead) or same-bar (at this bar\'s close). Default next-bar.'),
  fees: feesSchema.prefault({}),
  slippage: slippageSchema.prefault({ model: 'bps' }),
  gas: gasSchema.prefault({ model: 'none' }),
  uniswap: uniswapSchema.optional(),
  credentials: credentialsSchema.optional(),
  chain: chainSchema.optional(),
}).describe('Execution venue and costs.')
