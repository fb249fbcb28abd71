import { OracleInputError } from './oracleErrors.ts'

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
