/** pricingRun, except that in a pool thread a job with strategy.params.targetDelta 0.3 ends the thread
 * (process.exit in a worker thread stops that thread only), as a backtest that kills its worker would. */
import { isWorkerThread } from 'piscina'
import type { SharedData } from '../../../../backtest/sweep/sharedData.ts'
import type { RunResult, SweepJob } from '../../../../backtest/sweep/sweepJob.ts'
import { runOne as pricingRun } from './pricingRun.ts'

export const CRASH_DELTA = 0.3
export const CRASH_CODE = 3

export async function runOne(job: SweepJob, data: SharedData): Promise<RunResult> {
  if (isWorkerThread && job.params['strategy.params.targetDelta'] === CRASH_DELTA) process.exit(CRASH_CODE)
  return pricingRun(job, data)
}
