import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Contract, JsonRpcProvider, Wallet } from 'ethers'
import { FeeAmount, Pool, Token } from '../../../../engine/domain/uniswapSdk.ts'
import { oracleGuard } from '../../../../engine/adapters/oracle/oracleGuard.ts'
import { startSandbox, type Sandbox } from '../../../../engine/sandbox/startSandbox.ts'
import { until } from '../../../support/evm.ts'

// `optvault sandbox` as startSandbox runs it (Deribit emulator + local EVM with the real Uniswap v3 contracts, on free
// 127.0.0.1 ports), with the feed posted every 200 ms and the emulator on a clock the test moves.
const ABI = [
  'function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16, uint16, uint16, uint8, bool)',
  'function liquidity() view returns (uint128)',
  'function approve(address, uint256) returns (bool)',
  'function mint(address, uint256)',
  'function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)',
  'function exactInputSingle((address tokenIn, address tokenOut, uint24 fee, address recipient, uint256 deadline, uint256 amountIn, uint256 amountOutMinimum, uint160 sqrtPriceLimitX96)) payable returns (uint256)',
]
// The live oracle guard's default limit: execution.chain.oracle.maxDeviationBps and risk.oracleMaxDeviationBps
// (engine/config/schema/chainSchema.ts, riskSchema.ts), both 100 bps.
const GUARD_DEFAULT_BPS = 100
const bps = (a: number, b: number) => Math.abs(a / b - 1) * 1e4

interface Harness { sb: Sandbox; provider: JsonRpcProvider; clock: { ms: number } }

function useSandbox(keeper: boolean): () => Harness {
  let h: Harness | undefined
  beforeAll(async () => {
    const clock = { ms: Date.now() }
    const sb = await startSandbox({ deribitPort: 0, chainPort: 0, currencies: ['BTC'], feedEveryMs: 200, keeper, nowMs: () => clock.ms })
    h = { sb, clock, provider: new JsonRpcProvider(sb.chain!.rpcUrl, sb.chain!.chainId, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 20 }) }
  }, 120_000)
  afterAll(async () => {
    h?.provider.destroy()
    await h?.sb.stop()
  })
  return () => h!
}

/** The pool's price of 1 WBTC in USDC from slot0 and liquidity, converted by the v3-sdk's Pool. */
async function poolUsd(h: Harness): Promise<number> {
  const a = h.sb.chain!.addresses
  const pool = new Contract(a['pool']!, ABI, h.provider)
  const [slot0, liquidity] = await Promise.all([pool.getFunction('slot0')() as Promise<[bigint, bigint]>, pool.getFunction('liquidity')() as Promise<bigint>])
  const wbtc = new Token(h.sb.chain!.chainId, a['wbtc']!, 8, 'WBTC')
  const usdc = new Token(h.sb.chain!.chainId, a['usdc']!, 6, 'USDC')
  return Number(new Pool(wbtc, usdc, FeeAmount.MEDIUM, slot0[0].toString(), liquidity.toString(), Number(slot0[1])).priceOf(wbtc).toSignificant(15))
}

/** What the keeper posts and trades to: the emulator's BTC index at the test's clock, rounded to a dollar. */
const index = (h: Harness) => Math.round(h.sb.deribit.market.indexPrice('BTC', h.clock.ms))

async function feedRound(h: Harness): Promise<{ roundId: bigint; usd: number }> {
  const r = await new Contract(h.sb.chain!.addresses['btcUsdFeed']!, ABI, h.provider).getFunction('latestRoundData')() as bigint[]
  return { roundId: r[0]!, usd: Number(r[1]!) / 1e8 }
}

/** Sandbox trader 1 (the key `optvault sandbox` prints) pays 850k USDC into the pool for WBTC, no price limit: a
 * hedge far larger than the vault's, moving the pool about 2%. */
async function bigBuy(h: Harness): Promise<void> {
  const a = h.sb.chain!.addresses
  const w = new Wallet(h.sb.onchainEnv()['OPTVAULT_CHAIN_KEY']!, h.provider)
  const amountIn = 850_000n * 10n ** 6n
  const usdc = new Contract(a['usdc']!, ABI, w)
  // the sandbox's USDC mints to anyone: a test may swap more than the trader's 1M
  await (await usdc.getFunction('mint')(w.address, amountIn) as { wait(): Promise<unknown> }).wait()
  await (await usdc.getFunction('approve')(a['router']!, amountIn) as { wait(): Promise<unknown> }).wait()
  const block = await h.provider.getBlock('latest')
  const tx = await new Contract(a['router']!, ABI, w).getFunction('exactInputSingle')({
    tokenIn: a['usdc']!, tokenOut: a['wbtc']!, fee: 3000, recipient: w.address, deadline: block!.timestamp + 600,
    amountIn, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n,
  }) as { wait(): Promise<{ status: number | null } | null> }
  expect((await tx.wait())?.status).toBe(1)
}

describe('keeper on (the default)', () => {
  const h = useSandbox(true)

  test('the pool follows the emulator index through a simulated day, and back from a 2% hedge swap', async () => {
    const x = h()
    expect(x.sb.endpoints().join('\n')).toMatch(/keeper +every 0\.2 s: posts the BTC index to btcUsdFeed, then arbitrageur 0x[0-9a-fA-F]{40} trades the pool to it/)
    await until(async () => (bps(await poolUsd(x), index(x)) < 1 ? true : undefined), 10_000)
    await bigBuy(x)
    expect(bps(await poolUsd(x), index(x))).toBeGreaterThan(190) // past the guard's 100 bps
    const t0 = Date.now()
    await until(async () => (bps(await poolUsd(x), index(x)) < 1 ? true : undefined), 10_000)
    const backMs = Date.now() - t0

    // A simulated day, an hour at a time; after each hour the keeper's next tick posts the new index and trades the
    // pool to it. The index moves by the emulator's drift (up to 0.4% a day) and its minute-to-minute noise.
    const seen: number[] = []
    const start = index(x)
    for (let hour = 1; hour <= 24; hour++) {
      x.clock.ms += 3_600_000
      const target = index(x)
      seen.push(target)
      await until(async () => ((await feedRound(x)).usd === target && bps(await poolUsd(x), target) < 1 ? true : undefined), 10_000)
    }
    const range = (Math.max(...seen) - Math.min(...seen)) / start * 1e4
    expect(range).toBeGreaterThan(5) // the index did move: the keeper had to trade to follow it
    const pool = await poolUsd(x)
    expect(bps(pool, index(x))).toBeLessThan(GUARD_DEFAULT_BPS)
    expect(bps(pool, index(x))).toBeLessThan(1)

    // The live oracle guard itself, as config/sandbox-onchain.yaml sets it up: Chainlink, the pool's 30-minute TWAP and
    // the index agree within its default 100 bps (chain time as its clock: 5 blocks a second run it ahead of the host)
    const latest = await x.provider.getBlock('latest')
    const a = x.sb.chain!.addresses
    const guard = oracleGuard({
      chainlink: { provider: x.provider, address: a['btcUsdFeed']!, policy: { source: 'chainlink BTC/USD', maxAgeSec: 3600, minPrice: 1000, maxPrice: 1e7 } },
      twap: { provider: x.provider, pool: a['pool']!, base: { address: a['wbtc']!, decimals: 8 }, quote: { address: a['usdc']!, decimals: 6 }, windowSec: 1800 },
      indexPrice: { source: 'deribit BTC index', read: async () => x.sb.deribit.market.indexPrice('BTC', x.clock.ms) },
      maxDeviationBps: GUARD_DEFAULT_BPS,
      nowMs: () => latest!.timestamp * 1000,
    })
    const read = await guard.read()
    expect(read.worstDeviationBps).toBeLessThan(GUARD_DEFAULT_BPS)
    console.log(`keeper: 2% swap undone in ${backMs} ms; index range over the day ${range.toFixed(1)} bps; guard worst ${read.worstDeviationBps.toFixed(1)} bps`)
  }, 120_000)

  test('staleFeed stops the feed posts; the keeper goes on trading the pool to the index', async () => {
    const x = h()
    await x.sb.chain!.staleFeed(7200)
    const stale = await feedRound(x)
    x.clock.ms += 3_600_000
    const target = index(x)
    await bigBuy(x)
    expect(bps(await poolUsd(x), target)).toBeGreaterThan(190)
    await until(async () => (bps(await poolUsd(x), target) < 1 ? true : undefined), 10_000)
    expect(await feedRound(x)).toEqual(stale) // no round posted since: the feed stays stale
  }, 60_000)
})

describe('keeper off', () => {
  const h = useSandbox(false)

  test('the pool stays where a swap put it while the feed keeps posting; chain.arbitrage brings it back on demand', async () => {
    const x = h()
    expect(x.sb.endpoints().join('\n')).not.toContain('arbitrageur')
    await bigBuy(x)
    const moved = await poolUsd(x)
    expect(bps(moved, index(x))).toBeGreaterThan(190)
    const first = await feedRound(x)
    x.clock.ms += 3_600_000
    await until(async () => ((await feedRound(x)).roundId >= first.roundId + 3n ? true : undefined), 10_000)
    expect((await feedRound(x)).usd).toBe(index(x)) // the feed follows the index, the pool does not
    expect(await poolUsd(x)).toBe(moved)
    const step = await x.sb.chain!.arbitrage(index(x))
    expect(step.swapped).toBe(true)
    expect(bps(await poolUsd(x), index(x))).toBeLessThan(1)
  }, 60_000)

  test('stopFeed: a round set by hand stays the latest while the index moves on', async () => {
    const x = h()
    x.sb.chain!.stopFeed()
    const away = Math.round(index(x) * 1.05)
    await x.sb.chain!.setOraclePrice(away)
    const set = await feedRound(x)
    expect(set.usd).toBe(away)
    x.clock.ms += 3_600_000
    // a dozen feed intervals (200 ms) with the index an hour further on: no post replaces the round
    await new Promise((r) => setTimeout(r, 2_400))
    expect(await feedRound(x)).toEqual(set)
    expect(index(x)).not.toBe(away)
  }, 60_000)
})
