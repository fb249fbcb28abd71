import { Contract } from 'ethers'
import type { Provider } from 'ethers'
import { arithmeticMeanTick, tickToOraclePrice } from '../../domain/oracle/twapTick.ts'
import type { OraclePrice } from '../../domain/oracle/oraclePrice.ts'

const POOL_ABI = [
  'function observe(uint32[] secondsAgos) view returns (int56[] tickCumulatives, uint160[] secondsPerLiquidityCumulativeX128s)',
  'function token0() view returns (address)',
]

export interface TwapSource {
  readonly provider: Provider
  readonly pool: string
  /** The asset priced (WBTC) and the currency it is priced in (USDC). */
  readonly base: { readonly address: string; readonly decimals: number }
  readonly quote: { readonly address: string; readonly decimals: number }
  /** Averaging window. Longer windows cost an attacker more blocks of holding the price; 1800 s is common. */
  readonly windowSec: number
}

/** A TWAP reading: the mean tick, the cumulatives it came from (for audit), and the price. */
export interface TwapReading {
  readonly tick: number
  readonly tickCumulatives: readonly [bigint, bigint]
  readonly price: OraclePrice
}

/** Time-weighted average price of a Uniswap v3 pool over the last `windowSec`: `observe([windowSec, 0])`, mean tick
 * rounded down like OracleLibrary.consult, then the exact price at that tick. The pool must have enough observation
 * slots for the window (`increaseObservationCardinalityNext`), or observe reverts with "OLD".
 * @example const { price } = await readUniswapTwap({ provider, pool, base: wbtc, quote: usdc, windowSec: 1800 }) */
export async function readUniswapTwap(src: TwapSource): Promise<TwapReading> {
  const pool = new Contract(src.pool, POOL_ABI, src.provider)
  const [token0, observed, block] = await Promise.all([
    pool.getFunction('token0')() as Promise<string>,
    pool.getFunction('observe')([src.windowSec, 0]) as Promise<[bigint[], bigint[]]>,
    src.provider.getBlock('latest'),
  ])
  const c0 = observed[0][0]!
  const c1 = observed[0][1]!
  const tick = arithmeticMeanTick(c0, c1, src.windowSec)
  const baseIsToken0 = token0.toLowerCase() === src.base.address.toLowerCase()
  const price = tickToOraclePrice(tick, baseIsToken0, src.base.decimals, src.quote.decimals,
    `uniswap TWAP ${src.windowSec}s`, (block?.timestamp ?? 0) * 1000)
  return { tick, tickCumulatives: [c0, c1], price }
}
