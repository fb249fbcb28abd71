import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'

export interface PoolOptions {
  /** Worker threads (default: one per core). */
  readonly workers?: number
  /** Module URL that exports the RunOne (default: runSweepJob.ts, the backtester). */
  readonly runModule?: string
  /** Its export name (default runOne; runSweepJob.ts exports runSweepJob). */
  readonly runExport?: string
}

/** A started sweep pool and what its threads run. */
export interface SweepThreadPool {
  readonly pool: Piscina
  readonly workers: number
  readonly runModule: string
  readonly runExport: string
}

const YOUNG_GENERATION_MB = 64
const DEFAULT_MODULE = new URL('./runSweepJob.ts', import.meta.url).href

/** The piscina pool both sweep executors run on: `workers` threads started at once, each importing the RunOne
 * module through sweepWorker.mjs, one run per thread at a time. A task `{ job, data }` runs a job; `{ warm: true }`
 * answers as soon as the thread has loaded its module (the thread reads its task port only after that).
 * @example const { pool } = sweepThreadPool({ workers: 2 }); await pool.run({ warm: true }); await pool.destroy() */
export function sweepThreadPool(o: PoolOptions = {}): SweepThreadPool {
  const { workers, runModule, runExport } = poolSettings(o)
  const pool = new Piscina({
    filename: new URL('./sweepWorker.mjs', import.meta.url).href,
    minThreads: workers, maxThreads: workers,
    // one run per thread at a time: a backtest is CPU-bound, so more would only interleave
    concurrentTasksPerWorker: 1,
    idleTimeout: Infinity,
    // A young generation of 64 MB (V8's default lets it grow to 32): a backtest allocates ~25 MB per 130k bars, and
    // each scavenge runs helper threads on the core the other worker is using. Measured on 2 cores, 16 runs of
    // 130k bars: each run in the pool took 1.24-1.28x its in-thread time with the default, 1.01-1.08x with 64 MB
    // (32 MB: no change; 128 MB: no better). A single thread gains nothing from it, so this is the pool's alone.
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    workerData: { runModule, runExport },
  })
  return { pool, workers, runModule, runExport }
}

/** The pool size and RunOne module that sweepThreadPool(o) would use, without starting anything.
 * @example poolSettings({ workers: 2 }) // { workers: 2, runModule: 'file:///…/runSweepJob.ts', runExport: 'runSweepJob' } */
export function poolSettings(o: PoolOptions = {}): { workers: number; runModule: string; runExport: string } {
  const runModule = o.runModule ?? DEFAULT_MODULE
  return {
    workers: Math.max(1, o.workers ?? availableParallelism()),
    runModule,
    runExport: o.runExport ?? (runModule === DEFAULT_MODULE ? 'runSweepJob' : 'runOne'),
  }
}
