import { dirname, isAbsolute, resolve } from 'node:path'
import { parse } from 'yaml'
import type { BarColumns } from '../../data/barColumns.ts'
import type { OptvaultConfig } from '../../engine/config/loadConfig.ts'
import { parseConfigText, type StrategyRef } from '../../engine/config/parseConfigText.ts'
import { OptvaultError } from '../../engine/errors/base.ts'
import type { StrategyDefinition } from '../../engine/plugin/strategy.ts'
import { builtInStrategies, loadStrategy } from '../../engine/runtime/loadStrategy.ts'
import { navQuoteOf } from '../loop/backtestResult.ts'
import { ColumnReuse } from '../loop/columnReuse.ts'
import { runBacktest } from '../loop/runBacktest.ts'
import { backtestFiles } from '../outputs/backtestFiles.ts'
import { backtestSummary } from '../outputs/backtestSummary.ts'
import { configWithParams } from './configWithParams.ts'
import type { SharedData } from './sharedData.ts'
import { summaryMetrics } from './summaryMetrics.ts'
import type { RunResult, RunWindow, SweepJob } from './sweepJob.ts'

const strategies = new Map<string, Promise<StrategyDefinition>>()
// Output columns of finished runs, for the next ones in this thread: one set per job running at once (jobs await,
// so two can interleave in one thread), each the size of the last run that used it.
const idleColumns: ColumnReuse[] = []
// Once per thread: each import() goes through tsx's resolve hook, which two threads calling it per run wait on.
let builtInNames: Promise<string[]> | undefined
// Configs parsed for earlier jobs, by base config and parameters: a walk-forward runs the same parameter points in
// every window, and the best runs are run again for their files. Putting the parameters in and parsing takes
// ~1.5 ms, about what a whole backtest of a short window takes; a job gets its own copy (~10 us), so a strategy
// that writes into its params changes nothing for the next job. Emptied when full (configs are small).
const parsedConfigs = new Map<string, { strategy: StrategyDefinition; config: OptvaultConfig }>()
const PARSED_CONFIGS_MAX = 1024

/** The sweep's RunOne: one backtest of the base config with the job's parameters put in, on data loaded once.
 * Any error (a parameter the schema refuses, a strategy that throws) comes back as `error`, never thrown, so
 * the sweep records it and goes on. Runs in a worker thread, in a queue worker or in-process alike. */
export async function runSweepJob(job: SweepJob, data: SharedData): Promise<RunResult> {
  const t0 = performance.now()
  let columns: ColumnReuse | undefined
  try {
    const { strategy, config } = await parsedConfig(job)
    if (config.iv.source === 'chain') throw new OptvaultError('iv.source is chain, which the backtester does not price from yet.', { fix: 'use iv.source: index, realized or constant.' })
    const bars = windowBars(data.bars, job.window, config.data?.fromMs, config.data?.toMs)
    columns = idleColumns.pop() ?? new ColumnReuse()
    const result = await runBacktest({
      config, strategy, params: config.strategy.params, bars, barMs: data.barMs, columns,
      ...(config.iv.source === 'index' && data.vol ? { vol: data.vol } : {}),
      ...(data.funding ? { funding: data.funding } : {}), ...(data.gas ? { gas: data.gas } : {}),
    })
    // everything kept from the result is built here, before its columns go back; the equity kept for walk-forward
    // gets a fresh navQuote
    const n = result.equity.nav.length
    const navQuote = navQuoteOf(result, job.withEquity ? new Float64Array(n) : columns.float64(n))
    const summary = backtestSummary(result, navQuote, columns.float64(n))
    const files = job.withFiles ? backtestFiles(result, `${strategy.name} ${paramLabel(job)}`, { ...job.params }).files : undefined
    return {
      id: job.id, metrics: summaryMetrics(summary), ms: performance.now() - t0,
      ...(files ? { files } : {}),
      ...(job.withEquity ? { equity: { tMs: Float64Array.from(result.equity.tMs), nav: navQuote } } : {}),
    }
  } catch (e) {
    return { id: job.id, metrics: {}, error: errorText(e), ms: performance.now() - t0 }
  } finally {
    if (columns !== undefined) idleColumns.push(columns)
  }
}

/** The job's config (the base config with its parameters put in, checked by the schema) and its strategy. */
async function parsedConfig(job: SweepJob): Promise<{ strategy: StrategyDefinition; config: OptvaultConfig }> {
  const cacheKey = `${job.configFile}\u0000${JSON.stringify(job.params)}\u0000${job.configText}`
  const hit = parsedConfigs.get(cacheKey)
  if (hit !== undefined) return { strategy: hit.strategy, config: structuredClone(hit.config) }
  const text = configWithParams(job.configText, job.params)
  const ref = strategyRef(text, job.configFile)
  const key = JSON.stringify(ref)
  let pending = strategies.get(key)
  if (pending === undefined) { pending = loadStrategy(ref); strategies.set(key, pending); pending.catch(() => strategies.delete(key)) }
  const strategy = await pending
  builtInNames ??= builtInStrategies().then((b) => Object.keys(b))
  const knownStrategies = await builtInNames
  const config = parseConfigText(text, job.configFile, { checkFiles: false, knownStrategies, strategyParamsSchema: () => strategy.params })
  if (parsedConfigs.size >= PARSED_CONFIGS_MAX) parsedConfigs.clear()
  parsedConfigs.set(cacheKey, { strategy, config })
  // a copy even now: every job's config then comes out of structuredClone, whose objects have other hidden classes
  // than the parser's, and the backtester's optimised code does not meet both (one re-optimisation of runBacktest
  // each thread, ~150 ms of compiling on the core the other thread runs on)
  return { strategy, config: structuredClone(config) }
}

/** One line for sweep.csv: the message's lines joined, so `Where:` and `Fix:` stay with it. */
export function errorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  return msg.split('\n').map((s) => s.trim()).filter(Boolean).join(' | ')
}

function paramLabel(job: SweepJob): string {
  return Object.entries(job.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')
}

function strategyRef(text: string, file: string): StrategyRef {
  const s = (parse(text) as { strategy?: { name?: unknown; path?: unknown } } | null)?.strategy
  if (s && typeof s.path === 'string') return { path: isAbsolute(s.path) ? s.path : resolve(dirname(file), s.path) }
  if (s && typeof s.name === 'string') return { name: s.name }
  throw new OptvaultError('strategy.name is missing.', { where: file, fix: 'name a built-in strategy or a plugin path.' })
}

/** The bars with open time inside the job's window and the config's data.from/to, as views (no copy). */
function windowBars(b: BarColumns, w: RunWindow | undefined, fromMs: number | undefined, toMs: number | undefined): BarColumns {
  const lo = Math.max(w?.fromMs ?? -Infinity, fromMs ?? -Infinity)
  // data.to is inclusive (like optvault backtest); a walk-forward window ends before its toMs
  const hiIncl = toMs ?? Infinity
  const hiExcl = w?.toMs ?? Infinity
  let i = 0
  let j = b.length
  while (i < j && (b.tMs[i] as number) < lo) i++
  while (j > i && ((b.tMs[j - 1] as number) > hiIncl || (b.tMs[j - 1] as number) >= hiExcl)) j--
  if (i === 0 && j === b.length) return b
  const v = (a: Float64Array) => a.subarray(i, j)
  return { length: j - i, tMs: v(b.tMs), open: v(b.open), high: v(b.high), low: v(b.low), close: v(b.close), volume: v(b.volume) }
}
