import { buildBtcUsdcPool, buyBtc, recenterPoolSpec, sellBtc, type BtcUsdcPool, type PoolSpec } from '../../engine/domain/cascade/btcUsdcPool.ts'
import type { OptvaultConfig } from '../../engine/config/loadConfig.ts'

export type UniswapExecution = NonNullable<OptvaultConfig['execution']['uniswap']>

/** A hedge swap through the pool, split the way trades.csv books it. All money in quote currency (USD = USDC). */
export interface UniswapHedgeFill {
  /** Units of the vault asset that went through: less than asked only when the pool ran out of liquidity. */
  readonly qty: number
  /** Execution price before the pool fee, quote per unit: the mid moved by the swap's price impact. */
  readonly price: number
  /** Pool fee paid, quote: qty * price + fee is what a buy paid, qty * price - fee what a sell received. */
  readonly fee: number
  /** Quote per unit paid or received with the fee in it (the SDK's own average). */
  readonly avgPrice: number
  readonly exhausted: boolean
  /** The pool after the swap, for the next order on the same bar. */
  readonly pool: BtcUsdcPool
}

/** The config's pool as a cascade PoolSpec (amounts of the vault asset in the pool's 8-decimal token0 slot). */
export function uniswapPoolSpec(u: UniswapExecution): PoolSpec {
  return { priceUsd: u.price, feeBps: u.feeBps, ranges: u.ranges.map((r) => ({ lowerUsd: r.lowerUsd, upperUsd: r.upperUsd, btc: r.asset, usdc: r.usdc })) }
}

/** The pool at a fill bar. Between bars arbitrageurs trade the pool back to the outside market, and LPs follow it,
 * so each bar starts from the configured liquidity profile re-centred on that bar's price (recenterPoolSpec): the
 * backtest's own earlier swaps leave no lasting mark, and the impact of a size is the same fraction at any level.
 * The asset takes WBTC's slot (8 decimals), which is exact for BTC and rounds other assets' sizes to 1e-8. */
export function uniswapPoolAt(u: UniswapExecution, spotUsd: number): BtcUsdcPool {
  return buildBtcUsdcPool(recenterPoolSpec(uniswapPoolSpec(u), spotUsd))
}

/** Swaps `qty` units of the vault asset through the pool with Uniswap v3's swap math (btcUsdcPool's sellBtc and
 * buyBtc), and splits the result into a pre-fee price and the pool fee. The SDK takes the fee out of the input:
 * a sell puts in qty, of which qty * f is fee; a buy puts in USDC, of which that USDC * f is fee (f = feeBps / 1e4).
 * @example await uniswapHedgeFill(uniswapPoolAt(cfg.execution.uniswap!, 60000), 'buy', 2) // { qty: 2, price: 60012.1, fee: 360.1, … } */
export async function uniswapHedgeFill(pool: BtcUsdcPool, side: 'buy' | 'sell', qty: number): Promise<UniswapHedgeFill> {
  const f = pool.pool.fee / 1e6
  const r = side === 'sell' ? await sellBtc(pool, qty) : await buyBtc(pool, qty)
  if (r.btc === 0) return { qty: 0, price: r.avgPriceUsd, fee: 0, avgPrice: r.avgPriceUsd, exhausted: r.exhausted, pool: r.pool }
  const fee = side === 'sell' ? (r.usdc * f) / (1 - f) : r.usdc * f
  const price = side === 'sell' ? (r.usdc + fee) / r.btc : (r.usdc - fee) / r.btc
  return { qty: r.btc, price, fee, avgPrice: r.avgPriceUsd, exhausted: r.exhausted, pool: r.pool }
}
