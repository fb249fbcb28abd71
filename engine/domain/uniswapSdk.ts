import { createRequire } from 'node:module'
import type * as SdkCore from '@uniswap/sdk-core'
import type * as V3Sdk from '@uniswap/v3-sdk'

// The one door to @uniswap/sdk-core and @uniswap/v3-sdk: every runtime use goes through here. Their ESM builds import
// their own files without extensions ('./addresses'), which Node's ESM loader rejects (tsx lets it pass), so the
// compiled CLI would fail in plain Node as soon as it touched them. Their CommonJS builds load anywhere, and taking
// both from require also keeps one copy of each class, so v3-sdk's `instanceof Token` checks see our tokens.
// Loading a package is not I/O on the strategy's data: the module stays pure math, usable from engine/domain.
const require = createRequire(import.meta.url)
const core = require('@uniswap/sdk-core') as typeof SdkCore
const v3 = require('@uniswap/v3-sdk') as typeof V3Sdk

/** An ERC-20 token on a chain (sdk-core's Token, CommonJS build).
 * @example new Token(1, '0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599', 8, 'WBTC').decimals // 8 */
export const Token = core.Token
export type Token = SdkCore.Token

/** An amount of a currency in its smallest unit, as an exact fraction (sdk-core's CurrencyAmount).
 * @example CurrencyAmount.fromRawAmount(usdc, '1000000').toExact() // '1' */
export const CurrencyAmount = core.CurrencyAmount
export type CurrencyAmount<T extends SdkCore.Currency> = SdkCore.CurrencyAmount<T>

/** A price of one currency in another, as an exact fraction of raw amounts (sdk-core's Price).
 * @example new Price(wbtc, usdc, '100000000', '60000000000').toSignificant(5) // '60000' */
export const Price = core.Price
export type Price<TBase extends SdkCore.Currency, TQuote extends SdkCore.Currency> = SdkCore.Price<TBase, TQuote>

/** Uniswap v3 fee tiers in hundredths of a bip (v3-sdk's FeeAmount): LOW = 500 is 5 bps.
 * @example FeeAmount.MEDIUM // 3000 (30 bps) */
export const FeeAmount = v3.FeeAmount
export type FeeAmount = V3Sdk.FeeAmount

/** Tick spacing of each fee tier (v3-sdk's TICK_SPACINGS).
 * @example TICK_SPACINGS[FeeAmount.MEDIUM] // 60 */
export const TICK_SPACINGS = v3.TICK_SPACINGS

/** An in-memory v3 pool that can quote swaps against its ticks (v3-sdk's Pool).
 * @example new Pool(wbtc, usdc, FeeAmount.MEDIUM, sqrtX96, liquidity, tick, ticks).token0Price.toSignificant(6) */
export const Pool = v3.Pool
export type Pool = V3Sdk.Pool

/** Initialized ticks as a sorted list (v3-sdk's TickListDataProvider).
 * @example new TickListDataProvider([{ index: -60, liquidityNet: 1, liquidityGross: 1 }, { index: 60, liquidityNet: -1, liquidityGross: 1 }], 60) */
export const TickListDataProvider = v3.TickListDataProvider
export type TickListDataProvider = V3Sdk.TickListDataProvider

/** Tick <-> sqrt price Q64.96 conversions, exactly as the pool contract does them (v3-sdk's TickMath).
 * @example TickMath.getSqrtRatioAtTick(0).toString() // '79228162514264337593543950336' (2^96) */
export const TickMath = v3.TickMath

/** sqrt(amount1 / amount0) as a Q64.96 JSBI (v3-sdk's encodeSqrtRatioX96).
 * @example encodeSqrtRatioX96(1, 1).toString() // '79228162514264337593543950336' */
export const encodeSqrtRatioX96 = v3.encodeSqrtRatioX96

/** The largest liquidity the amounts can back in a range at a price (v3-sdk's maxLiquidityForAmounts).
 * @example maxLiquidityForAmounts(sqrtP, sqrtA, sqrtB, btcRaw, usdcRaw, true) */
export const maxLiquidityForAmounts = v3.maxLiquidityForAmounts

/** The usable tick nearest a tick for a spacing (v3-sdk's nearestUsableTick).
 * @example nearestUsableTick(65, 60) // 60 */
export const nearestUsableTick = v3.nearestUsableTick

/** The CREATE2 address of a pool from its factory, tokens and fee (v3-sdk's computePoolAddress).
 * @example computePoolAddress({ factoryAddress, tokenA: wbtc, tokenB: usdc, fee: FeeAmount.MEDIUM }) */
export const computePoolAddress = v3.computePoolAddress

/** The exact Price of token0 in token1 at a tick (v3-sdk's tickToPrice).
 * @example tickToPrice(wbtc, usdc, 0).toSignificant(3) // '100' (1 raw each; WBTC has 2 more decimals) */
export const tickToPrice = v3.tickToPrice
