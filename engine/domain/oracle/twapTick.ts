import { TickMath } from '../uniswapSdk.ts'
import type { UnixMs } from '../units.ts'
import { OracleInputError } from './oracleErrors.ts'
import type { OraclePrice } from './oraclePrice.ts'

/** Arithmetic mean tick over a window from two Uniswap v3 tick cumulatives (`pool.observe([windowSec, 0])`), rounded
 * toward negative infinity exactly as Uniswap's OracleLibrary.consult does, so our TWAP equals the on-chain one.
 * @example arithmeticMeanTick(-1_000n, -400n, 60) // -10 (600 / 60) ; arithmeticMeanTick(0n, -601n, 60) // -11 */
export function arithmeticMeanTick(tickCumulativeStart: bigint, tickCumulativeEnd: bigint, windowSec: number): number {
  if (!Number.isInteger(windowSec) || windowSec <= 0) throw new OracleInputError('windowSec', `must be a positive integer, got ${windowSec}`)
  const delta = tickCumulativeEnd - tickCumulativeStart
  const w = BigInt(windowSec)
  let tick = delta / w // bigint division truncates toward zero
  if (delta < 0n && delta % w !== 0n) tick -= 1n
  return Number(tick)
}

/** Price of one whole token0 in whole token1 at a tick: 1.0001^tick is token1 base units per token0 base unit, scaled
 * by 10^(decimals0 - decimals1). For WBTC(8)/USDC(6), tick 64_150 is about 61_000 USDC per WBTC. A float: for
 * comparison and display; amounts are computed from an integer OraclePrice.
 * @example tickToPrice(0, 18, 18) // 1 ; tickToPrice(0, 8, 6) // 100 (1 base unit each, WBTC has 2 more decimals) */
export function tickToPrice(tick: number, decimals0: number, decimals1: number): number {
  return Math.pow(1.0001, tick) * Math.pow(10, decimals0 - decimals1)
}

/** The exact integer price at a tick, as an OraclePrice with 18 decimals: quote per one whole base token, from
 * Uniswap's own sqrt ratio (TickMath.getSqrtRatioAtTick), so no float enters a swap limit derived from a TWAP.
 * `baseIsToken0`: whether the base asset (WBTC in WBTC/USDC) is the pool's token0 (the lower address). Prices below
 * 1e-9 quote per base keep fewer than 9 significant digits at 18 decimals; no pair we trade comes near that.
 * @example
 * tickToOraclePrice(64_150, true, 8, 6, 'uniswap TWAP 1800s', 0).answer // ≈ 61_06x * 1e18 */
export function tickToOraclePrice(tick: number, baseIsToken0: boolean, baseDecimals: number, quoteDecimals: number,
  source: string, updatedAtMs: UnixMs): OraclePrice {
  if (!Number.isInteger(tick) || Math.abs(tick) > TickMath.MAX_TICK) throw new OracleInputError('tick', `must be an integer within ±${TickMath.MAX_TICK}, got ${tick}`)
  const sqrt = BigInt(TickMath.getSqrtRatioAtTick(tick).toString())
  const ratioX192 = sqrt * sqrt // token1 base units per token0 base unit, times 2^192
  const q192 = 1n << 192n
  const exp = 18 + baseDecimals - quoteDecimals
  const [num, den] = baseIsToken0 ? [ratioX192, q192] : [q192, ratioX192]
  const answer = exp >= 0 ? (num * 10n ** BigInt(exp)) / den : num / (den * 10n ** BigInt(-exp))
  return { answer, decimals: 18, source, updatedAtMs }
}
