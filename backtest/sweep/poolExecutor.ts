import type { SweepExecutor } from './sweepExecutor.ts'
import { sweepThreadPool, type PoolOptions } from './sweepThreadPool.ts'

export type { PoolOptions } from './sweepThreadPool.ts'

/** A piscina worker-thread pool. Each task carries the SharedData, whose SharedArrayBuffer columns are shared
 * with the thread, not copied, so N threads still hold one copy of the bars. Threads start once and keep their
 * loaded strategy between runs. Jobs wait for a thread, even while every thread is still starting: the queue
 * worker's choice (its own thread must stay free to renew job locks); `optvault sweep` uses warmingPoolExecutor.
 * @example const pool = poolExecutor({ workers: 2 }); const r = await pool.run(job, data); await pool.close() */
export function poolExecutor(o: PoolOptions = {}): SweepExecutor {
  const { pool, workers } = sweepThreadPool(o)
  return {
    slots: workers,
    run: (job, data, signal) => pool.run({ job, data }, signal ? { signal } : {}),
    close: () => pool.destroy(),
  }
}
