import { OracleInputError } from './oracleErrors.ts'
import type { OraclePrice } from './oraclePrice.ts'

/** A swap of the base asset against the quote, with the oracle price (quote per base) it is bounded by.
 * @example const x: SwapBoundInput = { baseRaw: 50_000_000n, baseDecimals: 8, quoteDecimals: 6, maxSlippageBps: 100, price } */
export interface SwapBoundInput {
  /** Base token amount in its base units (satoshi-like: 1 WBTC = 1e8). */
  readonly baseRaw: bigint
  readonly baseDecimals: number
  readonly quoteDecimals: number
  readonly price: OraclePrice
  /** Worst acceptable distance from the oracle price, in bps (50 = 0.5%). Must cover the pool fee too. */
  readonly maxSlippageBps: number
}

function checkInput(x: SwapBoundInput): void {
  if (x.baseRaw <= 0n) throw new OracleInputError('baseRaw', `must be positive, got ${x.baseRaw}`)
  if (!Number.isInteger(x.maxSlippageBps) || x.maxSlippageBps < 0 || x.maxSlippageBps >= 10_000) {
    throw new OracleInputError('maxSlippageBps', `must be an integer from 0 to 9999, got ${x.maxSlippageBps}`)
  }
  if (x.price.answer <= 0n) throw new OracleInputError('price.answer', `must be positive, got ${x.price.answer}`)
}

/** Least quote (in its base units) a sale of `baseRaw` may return: oracle value times (1 - slippage), rounded down.
 * Bounding by the oracle rather than by a pool quote is the point: a quote from a pool someone has just pushed
 * would bless the manipulated price.
 * @example
 * // 0.5 WBTC at 60000 USD (Chainlink, 8 decimals), 1% slippage -> 29_700 USDC = 29_700_000_000 base units
 * minQuoteOut({ baseRaw: 50_000_000n, baseDecimals: 8, quoteDecimals: 6, maxSlippageBps: 100,
 *   price: { answer: 6_000_000_000_000n, decimals: 8, source: 'chainlink', updatedAtMs: 0 } }) // 29_700_000_000n */
export function minQuoteOut(x: SwapBoundInput): bigint {
  checkInput(x)
  const num = x.baseRaw * x.price.answer * BigInt(10_000 - x.maxSlippageBps) * 10n ** BigInt(x.quoteDecimals)
  const den = 10n ** BigInt(x.baseDecimals + x.price.decimals) * 10_000n
  return num / den
}

/** Most quote (in its base units) a purchase of exactly `baseRaw` may cost: oracle value times (1 + slippage),
 * rounded up.
 * @example
 * maxQuoteIn({ baseRaw: 50_000_000n, baseDecimals: 8, quoteDecimals: 6, maxSlippageBps: 100,
 *   price: { answer: 6_000_000_000_000n, decimals: 8, source: 'chainlink', updatedAtMs: 0 } }) // 30_300_000_000n */
export function maxQuoteIn(x: SwapBoundInput): bigint {
  checkInput(x)
  const num = x.baseRaw * x.price.answer * BigInt(10_000 + x.maxSlippageBps) * 10n ** BigInt(x.quoteDecimals)
  const den = 10n ** BigInt(x.baseDecimals + x.price.decimals) * 10_000n
  return (num + den - 1n) / den
}
