import { describe, expect, test } from 'vitest'
import { Contract, parseUnits } from 'ethers'
import { uniswapVenue } from '../../../../engine/adapters/uniswap/index.ts'
import type { UniswapVenueConfig } from '../../../../engine/adapters/uniswap/index.ts'
import { readChainlink } from '../../../../engine/adapters/oracle/readChainlink.ts'
import { memoryClientIdStore } from '../../../../engine/adapters/chain/clientIdStore.ts'
import { balanceOf, trader, useChainSandbox } from '../../../support/evm.ts'
import type { OrderIntent } from '../../../../engine/ports/executionPort.ts'

const { chain, provider } = useChainSandbox({ btcPriceUsd: 60_000 })

function venue(over: Partial<UniswapVenueConfig> = {}, account = 1) {
  const c = chain()
  return uniswapVenue({
    provider: provider(), wallet: trader(c, provider(), account), chainId: c.chainId,
    router: c.addresses.router, quoterV2: c.addresses.quoterV2,
    pairs: { 'WBTC/USDC': { base: c.tokens.wbtc, quote: c.tokens.usdc, fee: c.poolFee } },
    oraclePrice: () => readChainlink({ provider: provider(), address: c.addresses.btcUsdFeed,
      policy: { source: 'chainlink BTC/USD', maxAgeSec: 3600, minPrice: 1000, maxPrice: 10_000_000 } }),
    maxSlippageBps: 100, pollMs: 10, timeoutMs: 10_000, ...over,
  }, )
}
const sell = (qty: number, clientId = 'run1-e1-hedge-0'): OrderIntent =>
  ({ clientId, instrument: 'WBTC/USDC', side: 'sell', qty, purpose: 'hedge', reason: 'delta' })

describe('uniswapVenue.submit', () => {
  test('sells exactly the quantity with amountOutMinimum = oracle * (1 - slippage) and moves the balances', async () => {
    const c = chain()
    const v = venue()
    const me = c.accounts[1]!.address
    const [wbtc0, usdc0] = [await balanceOf(c, provider(), c.addresses.wbtc, me), await balanceOf(c, provider(), c.addresses.usdc, me)]
    const ack = await v.submit(sell(0.5))
    expect(ack.status).toBe('filled')
    expect(ack.filledQty).toBe(0.5)
    const tx = await provider().getTransaction(ack.venueOrderId!)
    const args = new Contract(c.addresses.router, c.abis.router).interface.parseTransaction({ data: tx!.data })!.args[0]
    // 0.5 BTC at the feed's 60000 less 100 bps = 29 700 USDC, in 6-decimal base units.
    expect(args.amountIn).toBe(50_000_000n)
    expect(args.amountOutMinimum).toBe(29_700_000_000n)
    const wbtc1 = await balanceOf(c, provider(), c.addresses.wbtc, me)
    const usdc1 = await balanceOf(c, provider(), c.addresses.usdc, me)
    expect(wbtc0 - wbtc1).toBe(50_000_000n)
    // A 0.3% pool with the price at 60 000: about 29 910 USDC back, and never below the bound.
    expect(usdc1 - usdc0).toBeGreaterThanOrEqual(29_700_000_000n)
    expect(usdc1 - usdc0).toBeLessThan(30_000_000_000n)
    expect(ack.fills[0]!.price).toBeCloseTo(Number(usdc1 - usdc0) / 1e6 / 0.5, 6)
  })
})
