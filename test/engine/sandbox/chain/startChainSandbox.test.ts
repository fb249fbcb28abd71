import { describe, expect, test } from 'vitest'
import { Contract, keccak256 } from 'ethers'
import { computePoolAddress, Token } from '../../../../engine/domain/uniswapSdk.ts'
import { startChainSandbox } from '../../../../engine/sandbox/chain/startChainSandbox.ts'
import { uniswapArtifacts } from '../../../../engine/sandbox/chain/uniswapArtifacts.ts'
import { balanceOf, useChainSandbox } from '../../../support/evm.ts'

const { chain, provider } = useChainSandbox({ btcPriceUsd: 60_000, traders: 2 })

describe('startChainSandbox', () => {
  test('deploys the real Uniswap v3 bytecode: the pool sits where the v3-sdk computes it (mainnet init code hash)', async () => {
    const c = chain()
    const { pool } = uniswapArtifacts()
    // POOL_INIT_CODE_HASH in @uniswap/v3-sdk constants, the keccak of the pool creation code published on npm.
    expect(keccak256(pool.bytecode)).toBe('0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54')
    const wbtc = new Token(c.chainId, c.addresses.wbtc, 8)
    const usdc = new Token(c.chainId, c.addresses.usdc, 6)
    expect(computePoolAddress({ factoryAddress: c.addresses.factory, tokenA: wbtc, tokenB: usdc, fee: 3000 })).toBe(c.addresses.pool)
    for (const a of Object.values(c.addresses)) expect((await provider().getCode(a)).length).toBeGreaterThan(2)
  })

  test('tokens have realistic decimals, traders are funded, the pool has liquidity at the configured price', async () => {
    const c = chain()
    const erc = (a: string) => new Contract(a, c.abis.erc20, provider())
    expect(await erc(c.addresses.usdc).getFunction('decimals')()).toBe(6n)
    expect(await erc(c.addresses.wbtc).getFunction('decimals')()).toBe(8n)
    expect(await balanceOf(c, provider(), c.addresses.wbtc, c.accounts[1]!.address)).toBe(1_000_000_000n)
    const pool = new Contract(c.addresses.pool, c.abis.pool, provider())
    expect(await pool.getFunction('liquidity')()).toBeGreaterThan(0n)
    const tick = Number((await pool.getFunction('slot0')())[1])
    const wbtcIs0 = BigInt(c.addresses.wbtc) < BigInt(c.addresses.usdc)
    const price = wbtcIs0 ? 1.0001 ** tick * 100 : 100 / 1.0001 ** tick
    expect(Math.abs(price / 60_000 - 1)).toBeLessThan(1e-4) // within one tick (1 bp)
  })

  test('setOraclePrice publishes a new round the feed returns', async () => {
    const c = chain()
    await c.setOraclePrice(65_432.1)
    const feed = new Contract(c.addresses.btcUsdFeed, c.abis.feed, provider())
    const r = await feed.getFunction('latestRoundData')()
    expect(r[1]).toBe(6_543_210_000_000n)
    expect(r[4]).toBe(r[0])
  })

  test('listens on loopback only', async () => {
    expect(chain().rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await expect(startChainSandbox({ host: '0.0.0.0' })).rejects.toThrow(/loopback only/)
  })
})

describe('time', () => {
  test('chain time equals the host clock after start, with two hours of TWAP history and a fresh feed round', async () => {
    const c = chain()
    const block = await provider().getBlock('latest')
    expect(Math.abs(block!.timestamp * 1000 - Date.now())).toBeLessThan(15_000)
    const pool = new Contract(c.addresses.pool, c.abis.pool, provider())
    const [cums] = await pool.getFunction('observe')([7000, 0]) as [bigint[]]
    expect(cums[1]! - cums[0]!).not.toBe(0n) // a window of 7000 s is readable right away
    const r = await new Contract(c.addresses.btcUsdFeed, c.abis.feed, provider()).getFunction('latestRoundData')()
    expect(Math.abs(Number(r[3]) - block!.timestamp)).toBeLessThan(5)
  })
})
