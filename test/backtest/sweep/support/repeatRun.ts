/** RunOne for the sweep bench's workload ceiling: the job's real backtest (runSweepJob) 8 times over in one task,
 * so nothing but the runs themselves is timed: no dispatch between them, no sweep bookkeeping. `ms` is the
 * thread's own time for the 8. */
import { runSweepJob } from '../../../../backtest/sweep/runSweepJob.ts'
import type { SharedData } from '../../../../backtest/sweep/sharedData.ts'
import type { RunResult, SweepJob } from '../../../../backtest/sweep/sweepJob.ts'

export const REPEATS = 8

export async function runOne(job: SweepJob, data: SharedData): Promise<RunResult> {
  const t0 = performance.now()
  for (let k = 0; k < REPEATS; k++) {
    const r = await runSweepJob(job, data)
    if (r.error !== undefined) return r
  }
  return { id: job.id, metrics: {}, ms: performance.now() - t0 }
}
