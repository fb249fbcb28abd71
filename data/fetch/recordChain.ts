import type { Exchange, MarketInterface, Option } from 'ccxt'
import { join } from 'node:path'
import { InputError } from '../../engine/errors/input.ts'
import { CANONICAL_COLUMNS } from '../formats/canonicalColumns.ts'
import { CsvAppender } from './csvAppender.ts'
import { num } from './fetchOhlcvToCsv.ts'
import { formatTimestamp } from '../formats/timestamp.ts'
import { percentToFraction } from './fetchVolIndexToCsv.ts'
import { withRetry, type RetryOptions } from './withRetry.ts'

/** The chain format, one row per instrument per snapshot.
 * - `ts`: when the snapshot was requested; `expiry`: the option's expiry (Deribit: 08:00 UTC)
 * - `bid`, `ask`, `mark`: in units of the underlying coin (Deribit quotes BTC and ETH options inversely:
 *   0.05 on a BTC option means 0.05 BTC); empty bid or ask = no quote on that side
 * - `bid_iv`, `ask_iv`, `mark_iv`: annualised implied vol as fractions (Deribit sends percent)
 * - `underlying_price`: the forward Deribit prices the option off, in USD
 * - `open_interest`: in contracts (one contract = one coin on Deribit) */
export const CHAIN_HEADER = CANONICAL_COLUMNS.chain

export interface ChainSnapshotOptions {
  /** A client whose ccxt class has fetchOptionChain (deribit). */
  readonly exchange: Exchange
  /** Underlying coin: BTC or ETH on Deribit. */
  readonly currency: string
  /** Also ask each quoted option's ticker for bid_iv and ask_iv (one request per quoted instrument; the
   * book summary behind fetchOptionChain carries only mark_iv). Default true. */
  readonly quoteIvs?: boolean
  readonly retry?: RetryOptions
  readonly nowMs?: () => number
  /** Ticker requests in flight at once; ccxt's rate limiter still spaces them. Default 4. */
  readonly concurrency?: number
}

export interface ChainSnapshot {
  readonly tsMs: number
  /** Rows in CHAIN_HEADER order, already formatted. */
  readonly rows: readonly (readonly string[])[]
}

/** Takes one snapshot of a currency's whole option chain through ccxt (`fetchOptionChain`, plus `fetchTicker`
 * per quoted option for bid/ask IVs), as chain-format rows sorted by expiry, strike and type.
 * @example const s = await snapshotChain({ exchange: createExchange('deribit'), currency: 'BTC' }) */
export async function snapshotChain(o: ChainSnapshotOptions): Promise<ChainSnapshot> {
  const ex = o.exchange
  const now = o.nowMs ?? Date.now
  if (ex.has['fetchOptionChain'] !== true) {
    throw new InputError('--exchange', 'exchange', `has no option chain in ccxt, got "${ex.id}"`, 'use deribit')
  }
  const what = `${ex.id} ${o.currency} option chain`
  const call = <T>(f: () => Promise<T>) => withRetry(ex, what, f, o.retry)
  const tsMs = now()
  // reload every snapshot: new expiries are listed every day
  await call(() => ex.loadMarkets(true))
  if (ex.currencies?.[o.currency] === undefined) {
    throw new InputError('--currency', 'currency', `is not a currency on ${ex.id}, got "${o.currency}"`,
      `use one of ${Object.keys(ex.currencies ?? {}).join(', ')}`)
  }
  const chain = await call(() => ex.fetchOptionChain(o.currency))
  const entries: Array<{ market: MarketInterface; opt: Option }> = []
  for (const opt of Object.values(chain)) {
    if (opt === undefined) continue
    const market = ex.markets?.[opt.symbol ?? '']
    if (market === undefined || market.option !== true || market.expiry === undefined) continue
    entries.push({ market, opt })
  }
  entries.sort((a, b) => (a.market.expiry! - b.market.expiry!) || ((a.market.strike ?? 0) - (b.market.strike ?? 0))
    || String(a.market.optionType).localeCompare(String(b.market.optionType)) || String(a.market.id).localeCompare(String(b.market.id)))

  const ivs = new Map<string, { bid: number | undefined; ask: number | undefined }>()
  if (o.quoteIvs !== false) {
    const quoted = entries.filter((e) => quoted0(e.opt.bidPrice) || quoted0(e.opt.askPrice))
    let next = 0
    const worker = async () => {
      while (next < quoted.length) {
        const { market } = quoted[next++]!
        const t = await call(() => ex.fetchTicker(market.symbol))
        const info = t.info as Record<string, unknown>
        ivs.set(market.symbol, { bid: percent(info['bid_iv']), ask: percent(info['ask_iv']) })
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 4) }, worker))
  }

  const ts = formatTimestamp(tsMs)
  const rows = entries.map(({ market, opt }) => {
    const info = opt.info as Record<string, unknown>
    const bid = quoted0(opt.bidPrice) ? opt.bidPrice : undefined
    const ask = quoted0(opt.askPrice) ? opt.askPrice : undefined
    const iv = ivs.get(market.symbol)
    return [
      ts, String(market.id), formatTimestamp(market.expiry!), num(market.strike), market.optionType === 'put' ? 'put' : 'call',
      num(bid), num(ask), num(opt.markPrice),
      bid === undefined ? '' : num(iv?.bid), ask === undefined ? '' : num(iv?.ask), num(percent(info['mark_iv'])),
      num(opt.underlyingPrice), num(opt.openInterest),
    ]
  })
  return { tsMs, rows }
}

export interface RecordChainOptions extends ChainSnapshotOptions {
  /** Folder for the daily files `chain-YYYY-MM-DD.csv` (UTC date of the snapshot). */
  readonly dir: string
}

export interface RecordedSnapshot {
  readonly file: string
  readonly ts: string
  readonly rows: number
}

/** Takes one snapshot and appends it to that day's chain file, atomically (write then rename). A snapshot
 * not newer than the file's last one is skipped, so a file never holds one snapshot twice.
 * @example await recordChainSnapshot({ exchange: createExchange('deribit'), currency: 'BTC', dir: 'data/chain' }) */
export async function recordChainSnapshot(o: RecordChainOptions): Promise<RecordedSnapshot> {
  const snap = await snapshotChain(o)
  const ts = formatTimestamp(snap.tsMs)
  const file = join(o.dir, `chain-${ts.slice(0, 10)}.csv`)
  const out = CsvAppender.open(file, CHAIN_HEADER)
  if (out.lastTsMs !== undefined && out.lastTsMs >= snap.tsMs) return { file, ts, rows: 0 }
  for (const r of snap.rows) out.add(r)
  out.flush({ createEmpty: true })
  return { file, ts, rows: snap.rows.length }
}

/** The first instant after `nowMs` that is a whole multiple of `everyMs` since the epoch: for 1 h, the next
 * top of the hour UTC. Snapshots at the same wall-clock times line up across days and machines.
 * @example nextAlignedMs(Date.UTC(2024, 0, 1, 10, 20), 3_600_000) // Date.UTC(2024, 0, 1, 11) */
export function nextAlignedMs(nowMs: number, everyMs: number): number {
  return (Math.floor(nowMs / everyMs) + 1) * everyMs
}

/** `30s`, `15m`, `1h`, `1d` -> ms; undefined for anything else. */
export function parseEvery(text: string): number | undefined {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim())
  if (m === null || Number(m[1]) <= 0) return undefined
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd']
}

export interface RunChainRecorderOptions extends RecordChainOptions {
  readonly everyMs: number
  /** Aborting it stops the recorder after the snapshot in flight, if any, is written. */
  readonly signal: AbortSignal
  readonly onSnapshot?: (s: RecordedSnapshot) => void
  /** A snapshot that failed after its retries; the recorder carries on with the next one. */
  readonly onError?: (e: unknown) => void
}

/** Records a snapshot at every UTC multiple of `everyMs` until `signal` aborts. Resolves once stopped.
 * @example const stop = new AbortController(); process.once('SIGINT', () => stop.abort())
 * await runChainRecorder({ exchange, currency: 'BTC', dir: 'data/chain', everyMs: 3_600_000, signal: stop.signal }) */
export async function runChainRecorder(o: RunChainRecorderOptions): Promise<void> {
  const now = o.nowMs ?? Date.now
  while (!o.signal.aborted) {
    await sleepUntil(nextAlignedMs(now(), o.everyMs), now, o.signal)
    if (o.signal.aborted) break
    try {
      o.onSnapshot?.(await recordChainSnapshot(o))
    } catch (e) {
      o.onError?.(e)
    }
  }
}

/** Resolves once `now()` has reached `atMs`, or `signal` aborts. A timer can fire a millisecond or so before the
 * clock reads its target (timers run on a monotonic clock, `now` is the wall clock): then it waits again for the
 * rest, or a snapshot would be stamped in the previous interval and the next one taken at once. */
export function sleepUntil(atMs: number, now: () => number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let timer = setTimeout(tick, Math.max(0, atMs - now()))
    signal.addEventListener('abort', done, { once: true })
    function tick() {
      if (now() < atMs && !signal.aborted) timer = setTimeout(tick, Math.max(1, atMs - now()))
      else done()
    }
    function done() { clearTimeout(timer); signal.removeEventListener('abort', done); resolve() }
  })
}

function quoted0(x: number | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0
}

/** Deribit IVs come in percent; 0 means "no quote on that side". */
function percent(x: unknown): number | undefined {
  const n = typeof x === 'number' ? x : typeof x === 'string' ? Number(x) : Number.NaN
  return Number.isFinite(n) && n > 0 ? percentToFraction(n) : undefined
}
