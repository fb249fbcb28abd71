import type { Exchange } from 'ccxt'
import { InputError } from '../../engine/errors/input.ts'
import { CANONICAL_COLUMNS } from '../formats/canonicalColumns.ts'
import { CsvAppender } from './csvAppender.ts'
import { num, type FetchSeriesCommon, type FetchSummary } from './fetchOhlcvToCsv.ts'
import { formatTimestamp } from '../formats/timestamp.ts'
import { withRetry } from './withRetry.ts'

/** The funding format: `ts`, `rate` = funding per funding interval as a fraction (0.0001 = 0.01% per 8 h).
 * Deribit publishes one record an hour, each carrying the 8-hour rate (`interest_8h`); Binance one record
 * per 8-hour settlement. Both are stored as the exchange states them. */
export const FUNDING_HEADER = CANONICAL_COLUMNS.funding

export interface FetchFundingOptions extends FetchSeriesCommon {
  readonly exchange: Exchange
  /** A perpetual, ccxt unified: `BTC/USD:BTC` (Deribit), `BTC/USDT:USDT` (Binance USD-M). */
  readonly symbol: string
  /** Records per request; default: the exchange's own default. */
  readonly limit?: number
  /** How far to look ahead after an empty page (exchanges that answer a fixed window). Default 30 days,
   * the window ccxt asks Deribit for. */
  readonly emptyWindowMs?: number
}

const MAX_EMPTY_PAGES = 50

/** Downloads a perpetual's funding-rate history into a funding CSV through ccxt's
 * `fetchFundingRateHistory`, paging forward from the last record received; retries network failures;
 * resumes after the file's last `ts`. Pages received before a failure are written before it throws.
 * @example await fetchFundingToCsv({ exchange: createExchange('deribit'), symbol: 'BTC/USD:BTC',
 *   sinceMs: Date.UTC(2024, 0, 1), out: 'data/funding-btc.csv' }) */
export async function fetchFundingToCsv(o: FetchFundingOptions): Promise<FetchSummary> {
  const ex = o.exchange
  const now = o.nowMs ?? Date.now
  if (ex.has['fetchFundingRateHistory'] !== true) {
    throw new InputError('--exchange', 'exchange', `has no funding-rate history in ccxt, got "${ex.id}"`, 'use deribit, binance, bybit or okx')
  }
  const what = `${ex.id} ${o.symbol} funding rates`
  let requests = 0
  const call = <T>(f: () => Promise<T>) => { requests++; return withRetry(ex, what, f, o.retry) }
  const markets = await call(() => ex.loadMarkets())
  const market = markets[o.symbol]
  if (market === undefined || market.swap !== true) {
    const perps = Object.values(markets).filter((m) => m?.swap === true).map((m) => m!.symbol).slice(0, 5)
    throw new InputError('--symbol', 'symbol', `is not a perpetual on ${ex.id}, got "${o.symbol}"`,
      perps.length > 0 ? `use one of ${perps.join(', ')}` : 'use a perpetual in ccxt form, e.g. BTC/USDT:USDT')
  }
  const file = CsvAppender.open(o.out, FUNDING_HEADER)
  const startMs = file.lastTsMs === undefined ? o.sinceMs : Math.max(o.sinceMs, file.lastTsMs + 1)
  const endMs = Math.min(o.untilMs ?? Number.POSITIVE_INFINITY, now())
  const params: Record<string, unknown> = o.untilMs === undefined ? {} : { until: o.untilMs - 1 }
  const windowMs = o.emptyWindowMs ?? 30 * 86_400_000
  const checkpointMs = o.checkpointMs ?? 5_000
  let lastWritten = file.lastTsMs ?? Number.NEGATIVE_INFINITY
  let cursor = startMs
  let first: number | undefined
  let added = 0
  let pages = 0
  let emptyRun = 0
  let lastFlushAt = now()
  try {
    while (cursor < endMs) {
      if ((o.maxPages !== undefined && pages >= o.maxPages) || o.signal?.aborted === true) break
      const since = cursor
      const page = await call(() => ex.fetchFundingRateHistory(o.symbol, since, o.limit, params))
      pages++
      const rows = page
        .filter((r) => typeof r.timestamp === 'number' && r.timestamp >= since && r.timestamp < endMs && r.timestamp > lastWritten)
        .sort((a, b) => a.timestamp! - b.timestamp!)
      for (const r of rows) {
        file.add([formatTimestamp(r.timestamp!), num(r.fundingRate)])
        lastWritten = r.timestamp!
        first ??= r.timestamp!
        added++
      }
      const maxTs = Math.max(...page.map((r) => r.timestamp ?? Number.NEGATIVE_INFINITY))
      if (page.length === 0) {
        if (++emptyRun >= MAX_EMPTY_PAGES) break
        cursor = since + windowMs
      } else {
        emptyRun = 0
        // only records older than `since` (ccxt asks Deribit from since - 1): there is nothing newer yet
        if (maxTs < since) break
        cursor = maxTs + 1
      }
      if (now() - lastFlushAt >= checkpointMs) { file.flush(); lastFlushAt = now() }
      o.onPage?.({ fraction: Number.isFinite(endMs) && endMs > startMs ? (Math.min(cursor, endMs) - startMs) / (endMs - startMs) : 1, rowsAdded: added, lastTsMs: added > 0 ? lastWritten : undefined })
    }
  } finally {
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
