import { describe, expect, test } from 'vitest'
import { Contract } from 'ethers'
import { FeeAmount, Pool, Token } from '../../../../engine/domain/uniswapSdk.ts'
import { OptvaultError } from '../../../../engine/errors/base.ts'
import { balanceOf, trader, useChainSandbox } from '../../../support/evm.ts'

// The arbitrageur of the chain sandbox against the real Uniswap v3 pool and SwapRouter on a local EDR chain
// (127.0.0.1). The pool starts at 60000 USD per WBTC with 100 WBTC and 6M USDC within 20% either side.
const { chain, provider } = useChainSandbox({ btcPriceUsd: 60_000, traders: 1 })

/** The pool's price of 1 WBTC in USDC from its slot0 and liquidity, converted by the v3-sdk's Pool, not by the code
 * under test. */
async function poolUsd(): Promise<number> {
  const c = chain()
  const pool = new Contract(c.addresses.pool, c.abis.pool, provider())
  const [slot0, liquidity] = await Promise.all([pool.getFunction('slot0')() as Promise<[bigint, bigint]>, pool.getFunction('liquidity')() as Promise<bigint>])
  const wbtc = new Token(c.chainId, c.addresses.wbtc, 8, 'WBTC')
  const usdc = new Token(c.chainId, c.addresses.usdc, 6, 'USDC')
  const p = new Pool(wbtc, usdc, FeeAmount.MEDIUM, slot0[0].toString(), liquidity.toString(), Number(slot0[1]))
  return Number(p.priceOf(wbtc).toSignificant(15))
}

const bps = (a: number, b: number) => Math.abs(a / b - 1) * 1e4

/** Trader 1 pays `usdc` (whole USDC) into the pool for WBTC with no price limit: a large swap that moves the pool. */
async function bigBuy(usdc: bigint): Promise<void> {
  const c = chain()
  const w = trader(c, provider(), 1)
  const token = new Contract(c.addresses.usdc, c.abis.erc20, w)
  await (await token.getFunction('approve')(c.addresses.router, usdc * 10n ** 6n) as { wait(): Promise<unknown> }).wait()
  const block = await provider().getBlock('latest')
  const router = new Contract(c.addresses.router, c.abis.router, w)
  const tx = await router.getFunction('exactInputSingle')({
    tokenIn: c.addresses.usdc, tokenOut: c.addresses.wbtc, fee: 3000, recipient: w.address, deadline: block!.timestamp + 600,
    amountIn: usdc * 10n ** 6n, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n,
  }) as { wait(): Promise<{ status: number | null } | null> }
  expect((await tx.wait())?.status).toBe(1)
}

describe('arbitrageTo', () => {
  test('a large swap moves the pool 2% away; one arbitrage step brings slot0 back within 1 bp of the target', async () => {
    const c = chain()
    expect(bps(await poolUsd(), 60_000)).toBeLessThan(1)
    await bigBuy(700_000n)
    const moved = await poolUsd()
    expect(moved / 60_000 - 1).toBeGreaterThan(0.019) // the oracle guard's default limit is 100 bps: this trips it
    const step = await c.arbitrageTo(60_000)
    expect(step.swapped).toBe(true)
    expect(step.swap?.tokenIn).toBe('WBTC') // WBTC sold into the pool pushes its price down
    expect(bps(step.beforeUsd, moved)).toBeLessThan(0.01)
    const after = await poolUsd()
    expect(bps(after, 60_000)).toBeLessThan(1)
    expect(bps(step.afterUsd, after)).toBeLessThan(0.01)
    // the swap stopped exactly at the limit: the pool's sqrt price is the target's
    const slot0 = await new Contract(c.addresses.pool, c.abis.pool, provider()).getFunction('slot0')() as [bigint]
    expect(slot0[0]).toBe(step.targetSqrtPriceX96)
    expect(step.sqrtPriceX96After).toBe(step.targetSqrtPriceX96)
  })

  test('to 1% above and 1% below: USDC in lifts the price, WBTC in lowers it; the pool takes only what it used', async () => {
    const c = chain()
    const arb = c.arbitrageur.address
    for (const [target, tokenIn, tokenOut] of [[60_600, 'usdc', 'wbtc'], [59_400, 'wbtc', 'usdc']] as const) {
      const poolBefore = {
        in: await balanceOf(c, provider(), c.addresses[tokenIn], c.addresses.pool), out: await balanceOf(c, provider(), c.addresses[tokenOut], c.addresses.pool),
      }
      const outBefore = await balanceOf(c, provider(), c.addresses[tokenOut], arb)
      const step = await c.arbitrageTo(target)
      expect(step.swapped).toBe(true)
      expect(step.swap?.tokenIn).toBe(tokenIn.toUpperCase())
      expect(bps(await poolUsd(), target)).toBeLessThan(1)
      // the Swap event's amounts are what moved: into the pool from the arbitrageur, out of it to the arbitrageur
      const s = step.swap!
      expect(s.amountInRaw).toBeGreaterThan(0n)
      expect(await balanceOf(c, provider(), c.addresses[tokenIn], c.addresses.pool)).toBe(poolBefore.in + s.amountInRaw)
      expect(await balanceOf(c, provider(), c.addresses[tokenOut], c.addresses.pool)).toBe(poolBefore.out - s.amountOutRaw)
      expect(await balanceOf(c, provider(), c.addresses[tokenOut], arb)).toBe(outBefore + s.amountOutRaw)
      // The average price of the swap lies on the path from the start price to the target, with the 0.3% fee taken
      // from the amount paid in (UniswapV3Pool.swap / SwapMath.computeSwapStep): USDC/WBTC paid / 0.997 for a buy,
      // received * 0.997 for a sell. 1e-6 of slack for the pool's rounding.
      const [usdcRaw, wbtcRaw] = tokenIn === 'usdc' ? [s.amountInRaw, s.amountOutRaw] : [s.amountOutRaw, s.amountInRaw]
      const avg = (Number(usdcRaw) / 1e6) / (Number(wbtcRaw) / 1e8)
      const [lo, hi] = tokenIn === 'usdc' ? [step.beforeUsd / 0.997, target / 0.997] : [target * 0.997, step.beforeUsd * 0.997]
      expect(avg).toBeGreaterThan(lo * (1 - 1e-6))
      expect(avg).toBeLessThan(hi * (1 + 1e-6))
      expect(s.gasUsed).toBeGreaterThan(50_000n)
    }
    // the arbitrageur holds what it minted for itself, less what the pool took: it never touched a trader's tokens
    expect(await balanceOf(c, provider(), c.addresses.usdc, c.accounts[1]!.address)).toBe(1_000_000_000_000n)
  })

  test('already at the target (or within 1 bp of it): no transaction, the block number does not move', async () => {
    const c = chain()
    const block = await provider().getBlockNumber()
    for (const target of [60_000, 60_000 * (1 + 0.5e-4), 60_000 * (1 - 0.9e-4)]) {
      const step = await c.arbitrageTo(target)
      expect(step, String(target)).toMatchObject({ swapped: false, transactions: 0 })
      expect(step.sqrtPriceX96After).toBe(step.sqrtPriceX96Before)
    }
    expect(await provider().getBlockNumber()).toBe(block)
    // and a target 2 bp away is not inside the band
    expect((await c.arbitrageTo(60_000 * (1 + 2e-4))).swapped).toBe(true)
    expect(await provider().getBlockNumber()).toBeGreaterThan(block)
    const again = await provider().getBlockNumber()
    expect((await c.arbitrageTo(60_000 * (1 + 2e-4))).swapped).toBe(false)
    expect(await provider().getBlockNumber()).toBe(again)
  })

  test('steps asked for at once run one after another (one account, one nonce sequence): the last target wins', async () => {
    const c = chain()
    const steps = await Promise.all([c.arbitrageTo(61_000), c.arbitrageTo(59_000), c.arbitrageTo(60_300)])
    expect(steps.map((s) => s.swapped)).toEqual([true, true, true])
    expect(bps(steps[1]!.beforeUsd, 61_000)).toBeLessThan(1)
    expect(bps(steps[2]!.beforeUsd, 59_000)).toBeLessThan(1)
    expect(bps(await poolUsd(), 60_300)).toBeLessThan(1)
  })

  test('a price no pool can hold is refused before anything is sent', async () => {
    const c = chain()
    const block = await provider().getBlockNumber()
    await expect(c.arbitrageTo(Number.NaN)).rejects.toThrow(OptvaultError)
    await expect(c.arbitrageTo(-5)).rejects.toThrow(/positive number/)
    expect(await provider().getBlockNumber()).toBe(block)
    // and the next step still runs
    expect((await c.arbitrageTo(60_600)).swapped).toBe(true)
  })
})
