import type { Command } from 'commander'
import type { Exchange } from 'ccxt'
import type { CliIo } from '../io.ts'
import { InputError } from '../../errors/input.ts'
import { OptvaultError } from '../../errors/base.ts'
import { parseTimestampMs } from '../../../data/formats/timestamp.ts'
import type { FetchSummary } from '../../../data/fetch/fetchOhlcvToCsv.ts'
import type { RetryOptions } from '../../../data/fetch/withRetry.ts'

/** Flags every command that talks to an exchange shares. */
export interface ExchangeFlags {
  baseUrl?: string; rateLimitMs?: string; timeoutMs?: string; retries?: string; quiet?: boolean; json?: boolean
}

/** Adds the connection flags: where to send requests, how fast, how long to wait, how often to retry. */
export function withExchangeFlags(c: Command): Command {
  return c
    .option('--base-url <url>', 'send REST calls to this origin instead of the exchange\'s (a proxy or a local test server)')
    .option('--rate-limit-ms <ms>', 'minimum spacing between requests, in ms (default: the exchange\'s published limit)')
    .option('--timeout-ms <ms>', 'give up on one request after this many ms and retry it (default 10000)')
    .option('--retries <n>', 'retries of a failed request on network errors, 429 and 5xx, with exponential backoff (default 5)')
    .option('--quiet', 'no progress output')
    .option('--json', 'print a JSON summary on stdout')
}

/** The ccxt client and retry policy the flags describe. ccxt loads here, on first use, not when the CLI starts:
 * importing it costs over a second, which `optvault --help` and every other command should not pay. */
export async function exchangeFromFlags(id: string, f: ExchangeFlags, io: CliIo, marketTypes?: readonly string[]): Promise<{ exchange: Exchange; retry: RetryOptions }> {
  const { createExchange } = await import('../../../data/fetch/createExchange.ts')
  const exchange = createExchange(id, {
    ...(f.baseUrl === undefined ? {} : { baseUrl: checkUrl(f.baseUrl) }),
    ...(f.rateLimitMs === undefined ? {} : { rateLimitMs: intFlag('--rate-limit-ms', f.rateLimitMs, 0) }),
    ...(f.timeoutMs === undefined ? {} : { timeoutMs: intFlag('--timeout-ms', f.timeoutMs, 1) }),
    ...(marketTypes === undefined ? {} : { marketTypes }),
  })
  const retry: RetryOptions = {
    ...(f.retries === undefined ? {} : { retries: intFlag('--retries', f.retries, 0) }),
    onRetry: ({ attempt, delayMs, error }) => {
      if (f.quiet !== true) io.err(`retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s after ${error.constructor.name}\n`)
    },
  }
  return { exchange, retry }
}

/** A time flag by the dataset rule (ISO 8601, or epoch seconds below 1e11, else ms), to ms UTC. */
export function timeFlag(flag: string, text: string): number {
  const ms = parseTimestampMs(text)
  if (Number.isNaN(ms)) {
    throw new InputError(flag, flag.replace(/^--/, ''), `is not a date, got "${text}"`, 'write 2024-01-01, 2024-01-01T00:00:00Z or epoch seconds')
  }
  return ms
}

export function intFlag(flag: string, text: string, min: number): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < min) throw new InputError(flag, flag.replace(/^--/, ''), `must be a whole number >= ${min}, got "${text}"`)
  return n
}

function checkUrl(text: string): string {
  try {
    const u = new URL(text)
    if (u.protocol === 'http:' || u.protocol === 'https:') return text
  } catch { /* reported below */ }
  throw new InputError('--base-url', 'base-url', `is not an http(s) URL, got "${text}"`)
}

function need(flag: string, v: string | undefined): string {
  if (v === undefined || v.trim() === '') throw new InputError(flag, flag.replace(/^--/, ''), 'is required')
  return v
}

function range(f: { since?: string; until?: string }, sinceRequired: boolean): { sinceMs: number; untilMs?: number } {
  const sinceMs = timeFlag('--since', sinceRequired ? need('--since', f.since) : (f.since ?? '2021-03-24'))
  if (f.until === undefined) return { sinceMs }
  const untilMs = timeFlag('--until', f.until)
  if (untilMs <= sinceMs) {
    throw new InputError('--until', 'until', `must be after --since, got ${new Date(untilMs).toISOString()} <= ${new Date(sinceMs).toISOString()}`)
  }
  return { sinceMs, untilMs }
}

function report(io: CliIo, f: ExchangeFlags, s: FetchSummary): void {
  const summary = { file: s.file, rowsAdded: s.rowsAdded, first: s.first, last: s.last }
  if (f.json === true) io.out(`${JSON.stringify(summary)}\n`)
  else if (s.rowsAdded === 0) io.out(`${s.file}: already up to date, nothing added\n`)
  else io.out(`${s.file}: added ${s.rowsAdded} rows, ${s.first} to ${s.last}\n`)
}

/** SIGINT/SIGTERM end a download after the page in flight, with every whole row received kept on disk. */
function onInterrupt(): { signal: AbortSignal; dispose: () => void } {
  const c = new AbortController()
  const abort = () => c.abort()
  process.once('SIGINT', abort)
  process.once('SIGTERM', abort)
  return { signal: c.signal, dispose: () => { process.off('SIGINT', abort); process.off('SIGTERM', abort) } }
}

function interrupted(s: FetchSummary): OptvaultError {
  return new OptvaultError(`Interrupted: ${s.rowsAdded} rows were added to ${s.file} before the stop.`,
    { fix: 'Run the same command again: it resumes where the file ends.' })
}

interface FetchFlags extends ExchangeFlags {
  exchange?: string; symbol?: string; timeframe?: string; since?: string; until?: string; out?: string
  limit?: string; checkpointSecs?: string
}

/** `optvault data fetch`, `fetch-vol` and `fetch-funding`: download exchange history through ccxt into the
 * canonical CSVs, resuming where an existing file ends. */
export function registerDataFetch(data: Command, io: CliIo): void {
  withExchangeFlags(data.command('fetch')
    .description('Download OHLCV candles through ccxt into a bars CSV (ts = candle open, UTC). Pages through the '
      + 'range, retries network errors, drops the candle still open; rerunning appends only what is missing.')
    .option('--exchange <id>', 'ccxt exchange id, e.g. binance, deribit')
    .option('--symbol <sym>', 'ccxt unified symbol, e.g. BTC/USDT (spot) or BTC/USDT:USDT (perpetual)')
    .option('--timeframe <tf>', 'ccxt timeframe, e.g. 1m, 1h, 1d')
    .option('--since <date>', 'first candle, UTC (ISO 8601 or epoch)')
    .option('--until <date>', 'end of the range, UTC, exclusive (default: now)')
    .option('--out <file>', 'bars CSV to create or resume')
    .option('--limit <n>', 'candles per request (default: the exchange\'s maximum)')
    .option('--checkpoint-secs <s>', 'write progress to disk at most this often; each write rewrites the file (default 5)'))
    .action(async (f: FetchFlags) => {
      const { fetchOhlcvToCsv } = await import('../../../data/fetch/fetchOhlcvToCsv.ts')
      const { createFetchProgress } = await import('../../../data/fetch/fetchProgress.ts')
      const id = need('--exchange', f.exchange)
      const symbol = need('--symbol', f.symbol)
      const timeframe = need('--timeframe', f.timeframe)
      const out = need('--out', f.out)
      const { sinceMs, untilMs } = range(f, true)
      // binance: load only the market family the symbol lives in (spot, or USD-M and COIN-M for `:`)
      const { exchange, retry } = await exchangeFromFlags(id, f, io, symbol.includes(':') ? ['linear', 'inverse'] : ['spot'])
      const progress = createFetchProgress(io, { quiet: f.quiet === true, label: `${id} ${symbol} ${timeframe}` })
      const interrupt = onInterrupt()
      try {
        const s = await fetchOhlcvToCsv({
          exchange, symbol, timeframe, sinceMs, out, retry, signal: interrupt.signal,
          ...(untilMs === undefined ? {} : { untilMs }),
          ...(f.limit === undefined ? {} : { limit: intFlag('--limit', f.limit, 1) }),
          ...(f.checkpointSecs === undefined ? {} : { checkpointMs: intFlag('--checkpoint-secs', f.checkpointSecs, 0) * 1000 }),
          onPage: (p) => progress.update(p.fraction, p.rowsAdded, p.lastTsMs === undefined ? '' : `up to ${new Date(p.lastTsMs).toISOString()}`),
        })
        progress.stop()
        report(io, f, s)
        if (interrupt.signal.aborted) throw interrupted(s)
      } finally {
        interrupt.dispose()
        progress.stop() // on failure too, so the error starts on a fresh line
      }
    })

  withExchangeFlags(data.command('fetch-vol')
    .description('Download Deribit\'s DVOL volatility index into a vol CSV (vol as a fraction: DVOL 55.3 -> 0.553). '
      + 'Rerunning appends only newer candles.')
    .option('--currency <c>', 'BTC or ETH')
    .option('--since <date>', 'first candle, UTC (default 2021-03-24, when DVOL starts)')
    .option('--until <date>', 'end of the range, UTC, exclusive (default: now)')
    .option('--resolution <r>', '1D or 1h (default 1D)')
    .option('--out <file>', 'vol CSV to create or resume'))
    .action(async (f: FetchFlags & { currency?: string; resolution?: string }) => {
      const { DVOL_RESOLUTIONS, fetchVolIndexToCsv } = await import('../../../data/fetch/fetchVolIndexToCsv.ts')
      const { createFetchProgress } = await import('../../../data/fetch/fetchProgress.ts')
      const currency = need('--currency', f.currency)
      if (currency !== 'BTC' && currency !== 'ETH') throw new InputError('--currency', 'currency', `must be BTC or ETH, got "${currency}"`)
      const resolution = f.resolution ?? '1D'
      if (!(resolution in DVOL_RESOLUTIONS)) throw new InputError('--resolution', 'resolution', `must be 1D or 1h, got "${resolution}"`)
      const out = need('--out', f.out)
      const { sinceMs, untilMs } = range(f, false)
      const { exchange, retry } = await exchangeFromFlags('deribit', f, io)
      const progress = createFetchProgress(io, { quiet: f.quiet === true, label: `deribit ${currency} DVOL ${resolution}` })
      try {
        const s = await fetchVolIndexToCsv({
          exchange, currency, resolution: resolution as keyof typeof DVOL_RESOLUTIONS, sinceMs, out, retry,
          ...(untilMs === undefined ? {} : { untilMs }),
          onPage: (p) => progress.update(p.fraction, p.rowsAdded, 'pages newest first'),
        })
        progress.stop()
        report(io, f, s)
      } finally {
        progress.stop() // on failure too, so the error starts on a fresh line
      }
    })

  withExchangeFlags(data.command('fetch-funding')
    .description('Download a perpetual\'s funding-rate history through ccxt into a funding CSV (rate per funding '
      + 'interval, as a fraction). Rerunning appends only newer records.')
    .option('--exchange <id>', 'ccxt exchange id, e.g. deribit, binance')
    .option('--symbol <sym>', 'perpetual, ccxt unified: BTC/USD:BTC (deribit), BTC/USDT:USDT (binance)')
    .option('--since <date>', 'first record, UTC')
    .option('--until <date>', 'end of the range, UTC, exclusive (default: now)')
    .option('--out <file>', 'funding CSV to create or resume')
    .option('--checkpoint-secs <s>', 'write progress to disk at most this often (default 5)'))
    .action(async (f: FetchFlags) => {
      const { fetchFundingToCsv } = await import('../../../data/fetch/fetchFundingToCsv.ts')
      const { createFetchProgress } = await import('../../../data/fetch/fetchProgress.ts')
      const id = need('--exchange', f.exchange)
      const symbol = need('--symbol', f.symbol)
      const out = need('--out', f.out)
      const { sinceMs, untilMs } = range(f, true)
      const { exchange, retry } = await exchangeFromFlags(id, f, io, ['linear', 'inverse'])
      const progress = createFetchProgress(io, { quiet: f.quiet === true, label: `${id} ${symbol} funding` })
      const interrupt = onInterrupt()
      try {
        const s = await fetchFundingToCsv({
          exchange, symbol, sinceMs, out, retry, signal: interrupt.signal,
          ...(untilMs === undefined ? {} : { untilMs }),
          ...(f.checkpointSecs === undefined ? {} : { checkpointMs: intFlag('--checkpoint-secs', f.checkpointSecs, 0) * 1000 }),
          onPage: (p) => progress.update(p.fraction, p.rowsAdded, p.lastTsMs === undefined ? '' : `up to ${new Date(p.lastTsMs).toISOString()}`),
        })
        progress.stop()
        report(io, f, s)
        if (interrupt.signal.aborted) throw interrupted(s)
      } finally {
        interrupt.dispose()
        progress.stop() // on failure too, so the error starts on a fresh line
      }
    })
}
