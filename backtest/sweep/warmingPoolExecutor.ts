import { threadId } from 'node:worker_threads'
import { OptvaultError } from '../../engine/errors/base.ts'
import { RunCosts } from './runCosts.ts'
import type { SharedData } from './sharedData.ts'
import type { SweepExecutor } from './sweepExecutor.ts'
import type { RunOne, RunResult, SweepJob } from './sweepJob.ts'
import { poolSettings, sweepThreadPool, type PoolOptions, type SweepThreadPool } from './sweepThreadPool.ts'

export interface WarmingPoolOptions extends PoolOptions {
  /** What runs jobs in the calling thread. Default: the pool's RunOne (runModule's runExport) imported here too,
   * so a result is the same whichever side ran the job. Tests pass a wrapper to steer or watch that side. */
  readonly inThread?: RunOne
  /** 'when-worth-it' (default): start the threads once the work left looks worth their start-up (see below);
   * 'now': start them at once. */
  readonly startThreads?: 'now' | 'when-worth-it'
}

export interface WarmingPoolExecutor extends SweepExecutor {
  /** Whether the pool's threads were started (a small sweep runs without them). */
  readonly threadsStarted: boolean
}

// A thread start-up costs ~0.6-1.4 s of wall time and ~0.7 s of CPU (tsx and ~210 modules), its first runs are
// 3-10x slower than later ones (JIT), and while threads load this thread slows down too (V8 compiles their modules
// on its shared background threads). Measured on 2 cores under load ~2 from other processes, 90 days of 1-minute
// bars, runs of ~40 ms, cold processes: threads started at once made a 16-run sweep 1.5-1.9x slower than this thread
// alone, threads started once 2 s of work was left made a 64-run sweep 1.3x slower, while 128 runs gained 1.1x.
// So threads start only when (runs queued) x (the last run's time) reaches WORTH_THREADS_MS; a smaller sweep runs
// at this thread's speed.
const WORTH_THREADS_MS = 5000
// A short run is judged on this thread's third run (its first includes the strategy's import and cold code); a
// long one on its first, so a sweep of long runs does not wait.
const LONG_RUN_MS = 500
const JUDGE_SHORT_AFTER = 3

interface Queued {
  readonly job: SweepJob
  readonly data: SharedData
  readonly signal: AbortSignal | undefined
  readonly resolve: (r: RunResult) => void
  readonly reject: (e: unknown) => void
}

/** A worker-thread pool that never makes a sweep wait for its threads. Jobs run in the calling thread first;
 * once the work left looks worth it the pool's threads start, and while any of them is still loading (~0.6-1 s:
 * tsx and the backtester) the calling thread goes on running jobs. Each thread takes jobs as soon as it has
 * loaded; jobs go to whichever side is free next, the longest-looking first once some have finished (RunCosts).
 * Once every thread is ready the calling thread takes no new job: on N cores, N busy threads are the most that
 * helps. A small sweep so runs in about its in-process time and a large one gets the whole pool. `slots` is the
 * pool size.
 *
 * A thread lost mid-run (a crash, or an abort, which ends the thread running the job) rejects that job; piscina
 * starts a new thread, which takes queued jobs once it has loaded (the calling thread does not step in again).
 * @example const ex = warmingPoolExecutor({ workers: 2 }); const r = await ex.run(job, data); await ex.close() */
export function warmingPoolExecutor(o: WarmingPoolOptions = {}): WarmingPoolExecutor {
  const { workers, runModule, runExport } = poolSettings(o)
  // Imported now, while the sweep loads its data.
  const here: Promise<RunOne> = o.inThread !== undefined ? Promise.resolve(o.inThread) : importRunOne(runModule, runExport)
  here.catch(() => undefined) // a failed import rejects the jobs that reach this side, not the process

  const queue: Queued[] = []
  const costs = new RunCosts()
  // the longest-looking queued run first (RunCosts), so the sweep does not end waiting on one long run
  const next = (): Queued => queue.splice(costs.pick(queue), 1)[0] as Queued
  let threads: SweepThreadPool | undefined
  let ready = 0 // pool threads that have loaded their module
  let onPool = 0 // jobs running on pool threads
  let hereBusy = false
  let hereRuns = 0
  let hereDone: Promise<void> = Promise.resolve()
  let closed = false
  const watched = new WeakSet<AbortSignal>()

  function startThreads(): void {
    const t = sweepThreadPool({ ...o, workers })
    threads = t
    // piscina marks its first threads usable at once and gives each of these warm-up tasks to a different idle
    // thread; a thread reads it only after its module has loaded, so each answer is one more ready thread.
    // Until then each unready thread holds its warm-up task, so a job handed to piscina only goes to a ready one.
    for (let i = 0; i < workers; i++) {
      // a thread that cannot load never becomes ready: the calling thread keeps running jobs
      t.pool.run({ warm: true }).then(() => { ready++; pump() }, () => undefined)
    }
  }
  if (o.startThreads === 'now') startThreads()

  function pump(): void {
    while (threads !== undefined && onPool < ready && queue.length > 0) startOnPool(threads, next())
    if (!hereBusy && ready < workers && queue.length > 0) startHere()
  }

  function startOnPool(t: SweepThreadPool, q: Queued): void {
    onPool++
    t.pool.run({ job: q.job, data: q.data }, q.signal ? { signal: q.signal } : {})
      .then((r: RunResult) => { if (r.ms !== undefined) costs.record(q.job, r.ms); q.resolve(r) }, q.reject)
      .finally(() => { onPool--; pump() })
  }

  function startHere(): void {
    hereBusy = true
    hereDone = new Promise<void>((done) => {
      const free = () => { hereBusy = false; done(); pump() }
      // A macrotask between jobs: a backtest here is one long synchronous stretch, so a warm-up answer or a
      // finished pool job waiting in the event loop is seen before this thread takes the next job.
      setImmediate(() => {
        const q = ready < workers && queue.length > 0 ? next() : undefined
        if (q === undefined) { free(); return }
        if (q.signal?.aborted === true) { q.reject(q.signal.reason); free(); return }
        const t0 = performance.now()
        here.then((runOne) => runOne(q.job, q.data))
          .then((r) => {
            hereRuns++
            costs.record(q.job, r.ms ?? performance.now() - t0)
            if (threads === undefined && !closed && worthThreads(queue.length, r.ms ?? performance.now() - t0, hereRuns)) startThreads()
            q.resolve({ ...r, thread: threadId })
          }, q.reject)
          .finally(free)
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
    get threadsStarted() { return threads !== undefined },
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
      await threads?.pool.destroy()
    },
  }
}

/** Whether `queued` more runs like the last one (`lastMs`, this thread's `runsHere`-th) are worth starting threads. */
function worthThreads(queued: number, lastMs: number, runsHere: number): boolean {
  return queued * lastMs >= WORTH_THREADS_MS && (lastMs >= LONG_RUN_MS || runsHere >= JUDGE_SHORT_AFTER)
}

async function importRunOne(runModule: string, runExport: string): Promise<RunOne> {
  const mod = (await import(runModule)) as Record<string, unknown>
  const f = mod[runExport]
  if (typeof f !== 'function') throw new OptvaultError(`${runModule} exports no function ${runExport}.`, { fix: 'name the RunOne export with runExport.' })
  return f as RunOne
}
