import { Wallet } from 'ethers'
import type { JsonRpcProvider } from 'ethers'
import type { InstrumentId } from '../../domain/instruments/instrument.ts'
import { createChainProvider } from '../../adapters/chain/createChainProvider.ts'
import type { ClientIdStore } from '../../adapters/chain/clientIdStore.ts'
import { oracleGuard } from '../../adapters/oracle/oracleGuard.ts'
import { uniswapVenue } from '../../adapters/uniswap/index.ts'
import type { UniswapVenue } from '../../adapters/uniswap/index.ts'
import type { ChainSandbox } from './startChainSandbox.ts'

export interface SandboxVenueOptions {
  /** Which sandbox account signs (1.. are traders). Default 1. */
  readonly account?: number
  /** Instrument id the pool trades under. Default 'WBTC/USDC'. */
  readonly instrument?: InstrumentId
  readonly maxSlippageBps?: number
  readonly twapWindowSec?: number
  readonly maxDeviationBps?: number
  /** Chainlink round age limit; the sandbox feed only updates when told to. Default 86400. */
  readonly maxAgeSec?: number
  readonly clientIds?: ClientIdStore
  readonly pollMs?: number
}

/** The Uniswap venue wired to a running chain sandbox the way a live config wires it to mainnet: its own provider,
 * a trader's key, Chainlink checked against the pool's TWAP by the oracle guard, exact approvals.
 * @example
 * const chain = await startChainSandbox()
 * const { venue, close } = sandboxUniswapVenue(chain)
 * await venue.submit({ clientId: 'try-1', instrument: 'WBTC/USDC', side: 'sell', qty: 0.1, purpose: 'hedge', reason: 'try' })
 * close() */
export function sandboxUniswapVenue(chain: ChainSandbox, o: SandboxVenueOptions = {}): {
  venue: UniswapVenue; provider: JsonRpcProvider; guard: ReturnType<typeof oracleGuard>; close(): void
} {
  const provider = createChainProvider(chain.rpcUrl, chain.chainId, { pollingIntervalMs: o.pollMs ?? 50 })
  const guard = oracleGuard({
    chainlink: {
      provider, address: chain.addresses.btcUsdFeed,
      policy: { source: 'chainlink BTC/USD', maxAgeSec: o.maxAgeSec ?? 86_400, minPrice: 1_000, maxPrice: 10_000_000 },
    },
    twap: { provider, pool: chain.addresses.pool, base: chain.tokens.wbtc, quote: chain.tokens.usdc, windowSec: o.twapWindowSec ?? 1800 },
    maxDeviationBps: o.maxDeviationBps ?? 100,
  })
  const instrument = o.instrument ?? 'WBTC/USDC'
  const venue = uniswapVenue({
    provider, wallet: new Wallet(chain.accounts[o.account ?? 1]!.privateKey), chainId: chain.chainId,
    router: chain.addresses.router, quoterV2: chain.addresses.quoterV2,
    pairs: { [instrument]: { base: chain.tokens.wbtc, quote: chain.tokens.usdc, fee: chain.poolFee } },
    oraclePrice: async () => (await guard.read()).price,
    maxSlippageBps: o.maxSlippageBps ?? 100, pollMs: o.pollMs ?? 50,
    ...(o.clientIds ? { clientIds: o.clientIds } : {}),
  })
  return { venue, provider, guard, close: () => provider.destroy() }
}
