import { basename, extname, isAbsolute, relative, resolve } from 'node:path'
import { loadSeries } from '../../data/read/loadSeries.ts'
import type { BarColumns, ChainColumns } from '../../data/barColumns.ts'
import { summarizeConfig } from '../../engine/config/summarizeConfig.ts'
import { isoUtcToMs } from '../../engine/config/schema/isoUtc.ts'
import { InputError } from '../../engine/errors/input.ts'
import { loadRunConfig } from '../../engine/runtime/loadRunConfig.ts'
import type { BacktestResult } from './backtestResult.ts'
import { runBacktest } from './runBacktest.ts'
import { backtestFiles } from '../outputs/backtestFiles.ts'
import type { BacktestSummary } from '../outputs/backtestSummary.ts'
import { writeOutputDir } from '../outputs/writeOutputDir.ts'

const BAR_MS: Readonly<Record<string, number>> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 }
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/

export interface BacktestRunOptions {
  readonly configFile: string
  /** Bars file to run on instead of the config's data.bars. */
  readonly data?: string
  /** Window (ISO 8601 UTC), overriding data.from / data.to. */
  readonly from?: string
  readonly to?: string
  /** Output folder; default out/<config file name without extension>, relative to the working directory. */
  readonly out?: string
  readonly seed?: number
  readonly onProgress?: (done: number, total: number) => void
}

export interface BacktestRun {
  readonly result: BacktestResult
  readonly summary: BacktestSummary
  readonly outDir: string
}

/** `optvault backtest`: loads the config and its strategy (params checked by the strategy's schema, with file:line),
 * the data it names, runs the loop and writes every output into `outDir` at once (a failed run writes nothing). */
export async function backtestFromConfig(o: BacktestRunOptions): Promise<BacktestRun> {
  const { config, strategy, params } = await loadRunConfig(o.configFile, { checkFiles: true })
  const data = config.data
  if (data === undefined) throw new InputError(o.configFile, 'data', 'is missing', 'add data: { bars: path/to/bars.csv } for a backtest.')
  const fromMs = o.from !== undefined ? parseWhen('--from', o.from) : data.fromMs
  const toMs = o.to !== undefined ? parseWhen('--to', o.to) : data.toMs
  if (fromMs !== undefined && toMs !== undefined && toMs <= fromMs) throw new InputError('--to', '--to', `must be after --from (${o.from ?? data.from})`, 'swap them or widen the window.')
  const barsFile = o.data !== undefined ? resolve(o.data) : data.bars
  const loaded = await loadSeries(barsFile, { kind: 'bars', gaps: data.gapPolicy })
  const barMs = loaded.report.barMs > 0 ? loaded.report.barMs : (BAR_MS[data.barSize] as number)
  const bars = window(loaded.series, fromMs, toMs)
  if (bars.length < 2) {
    throw new InputError(barsFile, 'bars', `has ${bars.length} bar(s) between ${fromMs === undefined ? 'start' : new Date(fromMs).toISOString()} and ${toMs === undefined ? 'end' : new Date(toMs).toISOString()}`, 'widen --from/--to or check the file.')
  }
  const vol = config.iv.source === 'index' && data.vol !== undefined ? (await loadSeries(data.vol, { kind: 'vol', gaps: 'skip' })).series : undefined
  const funding = data.funding !== undefined ? (await loadSeries(data.funding, { kind: 'funding', gaps: 'skip' })).series : undefined
  const chain = config.iv.source === 'chain' && data.chain !== undefined ? await loadChains(data.chain) : undefined
  const gas = data.gas !== undefined ? (await loadSeries(data.gas, { kind: 'gas', gaps: 'skip' })).series : undefined
  const result = await runBacktest({
    config, strategy, params, bars, barMs,
    ...(vol ? { vol } : {}), ...(chain ? { chain } : {}), ...(funding ? { funding } : {}), ...(gas ? { gas } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  })
  const stem = basename(o.configFile, extname(o.configFile))
  const cfgSummary: Record<string, string> = {}
  for (const line of summarizeConfig(config)) {
    const m = /^(\S+)\s+(.*)$/.exec(line)
    if (m) cfgSummary[m[1] as string] = m[2] as string
  }
  // "covered-call · config/covered-call.yaml": the strategy, then the config file as the user would type it
  const shown = relative(process.cwd(), resolve(o.configFile))
  const title = `${strategy.name} · ${shown === '' || shown.startsWith('..') || isAbsolute(shown) ? o.configFile : shown}`
  const { files, summary } = backtestFiles(result, title, cfgSummary)
  const outDir = resolve(o.out ?? `out/${stem}`)
  writeOutputDir(outDir, files)
  return { result, summary, outDir }
}

/** Every chain file, in time order of their first snapshot, as one series. */
async function loadChains(files: readonly string[]): Promise<ChainColumns> {
  const parts = await Promise.all(files.map(async (f) => (await loadSeries(f, { kind: 'chain', gaps: 'skip' })).series))
  if (parts.length === 1) return parts[0] as ChainColumns
  parts.sort((a, b) => (a.tMs[0] ?? 0) - (b.tMs[0] ?? 0))
  const n = parts.reduce((s, p) => s + p.length, 0)
  const f64 = (k: 'tMs' | 'expiryMs' | 'strike' | 'bid' | 'ask' | 'mark' | 'bidIv' | 'askIv' | 'markIv' | 'underlyingPrice' | 'openInterest') => {
    const out = new Float64Array(n); let at = 0
    for (const p of parts) { out.set(p[k].subarray(0, p.length), at); at += p.length }
    return out
  }
  const isCall = new Uint8Array(n)
  let at = 0
  for (const p of parts) { isCall.set(p.isCall.subarray(0, p.length), at); at += p.length }
  return {
    length: n, tMs: f64('tMs'), instrument: parts.flatMap((p) => p.instrument.slice(0, p.length)), expiryMs: f64('expiryMs'), strike: f64('strike'), isCall,
    bid: f64('bid'), ask: f64('ask'), mark: f64('mark'), bidIv: f64('bidIv'), askIv: f64('askIv'), markIv: f64('markIv'), underlyingPrice: f64('underlyingPrice'), openInterest: f64('openInterest'),
  }
}

function parseWhen(flag: string, s: string): number {
  const ms = ISO.test(s) ? isoUtcToMs(s) : NaN
  if (!Number.isFinite(ms)) throw new InputError(flag, flag, `must be an ISO 8601 UTC date or date-time, got "${s}"`, 'write 2024-01-05 or 2024-01-05T08:00:00Z.')
  return ms
}

/** The bars with open time in [fromMs, toMs], as views (no copy). */
function window(b: BarColumns, fromMs: number | undefined, toMs: number | undefined): BarColumns {
  let lo = 0
  let hi = b.length
  if (fromMs !== undefined) while (lo < hi && (b.tMs[lo] as number) < fromMs) lo++
  if (toMs !== undefined) while (hi > lo && (b.tMs[hi - 1] as number) > toMs) hi--
  if (lo === 0 && hi === b.length) return b
  const v = (a: Float64Array) => a.subarray(lo, hi)
  return { length: hi - lo, tMs: v(b.tMs), open: v(b.open), high: v(b.high), low: v(b.low), close: v(b.close), volume: v(b.volume) }
}
