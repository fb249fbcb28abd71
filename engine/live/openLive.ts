import type { DestinationStream } from 'pino'
import { CcxtVenue } from '../adapters/ccxt/ccxtVenue.ts'
import { openJournal } from '../adapters/sqlite/sqliteJournal.ts'
import { PaperVenue } from '../adapters/paper/paperVenue.ts'
import { InputError } from '../errors/input.ts'
import { NotAvailableError } from '../errors/notAvailable.ts'
import { createLogger } from '../logging/createLogger.ts'
import { loadRunConfig } from '../runtime/loadRunConfig.ts'
import { loadSecrets, secretValues } from '../secrets/loadSecrets.ts'
import type { UnixMs } from '../domain/units.ts'
import type { LiveSetup } from './liveStep.ts'
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
 * @example const live = await openLive('config/sandbox.yaml', { dryRun: true }) */
export async function openLive(configFile: string, o: OpenLiveOptions = {}): Promise<LiveSetup> {
  const env = o.env ?? process.env
  const { config, strategy, params } = await loadRunConfig(configFile, { env })
  const secrets = await loadSecrets(config, env)
  const log = createLogger({ secrets: secretValues(secrets), ...(o.logTo ? { destination: o.logTo } : {}), ...(o.logLevel ? { level: o.logLevel } : {}) })
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
      throw new NotAvailableError('optvault live with execution.venue: uniswap')
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
  return {
    config, strategy, params, venue, journal, log, nowMs: o.nowMs ?? (Date.now as () => UnixMs),
    ...(o.dryRun === undefined ? {} : { dryRun: o.dryRun }),
  }
}
