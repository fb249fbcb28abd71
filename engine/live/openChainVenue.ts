import { Wallet } from 'ethers'
import type { Logger } from 'pino'
import { createChainProvider } from '../adapters/chain/createChainProvider.ts'
import { oracleGuard } from '../adapters/oracle/oracleGuard.ts'
import type { GuardedPrice } from '../adapters/oracle/oracleGuard.ts'
import type { SqliteJournal } from '../adapters/sqlite/sqliteJournal.ts'
import { uniswapVenue } from '../adapters/uniswap/uniswapVenue.ts'
import type { UniswapVenue } from '../adapters/uniswap/uniswapVenue.ts'
import type { OptvaultConfig } from '../config/loadConfig.ts'
import type { Secret } from '../config/secret.ts'
import type { OraclePrice } from '../domain/oracle/oraclePrice.ts'
import type { UnixMs } from '../domain/units.ts'
import { InputError } from '../errors/input.ts'
import type { LiveVenue } from './liveVenue.ts'

export type ChainConfig = NonNullable<OptvaultConfig['execution']['chain']>

/** The on-chain half of a live run, as openLive wires it. */
export interface ChainVenue {
  readonly venue: UniswapVenue
  /** The oracle guard (Chainlink, pool TWAP, exchange index) when execution.chain.oracle is configured. */
  readonly oracle?: { read(): Promise<GuardedPrice> }
  /** Frees the RPC connection. */
  close(): void
}

/** Builds the Uniswap venue of `execution.chain` for the hedge instrument `hedgeId`: its own provider and signer,
 * the journal's persistent ClientIdStore (a transaction is on disk before it is broadcast, so a rerun after a crash
 * re-sends the same signed bytes, never a second swap), and swap bounds from the oracle price and
 * `chain.maxSlippageBps` (default risk.maxSlippageBps). With `chain.oracle` the bound is Chainlink's price, checked
 * for staleness and bounds and against the pool TWAP and the exchange index; without it, the exchange index.
 * @example const c = openChainVenue({ config, configFile, chain: config.execution.chain!, privateKey, journal, main, hedgeId: 'UNIV3:BTC/USD', log, nowMs: Date.now }) */
export function openChainVenue(o: {
  readonly config: OptvaultConfig
  readonly configFile: string
  readonly chain: ChainConfig
  readonly privateKey: Secret | undefined
  readonly journal: SqliteJournal
  readonly main: LiveVenue
  readonly hedgeId: string
  readonly log: Logger
  readonly nowMs: () => UnixMs
}): ChainVenue {
  const c = o.chain
  const asset = o.config.vault.asset
  const key = c.privateKey ?? o.privateKey
  if (key === undefined) {
    throw new InputError(o.configFile, 'execution.chain.privateKey', 'is missing; the hedge swaps need a wallet to sign them', 'add privateKey: ${MY_WALLET_KEY} under execution.chain, or set OPTVAULT_KEYSTORE and OPTVAULT_KEYSTORE_PASSWORD.')
  }
  let wallet: Wallet
  try { wallet = new Wallet(key.reveal()) } catch {
    // ethers' message would quote the bad key; say what is wrong without it
    throw new InputError(o.configFile, 'execution.chain.privateKey', 'is not a valid private key (32 bytes as 0x + 64 hex digits)', 'check the environment variable it comes from.')
  }
  const provider = createChainProvider(c.rpcUrl.reveal(), c.chainId, { pollingIntervalMs: 200 })
  const indexPrice = { source: `${o.main.name} ${asset} index`, read: async () => (await o.main.index(asset)).price }
  const guard = c.oracle === undefined ? undefined : oracleGuard({
    chainlink: {
      provider, address: c.oracle.chainlinkFeed,
      policy: { source: `chainlink ${asset}/USD`, maxAgeSec: c.oracle.heartbeatSec, minPrice: c.oracle.minPrice, maxPrice: c.oracle.maxPrice },
    },
    twap: { provider, pool: c.pool, base: c.tokens.base, quote: c.tokens.quote, windowSec: c.oracle.twapWindowSec },
    indexPrice,
    maxDeviationBps: c.oracle.maxDeviationBps,
    nowMs: o.nowMs,
  })
  const fromIndex = async (): Promise<OraclePrice> => {
    const ix = await o.main.index(asset)
    // 8 decimals like Chainlink's USD feeds; the index is a float, rounded once here
    return { answer: BigInt(Math.round(ix.price * 1e8)), decimals: 8, source: indexPrice.source, updatedAtMs: ix.tMs }
  }
  const venue = uniswapVenue({
    provider, wallet, chainId: c.chainId, router: c.router, quoterV2: c.quoterV2,
    pairs: { [o.hedgeId]: { base: c.tokens.base, quote: c.tokens.quote, fee: c.poolFee } },
    oraclePrice: async () => (guard === undefined ? fromIndex() : (await guard.read()).price),
    maxSlippageBps: c.maxSlippageBps ?? o.config.risk.maxSlippageBps,
    deadlineSec: c.deadlineSec, confirmations: c.confirmations, pollMs: 200,
    clientIds: o.journal.clientIdStore(o.nowMs),
    nowMs: o.nowMs,
  })
  return { venue, ...(guard === undefined ? {} : { oracle: guard }), close: () => provider.destroy() }
}
