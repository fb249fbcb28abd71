import { CurrencyAmount, encodeSqrtRatioX96, FeeAmount, maxLiquidityForAmounts, nearestUsableTick, Pool, TICK_SPACINGS, TickListDataProvider, TickMath, Token } from '../uniswapSdk.ts'
import { MarginInvariantError } from '../../errors/margin.ts'

// Mainnet WBTC (8 decimals) and USDC (6 decimals). WBTC's address sorts first, so it is token0 and the pool
// price (token1 per token0) is USDC per WBTC, the way a BTC price is quoted.
const WBTC = new Token(1, '0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599', 8, 'WBTC')
const USDC = new Token(1, '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', 6, 'USDC')
const BTC_RAW = 100_000_000n
const USDC_RAW = 1_000_000n

/** One liquidity position: the amounts deposited in [lowerUsd, upperUsd]. A range wholly below the price holds only
 * USDC (it buys the BTC liquidations sell), one wholly above holds only BTC; the pool takes as much liquidity as the
 * amounts allow (Uniswap's maxLiquidityForAmounts), so an amount the range cannot use is simply not deposited. */
export interface LiquidityRange {
  readonly lowerUsd: number
  readonly upperUsd: number
  readonly btc: number
  readonly usdc: number
}

/** A WBTC/USDC Uniswap v3 pool: fee tier in bps (5, 30 or 100) and liquidity ranges at the start price. */
export interface PoolSpec {
  readonly priceUsd: number
  readonly feeBps: 5 | 30 | 100
  readonly ranges: readonly LiquidityRange[]
}

/** A pool and the ranges it was built from (kept so the price can be moved by an outside shock). */
export interface BtcUsdcPool {
  readonly pool: Pool
  readonly ranges: readonly { readonly lowerTick: number; readonly upperTick: number; readonly liquidity: bigint }[]
}

/** Result of one swap through the v3 swap math (`Pool.getOutputAmount` / `getInputAmount`). */
export interface SwapResult {
  readonly pool: BtcUsdcPool
  readonly btc: number
  readonly usdc: number
  /** USDC per BTC actually paid or received, fee included. */
  readonly avgPriceUsd: number
  /** The price reached the edge of the pool's liquidity before the whole amount filled. */
  readonly exhausted: boolean
}

const FEES: Record<PoolSpec['feeBps'], FeeAmount> = { 5: FeeAmount.LOW, 30: FeeAmount.MEDIUM, 100: FeeAmount.HIGH }

const sqrtAt = (priceUsd: number) =>
  encodeSqrtRatioX96(BigInt(Math.round(priceUsd * Number(USDC_RAW))).toString(), BTC_RAW.toString())

/** USD price of 1 BTC in the pool now.
 * @example poolPriceUsd(buildBtcUsdcPool({ priceUsd: 60000, feeBps: 30, ranges })) // 60000 (to the tick) */
export function poolPriceUsd(p: BtcUsdcPool): number {
  return Number(p.pool.token0Price.toSignificant(15))
}

/** Builds the pool from ranges of deposited liquidity; range bounds snap to the fee tier's tick spacing.
 * @example buildBtcUsdcPool({ priceUsd: 60000, feeBps: 30, ranges: [{ lowerUsd: 40000, upperUsd: 80000, btc: 100, usdc: 6e6 }] }) */
export function buildBtcUsdcPool(spec: PoolSpec): BtcUsdcPool {
  const fee = FEES[spec.feeBps]
  if (fee === undefined) throw new MarginInvariantError(`fee tier ${spec.feeBps} bps does not exist`, 'use 5, 30 or 100')
  if (!(spec.priceUsd > 0)) throw new MarginInvariantError(`pool price must be positive, got ${spec.priceUsd}`, 'give a USD price')
  const spacing = TICK_SPACINGS[fee]
  const sqrt = sqrtAt(spec.priceUsd)
  const ranges = spec.ranges.map((r) => {
    if (!(r.lowerUsd > 0 && r.upperUsd > r.lowerUsd)) {
      throw new MarginInvariantError(`range ${r.lowerUsd}..${r.upperUsd} USD is empty`, 'use 0 < lowerUsd < upperUsd')
    }
    const lowerTick = nearestUsableTick(TickMath.getTickAtSqrtRatio(sqrtAt(r.lowerUsd)), spacing)
    const upperTick = nearestUsableTick(TickMath.getTickAtSqrtRatio(sqrtAt(r.upperUsd)), spacing)
    const liquidity = BigInt(maxLiquidityForAmounts(sqrt, TickMath.getSqrtRatioAtTick(lowerTick), TickMath.getSqrtRatioAtTick(upperTick),
      BigInt(Math.floor(r.btc * Number(BTC_RAW))).toString(), BigInt(Math.floor(r.usdc * Number(USDC_RAW))).toString(), true).toString())
    return { lowerTick, upperTick, liquidity }
  })
  return poolAt({ ranges, fee }, sqrt)
}

/** The spec's liquidity profile carried to `priceUsd`, as if arbitrageurs and LPs had followed the market: every range
 * bound and USDC amount scales by priceUsd / spec.priceUsd, BTC amounts stay. Each range then sits at the same
 * percentage distance from the price and its liquidity scales by sqrt of that ratio, so a swap of a given BTC size
 * moves the price by the same fraction at any price level (a pool that kept its old ranges would thin out as the
 * market walks away from them; use movePoolPrice for that).
 * @example recenterPoolSpec({ priceUsd: 60000, feeBps: 30, ranges: [{ lowerUsd: 50000, upperUsd: 70000, btc: 1, usdc: 6e4 }] }, 30000)
 * // { priceUsd: 30000, feeBps: 30, ranges: [{ lowerUsd: 25000, upperUsd: 35000, btc: 1, usdc: 3e4 }] } */
export function recenterPoolSpec(spec: PoolSpec, priceUsd: number): PoolSpec {
  if (!(priceUsd > 0)) throw new MarginInvariantError(`pool price must be positive, got ${priceUsd}`, 'give a USD price')
  const k = priceUsd / spec.priceUsd
  return { priceUsd, feeBps: spec.feeBps, ranges: spec.ranges.map((r) => ({ lowerUsd: r.lowerUsd * k, upperUsd: r.upperUsd * k, btc: r.btc, usdc: r.usdc * k })) }
}

/** The same liquidity with the price moved to `priceUsd`, as arbitrage against an outside market would move it.
 * @example movePoolPrice(pool, 54000) */
export function movePoolPrice(p: BtcUsdcPool, priceUsd: number): BtcUsdcPool {
  return poolAt({ ranges: p.ranges, fee: p.pool.fee }, sqrtAt(priceUsd))
}

function poolAt(p: { ranges: BtcUsdcPool['ranges']; fee: FeeAmount }, sqrt: ReturnType<typeof sqrtAt>): BtcUsdcPool {
  const tick = TickMath.getTickAtSqrtRatio(sqrt)
  const net = new Map<number, { gross: bigint; net: bigint }>()
  let active = 0n
  for (const r of p.ranges) {
    if (r.liquidity === 0n) continue
    const lo = net.get(r.lowerTick) ?? { gross: 0n, net: 0n }
    net.set(r.lowerTick, { gross: lo.gross + r.liquidity, net: lo.net + r.liquidity })
    const hi = net.get(r.upperTick) ?? { gross: 0n, net: 0n }
    net.set(r.upperTick, { gross: hi.gross + r.liquidity, net: hi.net - r.liquidity })
    if (r.lowerTick <= tick && tick < r.upperTick) active += r.liquidity
  }
  const ticks = [...net.entries()].sort((a, b) => a[0] - b[0])
    .map(([index, x]) => ({ index, liquidityGross: x.gross.toString(), liquidityNet: x.net.toString() }))
  const provider = new TickListDataProvider(ticks, TICK_SPACINGS[p.fee])
  return { pool: new Pool(WBTC, USDC, p.fee, sqrt, active.toString(), tick, provider), ranges: p.ranges }
}

const rawBtc = (btc: number) => BigInt(Math.round(btc * Number(BTC_RAW)))
// the SDK's JSBI integers, as native bigints (jsbi is the SDK's dependency, not ours)
const big = (x: { toString(): string }) => BigInt(x.toString())
const toBtc = (raw: bigint) => Number(raw) / Number(BTC_RAW)
const toUsdc = (q: { quotient: { toString(): string } }) => Number(BigInt(q.quotient.toString())) / Number(USDC_RAW)

/** sqrt price at the lowest (down) or highest (up) edge of liquidity: past it the pool cannot fill. */
function edge(p: BtcUsdcPool, down: boolean) {
  const live = p.ranges.filter((r) => r.liquidity > 0n)
  if (live.length === 0) return undefined
  const tick = down ? Math.min(...live.map((r) => r.lowerTick)) : Math.max(...live.map((r) => r.upperTick))
  return TickMath.getSqrtRatioAtTick(tick)
}

/** Sells up to `btc` into the pool for USDC with Uniswap v3's swap math (fee taken from the input). The swap stops
 * at the lowest range's edge: past it the pool has no liquidity, so `exhausted` is set and `btc` is what filled.
 * @example await sellBtc(pool, 10) // { btc: 10, usdc: 583106.04, avgPriceUsd: 58310.6, exhausted: false, pool: … } */
export async function sellBtc(p: BtcUsdcPool, btc: number): Promise<SwapResult> {
  const raw = rawBtc(btc)
  const floor = edge(p, true)
  if (raw <= 0n) return { pool: p, btc: 0, usdc: 0, avgPriceUsd: poolPriceUsd(p), exhausted: false }
  if (floor === undefined || !(big(p.pool.sqrtRatioX96) > big(floor))) return { pool: p, btc: 0, usdc: 0, avgPriceUsd: poolPriceUsd(p), exhausted: true }
  const [out, next] = await p.pool.getOutputAmount(CurrencyAmount.fromRawAmount(WBTC, raw.toString()), floor)
  const exhausted = big(next.sqrtRatioX96) === big(floor)
  // at the edge only part of the input was used: ask the same math how much BTC buys exactly that output
  const filled = exhausted ? BigInt((await p.pool.getInputAmount(out, floor))[0].quotient.toString()) : raw
  const usdc = toUsdc(out)
  return { pool: { pool: next, ranges: p.ranges }, btc: toBtc(filled), usdc, avgPriceUsd: usdc / toBtc(filled), exhausted }
}

/** Buys up to `btc` from the pool, paying USDC (fee included), e.g. to close liquidated shorts; stops at the
 * highest range's edge like sellBtc.
 * @example await buyBtc(pool, 5) */
export async function buyBtc(p: BtcUsdcPool, btc: number): Promise<SwapResult> {
  const raw = rawBtc(btc)
  const ceiling = edge(p, false)
  if (raw <= 0n) return { pool: p, btc: 0, usdc: 0, avgPriceUsd: poolPriceUsd(p), exhausted: false }
  if (ceiling === undefined || !(big(p.pool.sqrtRatioX96) < big(ceiling))) return { pool: p, btc: 0, usdc: 0, avgPriceUsd: poolPriceUsd(p), exhausted: true }
  const [input, next] = await p.pool.getInputAmount(CurrencyAmount.fromRawAmount(WBTC, raw.toString()), ceiling)
  const exhausted = big(next.sqrtRatioX96) === big(ceiling)
  const filled = exhausted ? BigInt((await p.pool.getOutputAmount(input, ceiling))[0].quotient.toString()) : raw
  const usdc = toUsdc(input)
  return { pool: { pool: next, ranges: p.ranges }, btc: toBtc(filled), usdc, avgPriceUsd: usdc / toBtc(filled), exhausted }
}
