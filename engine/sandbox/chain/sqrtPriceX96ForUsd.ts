import { parseUnits } from 'ethers'
import { encodeSqrtRatioX96, TickMath } from '../../domain/uniswapSdk.ts'
import { OptvaultError } from '../../errors/base.ts'

/** How a base/quote pair (WBTC/USDC) sits in a Uniswap v3 pool: which one is token0, and each token's decimals. */
export interface PoolPair {
  /** Uniswap orders a pool's tokens by address; true when the base token (WBTC) has the lower one. */
  readonly baseIsToken0: boolean
  /** Decimals of the base token's smallest unit: 8 for WBTC. */
  readonly baseDecimals: number
  /** Decimals of the quote token's smallest unit: 6 for USDC. */
  readonly quoteDecimals: number
}

/** The pool's sqrtPriceX96 at which one whole base token (1 WBTC) is worth `priceUsd` quote tokens (USDC): sqrt of
 * token1 per token0 in base units, Q64.96, computed by the v3-sdk in integers (floored like the SDK). `priceUsd` is
 * rounded to the quote token's base unit first (1e-6 USD for USDC). Throws OptvaultError when the price is not a
 * positive finite number or lies outside the prices a v3 pool can hold (ticks -887272..887272).
 * @example sqrtPriceX96ForUsd(60_000, { baseIsToken0: true, baseDecimals: 8, quoteDecimals: 6 })
 * // sqrt(60000e6 / 1e8) * 2^96, floored: 1940685714182491852533977682922n */
export function sqrtPriceX96ForUsd(priceUsd: number, pair: PoolPair): bigint {
  if (!(Number.isFinite(priceUsd) && priceUsd > 0 && priceUsd < 1e15)) {
    throw new OptvaultError(`pool price must be a positive number of USD below 1e15, got ${priceUsd}.`)
  }
  const quoteRaw = parseUnits(priceUsd.toFixed(pair.quoteDecimals), pair.quoteDecimals)
  const baseRaw = 10n ** BigInt(pair.baseDecimals)
  if (quoteRaw === 0n) {
    throw new OptvaultError(`pool price ${priceUsd} USD rounds to zero quote base units.`, { fix: 'give a larger price.' })
  }
  const sqrt = BigInt((pair.baseIsToken0 ? encodeSqrtRatioX96(quoteRaw.toString(), baseRaw.toString())
    : encodeSqrtRatioX96(baseRaw.toString(), quoteRaw.toString())).toString())
  const min = BigInt(TickMath.MIN_SQRT_RATIO.toString())
  const max = BigInt(TickMath.MAX_SQRT_RATIO.toString())
  // The pool refuses a price limit at or beyond these bounds (SwapRouter's 'SPL').
  if (sqrt <= min || sqrt >= max) {
    throw new OptvaultError(`pool price ${priceUsd} USD is outside the range a Uniswap v3 pool can hold.`)
  }
  return sqrt
}
