import type { SweepExecutor } from './sweepExecutor.ts'
import type { RunOne } from './sweepJob.ts'

/** Runs jobs in this thread, one at a time, in the order they were handed: the reference a pool must match. */
export function sequentialExecutor(runOne: RunOne): SweepExecutor {
  let chain: Promise<unknown> = Promise.resolve()
  return {
    slots: 1,
    run(job, data, signal) {
      const next = chain.then(() => {
        if (signal?.aborted) throw signal.reason
        return runOne(job, data)
      })
      chain = next.catch(() => undefined)
      return next
    },
    close: async () => { await chain },
  }
}
