import { Queue, QueueEvents } from 'bullmq'
import { Redis } from 'ioredis'
import { sharedDataToBuffer, type SharedData } from '../sharedData.ts'
import type { SweepExecutor } from '../sweepExecutor.ts'
import type { SweepJob } from '../sweepJob.ts'
import { redisOptions, SWEEP_QUEUE } from './redisOptions.ts'
import { dataKey, fromWire, queueJobId, type WireResult } from './wireResult.ts'

/** What a queued job carries: the run and the id of its data, which workers read from Redis once. */
export interface QueuedRun { readonly job: SweepJob; readonly dataId: string }

const DATA_TTL_S = 7 * 24 * 3600

/** Runs a sweep's jobs on a BullMQ queue in Redis, for `optvault worker` processes on any machine. The data goes to
 * Redis once per data id; each job is added with jobId = its hash, so adding a run twice (a rerun, two sweeps of
 * the same grid) is one job, and a run already finished returns its stored result at once. A worker that dies
 * mid-job stops renewing its lock; BullMQ's stalled-job check in the other workers puts the job back.
 * @example const q = await queueExecutor('redis://127.0.0.1:6379'); await runSweep({ ..., executor: q }) */
export async function queueExecutor(url: string, o: { queueName?: string; slots?: number } = {}): Promise<SweepExecutor> {
  const name = o.queueName ?? SWEEP_QUEUE
  const connection = redisOptions(url)
  const queue = new Queue<QueuedRun, WireResult, string>(name, { connection: { ...connection } })
  const events = new QueueEvents(name, { connection: { ...connection } })
  const redis = new Redis({ ...connection })
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()])
  // every pending run listens for its own completion event
  events.setMaxListeners(0)
  const uploaded = new Map<string, Promise<unknown>>()
  return {
    slots: o.slots ?? 1,
    async run(job, data: SharedData, signal) {
      let up = uploaded.get(data.id)
      if (up === undefined) { up = redis.set(dataKey(name, data.id), sharedDataToBuffer(data), 'EX', DATA_TTL_S); uploaded.set(data.id, up) }
      await up
      if (signal?.aborted) throw signal.reason
      const jobId = queueJobId(job)
      const j = await queue.add('run', { job, dataId: data.id }, {
        jobId, attempts: 3, backoff: { type: 'fixed', delay: 500 },
        removeOnComplete: { age: DATA_TTL_S }, removeOnFail: { age: DATA_TTL_S },
      })
      // A job that failed for good in an earlier sweep (every worker died on it) gets another go.
      if ((await j.getState()) === 'failed') await j.retry('failed')
      const finished = j.waitUntilFinished(events) as Promise<WireResult>
      if (signal === undefined) return fromWire(await finished)
      return await new Promise((resolve, reject) => {
        const onAbort = () => {
          // a run nobody has taken yet leaves the queue; one in progress finishes and stays for the next sweep
          queue.remove(jobId).catch(() => undefined)
          reject(signal.reason)
        }
        signal.addEventListener('abort', onAbort, { once: true })
        finished.then((w) => { signal.removeEventListener('abort', onAbort); resolve(fromWire(w)) },
          (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e) })
      })
    },
    async close() {
      await Promise.all([queue.close(), events.close()])
      await redis.quit()
    },
  }
}
