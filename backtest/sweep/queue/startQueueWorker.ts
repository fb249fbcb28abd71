import { Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { poolExecutor, type PoolOptions } from '../poolExecutor.ts'
import { sharedDataFromBuffer, type SharedData } from '../sharedData.ts'
import type { QueuedRun } from './queueExecutor.ts'
import { redisOptions, SWEEP_QUEUE } from './redisOptions.ts'
import { dataKey, toWire, type WireResult } from './wireResult.ts'

export interface QueueWorkerOptions extends PoolOptions {
  readonly url: string
  readonly queueName?: string
  /** How long a job's lock lasts without renewal: a dead worker's job goes back to the queue after about this
   * long (BullMQ checks for stalled jobs every lockMs). Default 30 s. */
  readonly lockMs?: number
  readonly log?: (line: string) => void
}

export interface QueueWorker { readonly worker: Worker<QueuedRun, WireResult>; close(): Promise<void> }

/** `optvault worker`: takes sweep runs from the queue and runs them on a worker-thread pool, so this process's
 * event loop stays free to renew job locks while a backtest runs. Data is fetched from Redis once per data id
 * and shared with the threads. A run's own error is a result (recorded in sweep.csv), not a job failure. */
export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const name = o.queueName ?? SWEEP_QUEUE
  const connection = redisOptions(o.url)
  const workers = Math.max(1, o.workers ?? 1)
  const pool = poolExecutor({ ...o, workers })
  const redis = new Redis({ ...connection })
  const cache = new Map<string, Promise<SharedData>>()
  const loadData = (id: string): Promise<SharedData> => {
    let p = cache.get(id)
    if (p === undefined) {
      p = redis.getBuffer(dataKey(name, id)).then((buf) => {
        if (buf === null) throw new Error(`data ${id} is not in Redis (expired or never uploaded); rerun the sweep`)
        return sharedDataFromBuffer(buf)
      })
      p.catch(() => cache.delete(id))
      // keep the newest two data sets: a worker usually serves one sweep at a time
      if (cache.size >= 2) cache.delete(cache.keys().next().value as string)
      cache.set(id, p)
    }
    return p
  }
  const lockMs = o.lockMs ?? 30_000
  const worker = new Worker<QueuedRun, WireResult>(name, async (j) => {
    o.log?.(`started ${j.id ?? '?'} attempt ${j.attemptsStarted}`)
    const data = await loadData(j.data.dataId)
    const r = await pool.run(j.data.job, data)
    o.log?.(`done ${j.id ?? '?'}${r.error !== undefined ? ' (run failed)' : ''}`)
    return toWire(r)
  }, { connection: { ...connection }, concurrency: workers, lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 2 })
  await worker.waitUntilReady()
  return {
    worker,
    async close() {
      await worker.close()
      await pool.close()
      await redis.quit()
    },
  }
}
