import { z } from 'zod'
import { secretString } from '../secret.ts'

const address = (what: string) => z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x address of 40 hex digits (copy it from the deployment, or from `optvault sandbox`)')
  .describe(what)

const tokenSchema = z.strictObject({
  address: address('ERC20 contract address.'),
  symbol: z.string().min(1).describe('Token symbol, e.g. WBTC or USDC.'),
  decimals: z.int().min(0).max(36).describe('Decimals of the token\'s base unit: 8 for WBTC, 6 for USDC.'),
}).describe('An ERC20 token.')

const oracleSchema = z.strictObject({
  chainlinkFeed: address('Chainlink AggregatorV3 feed of the vault asset in USD (mainnet BTC/USD: 0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c).'),
  heartbeatSec: z.int().positive().default(3600)
    .describe('Oldest accepted Chainlink round, in seconds: the feed\'s heartbeat plus some grace. Default 3600 (BTC/USD).'),
  minPrice: z.number().positive().default(1000).describe('Lowest believable answer, USD per unit of the vault asset. Default 1000.'),
  maxPrice: z.number().positive().default(10_000_000).describe('Highest believable answer, USD per unit of the vault asset. Default 10000000.'),
  twapWindowSec: z.int().positive().max(86_400).default(1800)
    .describe('Averaging window of the pool TWAP checked against Chainlink, seconds. Default 1800. 0 is not allowed: a spot pool price is what an attacker moves.'),
  maxDeviationBps: z.number().positive().max(10_000).default(100)
    .describe('Largest accepted disagreement between Chainlink, the pool TWAP and the exchange index, in basis points. Default 100.'),
}).describe('On-chain oracle guard of every live step: Chainlink staleness and bounds, and deviation between Chainlink, the Uniswap TWAP and the exchange index.')

/** The on-chain side of a live run: where hedges swap when hedge.instrument is uniswap, and the oracles that guard
 * every step. Distinct from execution.uniswap, which models a pool for backtests. */
export const chainSchema = z.strictObject({
  rpcUrl: secretString('JSON-RPC URL of the chain (often carries a key), as ${ENV_VAR}.'),
  privateKey: secretString('Wallet private key that signs the swaps, as ${ENV_VAR}; or leave it out and set OPTVAULT_KEYSTORE (+ _PASSWORD).').optional(),
  chainId: z.int().positive().describe('Chain id the RPC must serve: 1 for Ethereum mainnet, 31337 for the sandbox.'),
  router: address('Uniswap v3 SwapRouter address.'),
  quoterV2: address('Uniswap v3 QuoterV2 address.'),
  pool: address('The base/quote Uniswap v3 pool the hedge swaps in (its TWAP is an oracle source).'),
  poolFee: z.union([z.literal(500), z.literal(3000), z.literal(10_000)]).default(3000)
    .describe('Fee tier of the pool in hundredths of a bip: 500, 3000 or 10000. Default 3000 (0.3%).'),
  tokens: z.strictObject({
    base: tokenSchema.describe('The token standing for the vault asset, e.g. WBTC for BTC.'),
    quote: tokenSchema.describe('The USD stablecoin it is swapped against, e.g. USDC.'),
  }).describe('The pool\'s two tokens.'),
  maxSlippageBps: z.number().min(0).max(10_000).optional()
    .describe('Worst swap price accepted, in bps from the oracle price, pool fee included: sets amountOutMinimum / amountInMaximum. Default risk.maxSlippageBps.'),
  confirmations: z.int().positive().default(1).describe('Blocks to wait for, counting the one with the swap. Default 1.'),
  deadlineSec: z.int().positive().default(120).describe('Seconds after signing until the router refuses the swap. Default 120.'),
  oracle: oracleSchema.optional(),
}).describe('On-chain execution for optvault live: Uniswap v3 hedge swaps (hedge.instrument: uniswap) and the on-chain oracle guard.')
