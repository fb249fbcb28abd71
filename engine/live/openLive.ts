import type { DestinationStream } from 'pino'
import { CcxtVenue } from '../adapters/ccxt/ccxtVenue.ts'
import { openJournal } from '../adapters/sqlite/sqliteJournal.ts'
import { PaperVenue } from '../adapters/paper/paperVenue.ts'
import { InputError } from '../errors/input.ts'
import { createLogger } from '../logging/createLogger.ts'
import { loadRunConfig } from '../runtime/loadRunConfig.ts'
import { loadSecrets, secretValues } from '../secrets/loadSecrets.ts'
import type { UnixMs } from '../domain/units.ts'
import { hedgeIdOf, type LiveSetup } from './liveStep.ts'
import { openChainVenue, type ChainVenue } from './openChainVenue.ts'
import { RoutingVenue } from './routingVenue.ts'
import type { LiveVenue } from './liveVenue.ts'

export interface OpenLiveOptions {
  readonly env?: NodeJS.ProcessEnv
  readonly dryRun?: boolean
  /** Where log lines go (default stderr). */
  readonly logTo?: DestinationStream
  readonly logLevel?: string
  readonly nowMs?: () => UnixMs
  /** Venue timeouts and retries (tests shorten them). */
  readonly venue?: { readonly timeoutMs?: number; readonly maxAttempts?: number; readonly backoffMs?: number; readonly rateLimitMs?: number }
}

/** Everything a live command needs from a config file: the strategy and its params (checked with file:line), the
 * journal, the venue with its secrets, and a logger that redacts them. The caller closes the journal.
 * - execution.venue deribit, or any ccxt id: the real venue through ccxt; `credentials.rpcUrl` (as ${ENV}) sends
 *   every call to another origin instead, which is how config/sandbox.yaml reaches the local emulator;
 * - paper: the same public market data, fills simulated by the backtester's fill model, positions in the journal.
 * - execution.chain: with hedge.instrument uniswap, hedges swap on Uniswap v3 through a RoutingVenue (options stay on
 *   the exchange); with chain.oracle, every step checks Chainlink, the pool TWAP and the exchange index first.
 * @example const live = await openLive('config/sandbox.yaml', { dryRun: true }) */
export async function openLive(configFile: string, o: OpenLiveOptions = {}): Promise<LiveSetup> {
  const env = o.env ?? process.env
  const { config, strategy, params } = await loadRunConfig(configFile, { env })
  const secrets = await loadSecrets(config, env)
  const chainCfg = config.execution.chain
  const chainSecrets = chainCfg === undefined ? [] : [chainCfg.rpcUrl.reveal(), ...(chainCfg.privateKey ? [chainCfg.privateKey.reveal()] : [])]
  const log = createLogger({ secrets: [...secretValues(secrets), ...chainSecrets], ...(o.logTo ? { destination: o.logTo } : {}), ...(o.logLevel ? { level: o.logLevel } : {}) })
  const x = config.execution
  const journal = openJournal(config.journal.path)
  let venue: LiveVenue
  const baseUrl = secrets.rpcUrl?.reveal()
  const ccxtOf = (exchangeId: string, withKeys: boolean) => new CcxtVenue({
    exchangeId, currencies: [config.vault.asset], ...o.venue,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(withKeys && secrets.apiKey ? { apiKey: secrets.apiKey.reveal() } : {}),
    ...(withKeys && secrets.secret ? { secret: secrets.secret.reveal() } : {}),
    onEvent: (e) => log.info(e, e.kind === 'retry' ? 'venue retry' : 'client id lookup'),
  })
  switch (x.venue) {
    case 'sim':
      journal.close()
      throw new InputError(configFile, 'execution.venue', 'is sim, the backtest venue', 'use paper to trade on live prices without money, or deribit (or a ccxt id) to trade.')
    case 'uniswap':
      journal.close()
      throw new InputError(configFile, 'execution.venue', 'is uniswap, which trades spot only: the vault\'s options need an exchange', 'set venue: deribit (or another ccxt id) and hedge.instrument: uniswap with an execution.chain section; see docs/live-sandbox.md.')
    case 'paper':
      venue = new PaperVenue({ market: ccxtOf('deribit', false), journal, execution: x, initialBalance: config.vault.initialNav, nowMs: o.nowMs ?? (Date.now as () => UnixMs) })
      break
    default:
      if (secrets.apiKey === undefined || secrets.secret === undefined) {
        journal.close()
        throw new InputError(configFile, 'execution.credentials', `needs apiKey and secret to trade on ${x.venue}`, 'add credentials: { apiKey: ${MY_KEY}, secret: ${MY_SECRET} } and export both variables.')
      }
      venue = ccxtOf(x.venue, true)
      if (x.testnet) (venue as CcxtVenue).ex.setSandboxMode(true)
  }
  const nowMs = o.nowMs ?? (Date.now as () => UnixMs)
  let chain: ChainVenue | undefined
  if (config.hedge?.instrument === 'uniswap' && chainCfg === undefined) {
    journal.close()
    throw new InputError(configFile, 'execution.chain', 'is missing, and hedge.instrument is uniswap: a live run needs the chain to swap on', 'add execution.chain with rpcUrl, privateKey, chainId, router, quoterV2, pool and tokens (config/sandbox-onchain.yaml shows one).')
  }
  if (chainCfg !== undefined) {
    try {
      chain = openChainVenue({ config, configFile, chain: chainCfg, privateKey: secrets.privateKey, journal, main: venue, hedgeId: hedgeIdOf(config), log, nowMs })
    } catch (e) { journal.close(); throw e }
    if (config.hedge?.instrument === 'uniswap') venue = new RoutingVenue({ main: venue, chain: chain.venue, hedgeId: hedgeIdOf(config), journal })
    // every live command closes the journal when done: the RPC connection goes with it, so nothing keeps the
    // process alive after `live --once`, `status` or `kill`
    const c = chain
    const closeJournal = journal.close.bind(journal)
    journal.close = () => { c.close(); closeJournal() }
  }
  return {
    config, strategy, params, venue, journal, log, nowMs,
    ...(chain?.oracle === undefined ? {} : { oracle: chain.oracle }),
    ...(o.dryRun === undefined ? {} : { dryRun: o.dryRun }),
  }
}
