import type { Exchange } from 'ccxt'
import { InputError } from '../../engine/errors/input.ts'
import { CANONICAL_COLUMNS } from '../formats/canonicalColumns.ts'
import { CsvAppender } from './csvAppender.ts'
import { FetchFailedError } from './fetchFailedError.ts'
import type { FetchSeriesCommon, FetchSummary } from './fetchOhlcvToCsv.ts'
import { formatTimestamp } from '../formats/timestamp.ts'
import { withRetry } from './withRetry.ts'

/** The vol format: `ts` (candle open time), `vol` annualised as a FRACTION (DVOL 55.3 is 0.553). */
export const VOL_HEADER = CANONICAL_COLUMNS.vol

/** DVOL resolutions we offer, as Deribit names them and their length in ms. */
export const DVOL_RESOLUTIONS = {
  '1D': { deribit: '1D', ms: 86_400_000 },
  '1h': { deribit: '3600', ms: 3_600_000 },
} as const

export interface FetchVolIndexOptions extends Omit<FetchSeriesCommon, 'checkpointMs' | 'maxPages'> {
  /** A Deribit client (createExchange('deribit')). */
  readonly exchange: Exchange
  readonly currency: 'BTC' | 'ETH'
  readonly resolution: keyof typeof DVOL_RESOLUTIONS
}

/** Largest number of pages one fetch follows; DVOL since 2021 at 1h is ~45 pages of 1000. */
const MAX_PAGES = 10_000

/** Downloads Deribit's DVOL index into a vol CSV through ccxt's implicit API
 * (`publicGetGetVolatilityIndexData`), following `continuation`. Deribit pages from the newest candle
 * backwards (continuation is the next request's end_timestamp), so the pages are gathered first and the
 * file is written once, in time order: a failure mid-way leaves the old file as it was. Stores the candle
 * close divided by 100; drops the candle still open; resumes after the file's last `ts`.
 * @example await fetchVolIndexToCsv({ exchange: createExchange('deribit'), currency: 'BTC', resolution: '1D',
 *   sinceMs: Date.UTC(2023, 0, 1), out: 'data/dvol-btc.csv' }) */
export async function fetchVolIndexToCsv(o: FetchVolIndexOptions): Promise<FetchSummary> {
  const ex = o.exchange
  const res = DVOL_RESOLUTIONS[o.resolution]
  if (res === undefined) {
    throw new InputError('--resolution', 'resolution', `must be 1D or 1h, got "${String(o.resolution)}"`)
  }
  const implicit = (ex as unknown as Record<string, unknown>)['publicGetGetVolatilityIndexData']
  if (typeof implicit !== 'function') {
    throw new InputError('--exchange', 'exchange', `has no volatility index API, got "${ex.id}"`, 'DVOL comes from deribit')
  }
  const now = (o.nowMs ?? Date.now)()
  const what = `${ex.id} ${o.currency} DVOL (${o.resolution})`
  const file = CsvAppender.open(o.out, VOL_HEADER)
  const startMs = file.lastTsMs === undefined ? o.sinceMs : Math.max(o.sinceMs, file.lastTsMs + res.ms)
  const endMs = Math.min(o.untilMs ?? now, now)
  const byTs = new Map<number, number>()
  let requests = 0
  let end = endMs - 1
  for (let page = 0; page < MAX_PAGES && end >= startMs; page++) {
    const params = { currency: o.currency, resolution: res.deribit, start_timestamp: startMs, end_timestamp: end }
    requests++
    const answer = await withRetry(ex, what, () => (implicit as (p: object) => Promise<unknown>).call(ex, params), o.retry)
    const result = (answer as { result?: { data?: unknown; continuation?: unknown } }).result
    if (result === undefined || !Array.isArray(result.data)) {
      throw new FetchFailedError(what, 'the answer has no result.data array')
    }
    for (const c of result.data as unknown[]) {
      if (!Array.isArray(c)) continue
      const ts = Number(c[0])
      const close = Number(c[4])
      if (Number.isFinite(ts) && Number.isFinite(close)) byTs.set(ts, close)
    }
    const next = result.continuation === null || result.continuation === undefined ? undefined : Number(result.continuation)
    // stop when Deribit says there is no more, or when the continuation would not move us back in time
    if (next === undefined || !Number.isFinite(next) || next >= end) break
    end = next
    o.onPage?.({ fraction: endMs > startMs ? (endMs - end) / (endMs - startMs) : 1, rowsAdded: 0, lastTsMs: undefined })
  }
  const ts = [...byTs.keys()].filter((t) => t >= startMs && t < endMs && t + res.ms <= now).sort((a, b) => a - b)
  for (const t of ts) file.add([formatTimestamp(t), String(percentToFraction(byTs.get(t)!))])
  file.flush({ createEmpty: true })
  return {
    file: o.out,
    rowsAdded: ts.length,
    first: ts.length === 0 ? null : formatTimestamp(ts[0]!),
    last: ts.length === 0 ? null : formatTimestamp(ts.at(-1)!),
    requests,
  }
}

/** 55.3 (percent) -> 0.553, without the float tail 55.3 / 100 leaves (0.5529999999999999). */
export function percentToFraction(pct: number): number {
  return Number((pct / 100).toPrecision(12))
}
