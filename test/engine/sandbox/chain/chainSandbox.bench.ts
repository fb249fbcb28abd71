/** Sandbox start time (target < 10 s, so a test file can afford one chain), and the wall time of one Uniswap
 * venue sell and one oracle guard read against it (automine, 127.0.0.1): medians over several runs. */
import { performance } from 'node:perf_hooks'
import { Wallet } from 'ethers'
import { startChainSandbox } from '../../../../engine/sandbox/chain/startChainSandbox.ts'
import { createChainProvider } from '../../../../engine/adapters/chain/createChainProvider.ts'
import { oracleGuard } from '../../../../engine/adapters/oracle/oracleGuard.ts'
import { uniswapVenue } from '../../../../engine/adapters/uniswap/index.ts'
import { report } from '../../../support/bench.ts'

async function medianAsync(fn: (i: number) => Promise<unknown>, runs: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i)
  const t: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn(i)
    t.push(performance.now() - t0)
  }
  t.sort((a, b) => a - b)
  return t[Math.floor(t.length / 2)]!
}

const startMs = await medianAsync(async () => { await (await startChainSandbox()).stop() }, 3)
report('startChainSandbox (deploy Uniswap v3, tokens, pool, feed)', `${startMs.toFixed(0)} ms`, { ok: startMs < 10_000, text: '< 10000 ms' })

const chain = await startChainSandbox()
const provider = createChainProvider(chain.rpcUrl, chain.chainId, { pollingIntervalMs: 5 })
const guard = oracleGuard({
  chainlink: { provider, address: chain.addresses.btcUsdFeed, policy: { source: 'chainlink BTC/USD', maxAgeSec: 86_400, minPrice: 1000, maxPrice: 1e7 } },
  twap: { provider, pool: chain.addresses.pool, base: chain.tokens.wbtc, quote: chain.tokens.usdc, windowSec: 1800 },
  maxDeviationBps: 200,
})
const guardMs = await medianAsync(() => guard.read(), 15)
report('oracleGuard.read (Chainlink + TWAP + deviation)', `${guardMs.toFixed(1)} ms`)

const venue = uniswapVenue({
  provider, wallet: new Wallet(chain.accounts[1]!.privateKey, provider), chainId: chain.chainId,
  router: chain.addresses.router, quoterV2: chain.addresses.quoterV2,
  pairs: { 'WBTC/USDC': { base: chain.tokens.wbtc, quote: chain.tokens.usdc, fee: chain.poolFee } },
  oraclePrice: async () => (await guard.read()).price, maxSlippageBps: 150, pollMs: 5, approval: 'infinite',
})
const submitMs = await medianAsync((i) => venue.submit({ clientId: `bench-${i}`, instrument: 'WBTC/USDC', side: 'sell', qty: 0.01, purpose: 'hedge', reason: 'bench' }), 9)
report('uniswapVenue.submit sell 0.01 WBTC (oracle, quote, sign, mine)', `${submitMs.toFixed(1)} ms`)
provider.destroy()
await chain.stop()
