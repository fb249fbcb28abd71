import type { Exchange } from 'ccxt'
import { InputError } from '../../engine/errors/input.ts'
import { CANONICAL_COLUMNS } from '../formats/canonicalColumns.ts'
import { CsvAppender } from './csvAppender.ts'
import { formatTimestamp } from '../formats/timestamp.ts'
import { withRetry, type RetryOptions } from './withRetry.ts'

/** The bars format: `ts` is the bar's OPEN time; prices in quote currency, volume in base units. */
export const BAR_HEADER = CANONICAL_COLUMNS.bars

export interface FetchSeriesCommon {
  /** Output CSV; created, or resumed after its last `ts`. */
  readonly out: string
  /** First time wanted, ms UTC. A resumed file starts after its own last row instead, if that is later. */
  readonly sinceMs: number
  /** End of the range, ms UTC, exclusive. Default: now. */
  readonly untilMs?: number
  readonly retry?: RetryOptions
  /** The clock that decides which candle is still open. Default Date.now. */
  readonly nowMs?: () => number
  /** Write progress to disk at most this often, in ms (0: after every page). Default 5 000. Each write
   * rewrites the whole file (write then rename), so this bounds the cost on long histories. */
  readonly checkpointMs?: number
  /** Stop after this many pages (tests; and a way to fetch a large range in slices). */
  readonly maxPages?: number
  /** Aborting stops the download after the page in flight; what was received is written (Ctrl-C). */
  readonly signal?: AbortSignal
  /** After each page: the fraction of the range covered, rows added so far, and the newest ts written. */
  readonly onPage?: (p: { fraction: number; rowsAdded: number; lastTsMs: number | undefined }) => void
}

export interface FetchOhlcvOptions extends FetchSeriesCommon {
  readonly exchange: Exchange
  /** ccxt unified symbol, e.g. `BTC/USDT` (spot) or `BTC/USD:BTC` (Deribit perpetual). */
  readonly symbol: string
  /** ccxt timeframe, e.g. `1m`, `1h`, `1d`. */
  readonly timeframe: string
  /** Candles per request. Default: what ccxt says the exchange serves per call, else 500. */
  readonly limit?: number
}

/** What a fetch did, for `--json` and for callers. */
export interface FetchSummary {
  readonly file: string
  readonly rowsAdded: number
  /** ts of the first and last row added, ISO 8601 UTC; null when nothing was added. */
  readonly first: string | null
  readonly last: string | null
  readonly requests: number
}

/** Downloads closed OHLCV candles into a bars CSV through ccxt: pages with `fetchOHLCV(since, limit)`,
 * moving `since` past the last candle received; retries network failures; drops the candle still forming
 * (open time + timeframe after now); appends only rows after the file's last `ts`, so a rerun resumes and
 * never duplicates. On failure, pages already received are written (whole rows only) before it throws.
 * @example await fetchOhlcvToCsv({ exchange: createExchange('binance'), symbol: 'BTC/USDT', timeframe: '1h',
 *   sinceMs: Date.UTC(2024, 0, 1), out: 'data/btc-1h.csv' }) */
export async function fetchOhlcvToCsv(o: FetchOhlcvOptions): Promise<FetchSummary> {
  const ex = o.exchange
  const now = o.nowMs ?? Date.now
  if (!(o.timeframe in (ex.timeframes ?? {}))) {
    throw new InputError('--timeframe', 'timeframe', `is not one ${ex.id} serves, got "${o.timeframe}"`,
      `use one of ${Object.keys(ex.timeframes ?? {}).join(', ')}`)
  }
  const tfMs = ex.parseTimeframe(o.timeframe) * 1000
  const what = `${ex.id} ${o.symbol} ${o.timeframe} candles`
  let requests = 0
  const call = <T>(f: () => Promise<T>) => { requests++; return withRetry(ex, what, f, o.retry) }
  const markets = await call(() => ex.loadMarkets())
  if (markets[o.symbol] === undefined) {
    const near = Object.keys(markets).filter((s) => s.startsWith(o.symbol.split(/[/:]/)[0] ?? '')).slice(0, 5)
    throw new InputError('--symbol', 'symbol', `is not a market on ${ex.id}, got "${o.symbol}"`,
      near.length > 0 ? `use a ccxt unified symbol such as ${near.join(', ')}` : 'use a ccxt unified symbol such as BTC/USDT')
  }
  const market = markets[o.symbol]!
  const limit = o.limit ?? featureLimit(ex, market) ?? 500

  const file = CsvAppender.open(o.out, BAR_HEADER)
  const endMs = Math.min(o.untilMs ?? Number.POSITIVE_INFINITY, now())
  const startMs = file.lastTsMs === undefined ? o.sinceMs : Math.max(o.sinceMs, file.lastTsMs + tfMs)
  let lastWritten = file.lastTsMs ?? Number.NEGATIVE_INFINITY
  let cursor = startMs
  let first: number | undefined
  let added = 0
  let pages = 0
  let lastFlushAt = now()
  let emptyRun = 0
  const checkpointMs = o.checkpointMs ?? 5_000
  const params: Record<string, unknown> = o.untilMs === undefined ? {} : { until: o.untilMs - 1 }

  try {
    // a candle is closed once its open time + timeframe has passed; none can be closed beyond this point
    while (cursor < endMs && cursor + tfMs <= now()) {
      if ((o.maxPages !== undefined && pages >= o.maxPages) || o.signal?.aborted === true) break
      const since = cursor
      const page = await call(() => ex.fetchOHLCV(o.symbol, o.timeframe, since, limit, params))
      pages++
      const nowMs = now()
      let maxTs = Number.NEGATIVE_INFINITY
      for (const c of page) {
        const ts = c[0]
        if (typeof ts !== 'number') continue
        if (ts > maxTs) maxTs = ts
        if (ts < since || ts <= lastWritten || ts >= endMs || ts + tfMs > nowMs) continue
        file.add([formatTimestamp(ts), num(c[1]), num(c[2]), num(c[3]), num(c[4]), num(c[5])])
        lastWritten = ts
        first ??= ts
        added++
      }
      if (page.length === 0) {
        // nothing in this window: a gap in the exchange's history, or the end of it. Exchanges that answer a
        // fixed window (Deribit) need the jump; exchanges that answer "from since on" (Binance) end here soon.
        if (++emptyRun >= MAX_EMPTY_PAGES) break
        cursor = since + limit * tfMs
      } else {
        emptyRun = 0
        // only candles older than `since`: nothing newer exists yet (and never loop on the same page)
        if (maxTs < since) break
        cursor = maxTs + tfMs
      }
      if (now() - lastFlushAt >= checkpointMs) { file.flush(); lastFlushAt = now() }
      o.onPage?.({ fraction: endMs > startMs ? (Math.min(cursor, endMs) - startMs) / (endMs - startMs) : 1, rowsAdded: added, lastTsMs: Number.isFinite(lastWritten) ? lastWritten : undefined })
    }
  } finally {
    // whole rows received before a failure are kept: a rerun resumes after them
    file.flush({ createEmpty: true })
  }
  return {
    file: o.out,
    rowsAdded: added,
    first: first === undefined ? null : formatTimestamp(first),
    last: added === 0 ? null : formatTimestamp(lastWritten),
    requests,
  }
}

/** Consecutive empty pages after which a fetch stops looking further ahead. */
const MAX_EMPTY_PAGES = 50

/** Candles ccxt says the exchange serves per fetchOHLCV call for this market type, if it says. */
function featureLimit(ex: Exchange, market: { type?: string; linear?: boolean | undefined; inverse?: boolean | undefined }): number | undefined {
  const f = (ex.features ?? {}) as Record<string, unknown>
  const byType = f[market.type ?? 'spot'] as Record<string, unknown> | undefined
  if (byType === undefined) return undefined
  const sub = (byType['fetchOHLCV'] === undefined
    ? (market.inverse === true ? byType['inverse'] : byType['linear'])
    : byType) as Record<string, unknown> | undefined
  const limit = (sub?.['fetchOHLCV'] as { limit?: unknown } | undefined)?.limit
  return typeof limit === 'number' && limit > 0 ? limit : undefined
}

/** A number as the dataset writes it: shortest round-trip decimal, empty when missing. */
export function num(x: unknown): string {
  return typeof x === 'number' && Number.isFinite(x) ? String(x) : ''
}
