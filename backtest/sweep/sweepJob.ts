import type { ParamPoint } from './gridPoints.ts'
import type { SharedData } from './sharedData.ts'

/** Bars window of a run, [fromMs, toMs) by bar open time (walk-forward windows). */
export interface RunWindow { readonly fromMs: number; readonly toMs: number }

/** One backtest of a sweep: the base config as text plus the parameters put into it. Plain data, so it crosses
 * to worker threads and through Redis unchanged. */
export interface SweepJob {
  /** runHash of config text + params + data + window: the resume key and the BullMQ jobId. */
  readonly id: string
  /** Absolute path of the base config: relative paths in it resolve against its folder; errors name it. */
  readonly configFile: string
  readonly configText: string
  readonly params: ParamPoint
  readonly window?: RunWindow
  /** Return every output file (summary.json, report.html, …), for the best runs only. */
  readonly withFiles?: boolean
  /** Return the quote-currency NAV curve, for stitching walk-forward test windows. */
  readonly withEquity?: boolean
}

/** What a run gives back. A run that fails has `error` and no metrics; the sweep records it and goes on. */
export interface RunResult {
  readonly id: string
  /** Flat summary metrics (see summaryMetrics); null where a metric is undefined (Sharpe of a flat curve). */
  readonly metrics: Readonly<Record<string, number | null>>
  readonly error?: string
  readonly files?: Readonly<Record<string, string>>
  /** NAV in quote currency at each bar's open time. */
  readonly equity?: { readonly tMs: Float64Array; readonly nav: Float64Array }
  /** Wall time of the run in ms, for the progress ETA. */
  readonly ms?: number
  /** threadId (node:worker_threads) of the thread that ran it, 0 being the main thread: set by the thread
   * executors, so tests and logs can see which side ran what. Never part of a row. */
  readonly thread?: number
}

/** Runs one job on data that was loaded once: the backtester (runSweepJob) in production, anything
 * deterministic in tests of the pool and queue machinery. */
export type RunOne = (job: SweepJob, data: SharedData) => Promise<RunResult>
