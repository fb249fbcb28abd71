import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeFileAtomic } from '../../data/io/writeAtomic.ts'
import { InputError } from '../../engine/errors/input.ts'
import { loadRunConfig } from '../../engine/runtime/loadRunConfig.ts'
import { summarize } from '../metrics/summarize.ts'
import { writeOutputDir } from '../outputs/writeOutputDir.ts'
import { checkGridPaths } from './configKeyPaths.ts'
import type { GridAxis } from './gridAxis.ts'
import { gridPoints, type ParamPoint } from './gridPoints.ts'
import { randomPoints } from './randomPoints.ts'
import { runHash } from './runHash.ts'
import { loadSharedData, type SharedData } from './sharedData.ts'
import { readSweepCsv, sweepCsvText } from './sweepCsv.ts'
import type { SweepExecutor } from './sweepExecutor.ts'
import { sweepHtml, type WalkForwardSummary } from './sweepHtml.ts'
import type { RunResult, RunWindow, SweepJob } from './sweepJob.ts'
import type { SweepRow } from './sweepRow.ts'
import { betterMetric, METRIC_COLUMNS } from './summaryMetrics.ts'
import { stitchEquity, walkForwardWindows, type WalkForwardSpec } from './walkForward.ts'

const WORKER_LOST = 'worker lost:'

export interface SweepOptions {
  readonly configFile: string
  readonly axes: readonly GridAxis[]
  /** Run a seeded random sample of `count` combinations instead of all of them. */
  readonly random?: { readonly count: number; readonly seed: number }
  readonly outDir: string
  /** Metric that ranks runs (a METRIC_COLUMNS name). Default sharpe. */
  readonly metric?: string
  /** How many of the best runs get their full outputs under best/. Default 3. */
  readonly top?: number
  readonly walkForward?: WalkForwardSpec
  readonly executor: SweepExecutor
  /** Aborting stops the sweep: runs not finished are dropped, finished ones stay in sweep.csv. */
  readonly signal?: AbortSignal
  readonly onProgress?: (done: number, total: number) => void
  readonly log?: (line: string) => void
  /** Already loaded data (tests, benches); default: the config's data section, loaded once. */
  readonly data?: SharedData
}

export interface SweepOutcome {
  readonly rows: readonly SweepRow[]
  /** Runs this sweep needed, and how many were already in sweep.csv. */
  readonly total: number
  readonly resumed: number
  readonly interrupted: boolean
  readonly best: readonly SweepRow[]
  readonly walkForward?: WalkForwardSummary
  readonly outDir: string
}

/** `optvault sweep`: every combination of the axes (or a seeded sample) through the executor, data loaded once.
 * sweep.csv is rewritten atomically after each finished run, so Ctrl-C keeps what finished and a rerun with the
 * same out folder skips every run whose hash is already there. Then the best runs' full outputs (best/), the
 * walk-forward table (walkforward.csv) and sweep.html. */
export async function runSweep(o: SweepOptions): Promise<SweepOutcome> {
  const configFile = resolve(o.configFile)
  const metric = o.metric ?? 'sharpe'
  if (!(METRIC_COLUMNS as readonly string[]).includes(metric)) {
    throw new InputError('--metric', '--metric', `is "${metric}", not a sweep metric`, `use one of ${METRIC_COLUMNS.join(', ')}.`)
  }
  const { config } = await loadRunConfig(configFile, { checkFiles: true })
  const configText = readFileSync(configFile, 'utf8')
  checkGridPaths(o.axes, configText, config, configFile)
  const points = o.random ? randomPoints(o.axes, o.random.count, o.random.seed) : gridPoints(o.axes)
  const data = o.data ?? await loadSharedData(config, configFile)
  const paramPaths = o.axes.map((a) => a.path)
  const outDir = resolve(o.outDir)
  const csvFile = join(outDir, 'sweep.csv')
  const wf = o.walkForward
  const previous = readSweepCsv(csvFile, paramPaths)
  const job = (params: ParamPoint, window?: RunWindow, extra: Partial<SweepJob> = {}): SweepJob => ({
    id: runHash(configText, params, data.id, window, extra.withEquity ? 'test' : undefined), configFile, configText, params, ...(window ? { window } : {}), ...extra,
  })

  // Results by hash, kept in the order the jobs were made so sweep.csv reads like the grid.
  const order: string[] = []
  const ordered = new Set<string>()
  const rows = new Map<string, SweepRow>()
  let resumed = 0
  let lastWrite = 0
  const write = (force: boolean) => {
    const now = Date.now()
    if (!force && now - lastWrite < 250) return
    lastWrite = now
    const list = order.map((h) => rows.get(h)).filter((r): r is SweepRow => r !== undefined)
    writeFileAtomic(csvFile, sweepCsvText(paramPaths, list, wf !== undefined))
  }

  let done = 0
  let total = 0
  const runAll = async (jobs: readonly { job: SweepJob; meta: Partial<SweepRow> }[], skipFinished: boolean): Promise<Map<string, RunResult>> => {
    const results = new Map<string, RunResult>()
    const todo = jobs.filter(({ job: j, meta }) => {
      if (!ordered.has(j.id)) { ordered.add(j.id); order.push(j.id) }
      const old = skipFinished ? previous.get(j.id) : undefined
      // a run whose worker died says nothing about its parameters: run it again
      if (old === undefined || old.error?.startsWith(WORKER_LOST) === true) return true
      rows.set(j.id, { ...old, ...meta })
      resumed++
      return false
    })
    total += todo.length
    o.onProgress?.(done, total)
    await Promise.all(todo.map(async ({ job: j, meta }) => {
      let r: RunResult
      try {
        r = await o.executor.run(j, data, o.signal)
      } catch (e) {
        if (o.signal?.aborted) return
        r = { id: j.id, metrics: {}, error: `${WORKER_LOST} ${e instanceof Error ? e.message : String(e)}` }
      }
      if (o.signal?.aborted) return
      results.set(j.id, r)
      rows.set(j.id, { hash: j.id, params: j.params, metrics: allMetrics(r.metrics), ...(r.error !== undefined ? { error: r.error } : {}), ...meta })
      done++
      o.onProgress?.(done, total)
      write(false)
    }))
    write(true)
    return results
  }

  let walkForward: WalkForwardSummary | undefined
  if (wf === undefined) {
    await runAll(points.map((p) => ({ job: job(p), meta: {} })), true)
  } else {
    // Windows tile the bars the config uses: data.from/data.to narrow the file (data.to is a bar's open time).
    const startMs = Math.max(data.bars.tMs[0] as number, config.data?.fromMs ?? -Infinity)
    const endMs = Math.min((data.bars.tMs[data.bars.length - 1] as number) + data.barMs, (config.data?.toMs ?? Infinity) + data.barMs)
    const windows = walkForwardWindows(startMs, endMs, wf)
    if (windows.length === 0) {
      throw new InputError('--walk-forward', '--walk-forward', `needs train + test = ${(wf.trainMs + wf.testMs) / 86_400_000} days, but the data covers ${((endMs - startMs) / 86_400_000).toFixed(1)}`, 'shorten the windows or give more data.')
    }
    const trainJobs = windows.flatMap((w) => points.map((p) => ({ job: job(p, w.train), meta: { phase: 'train' as const, window: w.index, fromMs: w.train.fromMs, toMs: w.train.toMs } })))
    await runAll(trainJobs, true)
    if (o.signal?.aborted) return finish()
    const chosen = windows.map((w) => {
      let best: SweepRow | undefined
      for (const { job: j } of trainJobs) {
        const r = rows.get(j.id)
        if (r?.window === w.index && r.error === undefined && (best === undefined || betterMetric(metric, r.metrics[metric], best.metrics[metric]))) best = r
      }
      return { w, best }
    })
    // Test runs are always run (not resumed): their NAV curves are stitched, and sweep.csv keeps only metrics.
    const testJobs = chosen.filter((c) => c.best !== undefined).map(({ w, best }) => ({
      job: job((best as SweepRow).params, w.test, { withEquity: true }), meta: { phase: 'test' as const, window: w.index, fromMs: w.test.fromMs, toMs: w.test.toMs },
    }))
    const tested = await runAll(testJobs, false)
    if (o.signal?.aborted) return finish()
    const segments = testJobs.map(({ job: j }) => tested.get(j.id)?.equity).filter((e): e is NonNullable<typeof e> => e !== undefined)
    const stitched = segments.length > 0 ? stitchEquity(segments) : undefined
    const stitchedSummary = stitched !== undefined && stitched.tMs.length >= 2 ? summarize(stitched) : undefined
    const inSample = chosen.map((c) => c.best?.metrics[metric]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    const iso = (ms: number) => new Date(ms).toISOString()
    walkForward = {
      rows: chosen.map(({ w, best }) => {
        const test = testJobs.find((t) => t.meta.window === w.index)
        return {
          window: w.index, trainFrom: iso(w.train.fromMs), testFrom: iso(w.test.fromMs), testTo: iso(w.test.toMs),
          params: best === undefined ? '(every run failed)' : Object.entries(best.params).map(([k, v]) => `${k}=${String(v)}`).join(' '),
          inSample: best?.metrics[metric] ?? null,
          outOfSample: test === undefined ? null : (rows.get(test.job.id)?.metrics[metric] ?? null),
        }
      }),
      stitchedOutOfSample: stitchedSummary === undefined ? null : (metricOf(stitchedSummary, metric) ?? null),
      meanInSample: inSample.length === 0 ? null : inSample.reduce((a, b) => a + b, 0) / inSample.length,
      stitchedTotalReturn: stitchedSummary?.totalReturn ?? null,
    }
    writeFileAtomic(join(outDir, 'walkforward.csv'), walkForwardCsv(metric, walkForward))
  }
  return finish()

  async function finish(): Promise<SweepOutcome> {
    const list = order.map((h) => rows.get(h)).filter((r): r is SweepRow => r !== undefined)
    const interrupted = o.signal?.aborted === true
    const ranked = list.filter((r) => r.phase !== 'test' && r.error === undefined && r.metrics[metric] !== null)
      .sort((a, b) => (betterMetric(metric, a.metrics[metric], b.metrics[metric]) ? -1 : betterMetric(metric, b.metrics[metric], a.metrics[metric]) ? 1 : 0))
    // Walk-forward picks per window; the best full outputs are the plain sweep's.
    const best = wf === undefined ? ranked.slice(0, o.top ?? 3) : []
    if (!interrupted && best.length > 0) {
      await Promise.all(best.map(async (r, i) => {
        const res = await o.executor.run(job(r.params, undefined, { withFiles: true }), data, o.signal)
        if (res.files) writeOutputDir(join(outDir, 'best', `${i + 1}-${r.hash}`), res.files)
      }))
    }
    writeFileAtomic(join(outDir, 'sweep.html'), sweepHtml({
      title: `Sweep of ${configFile.split('/').pop() as string}${interrupted ? ' (interrupted)' : ''}`, metric, paramPaths, rows: list,
      ...(walkForward ? { walkForward } : {}),
    }))
    return { rows: list, total: list.length, resumed, interrupted, best, ...(walkForward ? { walkForward } : {}), outDir }
  }
}

// Every row carries every metric column (null where the run gave none), as rows read back from sweep.csv do.
function allMetrics(m: RunResult['metrics']): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const k of METRIC_COLUMNS) out[k] = m[k] ?? null
  return out
}

function metricOf(s: ReturnType<typeof summarize>, metric: string): number | null | undefined {
  const v = (s as unknown as Record<string, number | null>)[metric]
  return typeof v === 'number' && Number.isFinite(v) ? v : v === undefined ? undefined : null
}

function walkForwardCsv(metric: string, w: WalkForwardSummary): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
  const lines = [`window,train_from,test_from,test_to,params,in_sample_${metric},out_of_sample_${metric}`]
  for (const r of w.rows) lines.push([r.window, r.trainFrom, r.testFrom, r.testTo, q(r.params), r.inSample ?? '', r.outOfSample ?? ''].join(','))
  lines.push(`stitched,,,,,${w.meanInSample ?? ''},${w.stitchedOutOfSample ?? ''}`)
  return lines.join('\n') + '\n'
}
