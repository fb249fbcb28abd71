import type { SharedData } from './sharedData.ts'
import type { RunResult, SweepJob } from './sweepJob.ts'

/** Where a sweep's runs execute: a worker-thread pool, in-process one after another, or a Redis queue. The
 * sweep hands every job at once; the executor decides how many go at a time (`slots`). */
export interface SweepExecutor {
  /** How many runs execute at the same time (sizes the progress ETA). */
  readonly slots: number
  /** Resolves with the run's result; rejects only when the run was cancelled through `signal` or its worker
   * was lost. */
  run(job: SweepJob, data: SharedData, signal?: AbortSignal): Promise<RunResult>
  close(): Promise<void>
}
