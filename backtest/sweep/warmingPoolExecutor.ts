import { threadId } from 'node:worker_threads'
import { OptvaultError } from '../../engine/errors/base.ts'
import type { SharedData } from './sharedData.ts'
import type { SweepExecutor } from './sweepExecutor.ts'
import type { RunOne, RunResult, SweepJob } from './sweepJob.ts'
import { sweepThreadPool, type PoolOptions } from './sweepThreadPool.ts'

export interface WarmingPoolOptions extends PoolOptions {
  /** What runs jobs in the calling thread. Default: the pool's RunOne (runModule's runExport) imported here too,
   * so a result is the same whichever side ran the job. Tests pass a wrapper to steer or watch that side. */
  readonly inThread?: RunOne
}

interface Queued {
  readonly job: SweepJob
  readonly data: SharedData
  readonly signal: AbortSignal | undefined
  readonly resolve: (r: RunResult) => void
  readonly reject: (e: unknown) => void
}

/** A worker-thread pool that does not make a sweep wait for its threads to start. Each thread takes ~0.6-1 s to
 * load tsx and the backtester, longer than a whole small sweep run in this thread, so while any pool thread is
 * still loading the calling thread runs jobs too; every thread takes jobs as soon as it has loaded. Jobs go in
 * the order they were handed to whichever side is free next. Once every thread is ready the calling thread takes
 * no new job: on N cores, N busy threads are the most that helps. A tiny sweep so finishes in about its in-process
 * time and a large one gets the whole pool. `slots` is the pool size.
 *
 * A thread lost mid-run (crash, or abort, which ends the thread running the job) rejects that job; piscina
 * starts a new thread, which takes queued jobs once it has loaded (the calling thread does not step in again).
 * @example const ex = warmingPoolExecutor({ workers: 2 }); const r = await ex.run(job, data); await ex.close() */
export function warmingPoolExecutor(o: WarmingPoolOptions = {}): SweepExecutor {
  const { pool, workers, runModule, runExport } = sweepThreadPool(o)
  // Imported now, while the threads start and the sweep loads its data.
  const here: Promise<RunOne> = o.inThread !== undefined ? Promise.resolve(o.inThread) : importRunOne(runModule, runExport)
  here.catch(() => undefined) // a failed import rejects the jobs that reach this side, not the process

  const queue: Queued[] = []
  let ready = 0 // pool threads that have loaded their module
  let onPool = 0 // jobs running on pool threads
  let hereBusy = false
  let hereDone: Promise<void> = Promise.resolve()
  let closed = false
  const watched = new WeakSet<AbortSignal>()

  // piscina marks its first threads usable at once and gives each of these warm-up tasks to a different idle
  // thread; a thread reads it only after its module has loaded, so each answer is one more ready thread.
  // Until then each unready thread holds its warm-up task, so a job handed to piscina only goes to a ready one.
  for (let i = 0; i < workers; i++) {
    // a thread that cannot load never becomes ready: the calling thread keeps running jobs
    pool.run({ warm: true }).then(() => { ready++; pump() }, () => undefined)
  }

  function pump(): void {
    while (onPool < ready && queue.length > 0) startOnPool(queue.shift() as Queued)
    if (!hereBusy && ready < workers && queue.length > 0) startHere()
  }

  function startOnPool(q: Queued): void {
    onPool++
    pool.run({ job: q.job, data: q.data }, q.signal ? { signal: q.signal } : {})
      .then((r: RunResult) => q.resolve(r), q.reject)
      .finally(() => { onPool--; pump() })
  }

  function startHere(): void {
    hereBusy = true
    hereDone = new Promise<void>((done) => {
      // A macrotask between jobs: a backtest here is one long synchronous stretch, so a warm-up answer or a
      // finished pool job waiting in the event loop is seen before this thread takes the next job.
      setImmediate(() => {
        const q = ready < workers ? queue.shift() : undefined
        if (q === undefined) { hereBusy = false; done(); pump(); return }
        if (q.signal?.aborted === true) { q.reject(q.signal.reason); hereBusy = false; done(); pump(); return }
        here.then((runOne) => runOne(q.job, q.data))
          .then((r) => q.resolve({ ...r, thread: threadId }), q.reject)
          .finally(() => { hereBusy = false; done(); pump() })
      })
    })
  }

  function dropAborted(): void {
    for (let i = queue.length - 1; i >= 0; i--) {
      const q = queue[i] as Queued
      if (q.signal?.aborted === true) { queue.splice(i, 1); q.reject(q.signal.reason) }
    }
  }

  return {
    slots: workers,
    run(job, data, signal) {
      if (closed) return Promise.reject(new OptvaultError('The sweep executor is closed.'))
      if (signal?.aborted === true) return Promise.reject(signal.reason)
      // one listener per signal, not one per queued job: a sweep hands thousands of jobs on the same signal
      if (signal !== undefined && !watched.has(signal)) { watched.add(signal); signal.addEventListener('abort', dropAborted, { once: true }) }
      return new Promise<RunResult>((resolve, reject) => {
        queue.push({ job, data, signal, resolve, reject })
        pump()
      })
    },
    async close() {
      closed = true
      for (const q of queue.splice(0)) q.reject(new OptvaultError('The sweep executor was closed before this run started.'))
      // a run in this thread cannot be cut short; the pool's runs end with their threads
      await hereDone
      await pool.destroy()
    },
  }
}

async function importRunOne(runModule: string, runExport: string): Promise<RunOne> {
  const mod = (await import(runModule)) as Record<string, unknown>
  const f = mod[runExport]
  if (typeof f !== 'function') throw new OptvaultError(`${runModule} exports no function ${runExport}.`, { fix: 'name the RunOne export with runExport.' })
  return f as RunOne
}
