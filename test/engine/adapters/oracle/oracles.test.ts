import { describe, expect, test } from 'vitest'
import { Contract, parseUnits } from 'ethers'
import { readChainlink } from '../../../../engine/adapters/oracle/readChainlink.ts'
import type { ChainlinkFeed } from '../../../../engine/adapters/oracle/readChainlink.ts'
import { readUniswapTwap } from '../../../../engine/adapters/oracle/readUniswapTwap.ts'
import { oracleGuard } from '../../../../engine/adapters/oracle/oracleGuard.ts'
import { oraclePriceNumber } from '../../../../engine/domain/oracle/oraclePrice.ts'
import { trader, useChainSandbox } from '../../../support/evm.ts'

const { chain, provider } = useChainSandbox({ btcPriceUsd: 60_000 })

const feed = (): ChainlinkFeed => ({
  provider: provider(), address: chain().addresses.btcUsdFeed,
  policy: { source: 'chainlink BTC/USD', maxAgeSec: 3600, minPrice: 1000, maxPrice: 10_000_000 },
})
const chainNowMs = async (): Promise<number> => (await provider().getBlock('latest'))!.timestamp * 1000
const twapSource = (windowSec: number) => ({
  provider: provider(), pool: chain().addresses.pool, base: chain().tokens.wbtc, quote: chain().tokens.usdc, windowSec,
})

async function swapWbtcIn(wbtc: string): Promise<void> {
  const c = chain()
  const w = trader(c, provider(), 2)
  const amount = parseUnits(wbtc, 8)
  const token = new Contract(c.addresses.wbtc, c.abis.erc20, w)
  await (await token.getFunction('mint')(w.address, amount)).wait()
  await (await token.getFunction('approve')(c.addresses.router, amount)).wait()
  const block = await provider().getBlock('latest')
  await (await new Contract(c.addresses.router, c.abis.router, w).getFunction('exactInputSingle')({
    tokenIn: c.addresses.wbtc, tokenOut: c.addresses.usdc, fee: c.poolFee, recipient: w.address,
    deadline: block!.timestamp + 600, amountIn: amount, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n,
  })).wait()
}

async function setRound(roundId: bigint, answerUsd: number, updatedAtSec: bigint, answeredInRound: bigint): Promise<void> {
  const c = chain()
  const k = new Contract(c.addresses.btcUsdFeed, c.abis.feed, trader(c, provider(), 0))
  await (await k.getFunction('setRoundData')(roundId, parseUnits(String(answerUsd), 8), updatedAtSec, updatedAtSec, answeredInRound)).wait()
}

describe('readChainlink', () => {
  test('reads the answer with the feed decimals and follows setOraclePrice', async () => {
    const p = await readChainlink(feed(), await chainNowMs())
    expect(p).toMatchObject({ answer: 6_000_000_000_000n, decimals: 8, source: 'chainlink BTC/USD' })
    await chain().setOraclePrice('61234.5')
    expect(oraclePriceNumber(await readChainlink(feed(), await chainNowMs()))).toBe(61234.5)
  })

  test('stale after the heartbeat: two hours of chain time with no new round', async () => {
    await chain().increaseTime(7200)
    await expect(readChainlink(feed(), await chainNowMs())).rejects.toMatchObject({ name: 'StaleOracleError', retryable: true })
  })

  test('a round answered in an earlier round, or never completed, is stale', async () => {
    const t = BigInt((await provider().getBlock('latest'))!.timestamp)
    await setRound(10n, 60_000, t, 9n)
    await expect(readChainlink(feed(), await chainNowMs())).rejects.toThrow(/carries the answer of round 9/)
    await setRound(11n, 60_000, 0n, 11n)
    await expect(readChainlink(feed(), await chainNowMs())).rejects.toThrow(/not complete/)
  })

  test('an answer outside [minPrice, maxPrice] or not positive is OracleBoundsError', async () => {
    await chain().setOraclePrice(5)
    await expect(readChainlink(feed(), await chainNowMs())).rejects.toMatchObject({ name: 'OracleBoundsError', price: 5, retryable: false })
    await chain().setOraclePrice(-1)
    await expect(readChainlink(feed(), await chainNowMs())).rejects.toMatchObject({ name: 'OracleBoundsError' })
  })
})

describe('readUniswapTwap', () => {
  test('equals a hand computation from the observed tick cumulatives, across a price move inside the window', async () => {
    const c = chain()
    const pool = new Contract(c.addresses.pool, c.abis.pool, provider())
    await c.increaseTime(1000)
    const tickBefore = Number((await pool.getFunction('slot0')())[1])
    await swapWbtcIn('20')
    const tickAfter = Number((await pool.getFunction('slot0')())[1])
    await c.increaseTime(300)
    const r = await readUniswapTwap(twapSource(600))
    // By hand: observe([600, 0]) on the same block, mean = floor((c1 - c0) / 600) (Uniswap OracleLibrary.consult).
    const [cums] = await pool.getFunction('observe')([600, 0]) as [bigint[]]
    expect([cums[0], cums[1]]).toEqual(r.tickCumulatives)
    const meanTick = Math.floor(Number(cums[1]! - cums[0]!) / 600)
    expect(r.tick).toBe(meanTick)
    // The window saw the price before and after the dump, so its mean lies strictly between them.
    expect(tickBefore).not.toBe(tickAfter)
    expect(meanTick).toBeGreaterThan(Math.min(tickBefore, tickAfter))
    expect(meanTick).toBeLessThan(Math.max(tickBefore, tickAfter))
    // USDC per WBTC from the tick, by hand: 1.0001^tick is token1 per token0 in base units, 10^(8-6) the decimals.
    const wbtcIs0 = BigInt(c.addresses.wbtc) < BigInt(c.addresses.usdc)
    const byHand = wbtcIs0 ? 1.0001 ** meanTick * 100 : 100 / 1.0001 ** meanTick
    expect(Math.abs(oraclePriceNumber(r.price) / byHand - 1)).toBeLessThan(1e-12)
  })

  test('with no trades in the window the TWAP is the spot price the pool was seeded at (60 000, within a tick)', async () => {
    await chain().increaseTime(1900)
    const r = await readUniswapTwap(twapSource(1800))
    expect(Math.abs(oraclePriceNumber(r.price) / 60_000 - 1)).toBeLessThan(1e-4) // one tick is 1 bp
  })
})

describe('oracleGuard', () => {
  const guard = (maxDeviationBps: number, now: number, index?: number) => oracleGuard({
    chainlink: feed(), twap: twapSource(1800), maxDeviationBps, nowMs: () => now,
    ...(index === undefined ? {} : { indexPrice: { source: 'deribit btc_usd index', read: async () => index } }),
  })

  test('sources that agree: Chainlink price returned, every reading kept for the journal', async () => {
    await chain().increaseTime(1900)
    await chain().setOraclePrice(60_010)
    const g = await guard(50, await chainNowMs(), 59_990).read()
    expect(g.price.answer).toBe(6_001_000_000_000n)
    expect(g.readings.map((r) => r.source)).toEqual(['chainlink BTC/USD', 'uniswap TWAP 1800s', 'deribit btc_usd index'])
    expect(g.worstDeviationBps).toBeLessThan(50)
  })

  test('Chainlink 10% above the pool TWAP trips OracleDeviationError', async () => {
    await chain().increaseTime(1900)
    await chain().setOraclePrice(66_000)
    await expect(guard(100, await chainNowMs()).read()).rejects.toMatchObject({
      name: 'OracleDeviationError', sourceA: 'chainlink BTC/USD', sourceB: 'uniswap TWAP 1800s',
    })
  })

  test('an exchange index that disagrees with both on-chain sources trips it too', async () => {
    await chain().increaseTime(1900)
    await chain().setOraclePrice(60_000)
    await expect(guard(100, await chainNowMs(), 63_000).read()).rejects.toMatchObject({
      name: 'OracleDeviationError', sourceB: 'deribit btc_usd index',
    })
  })

  test('a pool dumped one block ago barely moves a 30-minute TWAP: the guard compares the TWAP, not the spot price', async () => {
    await chain().increaseTime(1900)
    await swapWbtcIn('30') // spot drops far, but has held for one block only
    await chain().setOraclePrice(60_000)
    const g = await guard(100, await chainNowMs()).read()
    expect(g.worstDeviationBps).toBeLessThan(100)
  })
})
