import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { describe, expect, test } from 'vitest'
import { runSweep } from '../../../backtest/sweep/runSweep.ts'
import { loadSharedData, shareData } from '../../../backtest/sweep/sharedData.ts'
import { runSweepJob } from '../../../backtest/sweep/runSweepJob.ts'
import { sequentialExecutor } from '../../../backtest/sweep/sequentialExecutor.ts'
import type { SweepExecutor } from '../../../backtest/sweep/sweepExecutor.ts'
import type { RunOne, RunResult, SweepJob } from '../../../backtest/sweep/sweepJob.ts'
import { warmingPoolExecutor } from '../../../backtest/sweep/warmingPoolExecutor.ts'
import { CRASH_CODE, CRASH_DELTA } from './support/crashingRun.ts'
import { gate } from './support/gatedRun.ts'
import { runOne as pricingRun } from './support/pricingRun.ts'
import { smallConfig } from './support/smallConfig.ts'
import { loadRunConfig } from '../../../engine/runtime/loadRunConfig.ts'

const GATED = new URL('./support/gatedRun.ts', import.meta.url).href
const CRASHING = new URL('./support/crashingRun.ts', import.meta.url).href
const PRICING = new URL('./support/pricingRun.ts', import.meta.url).href

/** A promise the test resolves by hand. */
function latch(): { done: Promise<void>; open: () => void } {
  let open = () => undefined as void
  const done = new Promise<void>((resolve) => { open = resolve })
  return { done, open }
}

/** The executor with every result and failure recorded; `poolSettled` opens at the first job a pool thread
 * finished or lost. A result whose `thread` is this thread's id ran in the calling thread. */
function watched(ex: SweepExecutor, onResult?: (r: RunResult) => void) {
  const results: RunResult[] = []
  const failures: unknown[] = []
  const poolSettled = latch()
  const executor: SweepExecutor = {
    slots: ex.slots,
    close: () => ex.close(),
    async run(job, data, signal) {
      try {
        const r = await ex.run(job, data, signal)
        results.push(r)
        if (r.thread !== threadId) poolSettled.open()
        onResult?.(r)
        return r
      } catch (e) {
        failures.push(e)
        poolSettled.open()
        throw e
      }
    },
  }
  const here = () => results.filter((r) => r.thread === threadId)
  const pool = () => results.filter((r) => r.thread !== threadId)
  return { executor, results, failures, poolSettled, here, pool }
}

describe('with the real backtester', () => {
  const { file, dir } = smallConfig()
  const axes = [
    { path: 'strategy.params.targetDelta', values: [0.1, 0.2, 0.3, -1] }, // -1: the strategy schema refuses it
    { path: 'hedge.band', values: [0.02, 0.05, 0.08] },
  ]

  test('a sweep gives exactly the results of running one after another, whichever side ran each run', async () => {
    const ex = warmingPoolExecutor({ workers: 2, startThreads: 'now' })
    expect(ex.slots).toBe(2)
    const w = watched(ex)
    try {
      const par = await runSweep({ configFile: file, axes, outDir: join(dir, 'warm'), executor: w.executor, top: 1 })
      const seq = await runSweep({ configFile: file, axes, outDir: join(dir, 'seq'), executor: sequentialExecutor(runSweepJob), top: 1 })
      // every metric of every row, and the file byte for byte
      expect(par.rows).toEqual(seq.rows)
      expect(par.rows).toHaveLength(12)
      expect(par.rows.filter((r) => r.error !== undefined)).toHaveLength(3)
      expect(readFileSync(join(dir, 'warm', 'sweep.csv'), 'utf8')).toBe(readFileSync(join(dir, 'seq', 'sweep.csv'), 'utf8'))
      expect(w.results).toHaveLength(13) // 12 runs and the best run's files
      expect(w.failures).toHaveLength(0)
    } finally { await ex.close() }
  })
})

describe('machinery, with a small pricing run', () => {
  const { file, dir } = smallConfig('2024-01-01', '2024-12-31')
  const axes = [
    { path: 'strategy.params.targetDelta', values: [0.05, 0.1, 0.2, 0.3, 0.95] }, // 0.95: the run refuses it
    { path: 'hedge.band', values: [0.02, 0.04, 0.06] },
  ]
  let seqRows: Awaited<ReturnType<typeof runSweep>>['rows'] | undefined
  const sequentialRows = async () => {
    seqRows ??= (await runSweep({ configFile: file, axes, outDir: join(dir, 'seq'), executor: sequentialExecutor(pricingRun), top: 0 })).rows
    return seqRows
  }

  test('a small sweep never starts the threads: its work left never reaches 5 s', async () => {
    const ex = warmingPoolExecutor({ workers: 2, runModule: PRICING })
    const w = watched(ex)
    try {
      const r = await runSweep({ configFile: file, axes, outDir: join(dir, 'small'), executor: w.executor, top: 0 })
      expect(r.rows).toEqual(await sequentialRows())
      expect(w.here()).toHaveLength(15)
      expect(ex.threadsStarted).toBe(false)
    } finally { await ex.close() }
  })

  test.each([
    // runs left x the last run's ms >= 5000; a run under 500 ms is judged on this thread's 3rd run
    [450, 4], // 12 x 450 ms after the 3rd run (14 x 450 after the 1st is not judged)
    [600, 2], // 14 x 600 ms after the 1st
    [400, 0], // 12 x 400 ms < 5 s after the 3rd, and less after
  ])('runs reported as %i ms each start the threads before this thread\'s run %i (0: never)', async (ms, firstWithThreads) => {
    const seen: boolean[] = []
    const inThread: RunOne = async (job, data) => {
      seen.push(ex.threadsStarted)
      return { ...(await pricingRun(job, data)), ms }
    }
    const ex = warmingPoolExecutor({ workers: 1, runModule: GATED, inThread }) // threads that start never load
    try {
      const r = await runSweep({ configFile: file, axes, outDir: join(dir, `judge-${ms}`), executor: ex, top: 0 })
      expect(r.rows).toEqual(await sequentialRows())
      expect(seen).toHaveLength(15)
      expect(seen.indexOf(true) + 1).toBe(firstWithThreads)
      expect(ex.threadsStarted).toBe(firstWithThreads > 0)
    } finally { await ex.close() }
  })

  test('while no pool thread has loaded, the calling thread runs every job (its RunOne imported from the same module)', async () => {
    const ex = warmingPoolExecutor({ workers: 2, runModule: GATED, startThreads: 'now' }) // the gate stays shut: the threads never load
    const w = watched(ex)
    try {
      const r = await runSweep({ configFile: file, axes, outDir: join(dir, 'shut'), executor: w.executor, top: 0 })
      expect(r.rows).toEqual(await sequentialRows())
      expect(w.results).toHaveLength(15)
      expect(w.here()).toHaveLength(15)
    } finally { await ex.close() }
  })

  test('a pool thread takes jobs as soon as it has loaded, and then the calling thread takes no new one', async () => {
    // One pool thread. The calling thread opens the gate during its 3rd job; its 4th (if it starts one before the
    // thread's warm-up answer is seen) waits for a pool result, so a pool that never took jobs would hang here.
    const g = gate()
    let calls = 0
    const poolSettled = latch()
    const inThread: RunOne = async (job, data) => {
      calls++
      if (calls === 3) g.open()
      if (calls >= 4) await poolSettled.done
      return pricingRun(job, data)
    }
    const ex = warmingPoolExecutor({ workers: 1, runModule: GATED, inThread, startThreads: 'now' })
    const w = watched(ex, (r) => { if (r.thread !== threadId) poolSettled.open() })
    try {
      const r = await runSweep({ configFile: file, axes, outDir: join(dir, 'open'), executor: w.executor, top: 0 })
      expect(r.rows).toEqual(await sequentialRows())
      const here = w.here().length
      expect(here).toBeGreaterThanOrEqual(3)
      expect(here).toBeLessThanOrEqual(4) // once the thread is ready, only it takes jobs
      expect(w.pool()).toHaveLength(15 - here)
      expect(new Set(w.pool().map((x) => x.thread)).size).toBe(1)
    } finally { await ex.close(); g.close() }
  })

  test('abort mid-sweep stops both sides: queued jobs are dropped, the pool thread\'s run is cut, no job starts after', async () => {
    const many = [
      { path: 'strategy.params.targetDelta', values: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5] },
      { path: 'hedge.band', values: [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1] },
    ]
    const g = gate()
    const abort = new AbortController()
    let calls = 0
    let callsAfterAbort = 0
    const poolSettled = latch()
    const inThread: RunOne = async (job, data) => {
      calls++
      if (abort.signal.aborted) callsAfterAbort++
      if (calls === 2) g.open()
      if (calls >= 3) await poolSettled.done
      return pricingRun(job, data)
    }
    const ex = warmingPoolExecutor({ workers: 1, runModule: GATED, inThread, startThreads: 'now' })
    let finishedAtAbort = -1
    const w = watched(ex, (r) => {
      if (r.thread !== threadId) poolSettled.open()
      if (w.pool().length === 3 && !abort.signal.aborted) { finishedAtAbort = w.results.length; abort.abort(new Error('interrupted')) }
    })
    try {
      const r = await runSweep({ configFile: file, axes: many, outDir: join(dir, 'abort'), executor: w.executor, top: 0, signal: abort.signal })
      expect(r.interrupted).toBe(true)
      expect(w.here().length).toBeGreaterThanOrEqual(2)
      expect(finishedAtAbort).toBeGreaterThanOrEqual(5)
      // after the abort at most the two runs already under way finish (a run in this thread cannot be cut short)
      expect(w.results.length - finishedAtAbort).toBeLessThanOrEqual(2)
      expect(callsAfterAbort).toBe(0)
      // every other job was rejected, none was left hanging (runSweep waits for all of them)
      expect(w.results.length + w.failures.length).toBe(100)
      expect(r.rows.length).toBeLessThan(100)
    } finally { await ex.close(); g.close() }
  })

  test('abort while only the calling thread runs jobs: it finishes the job in hand and starts no other', async () => {
    const abort = new AbortController()
    let callsAfterAbort = 0
    const inThread: RunOne = async (job, data) => {
      if (abort.signal.aborted) callsAfterAbort++
      return pricingRun(job, data)
    }
    const ex = warmingPoolExecutor({ workers: 2, runModule: GATED, inThread, startThreads: 'now' }) // the gate stays shut
    const w = watched(ex, () => { if (w.results.length === 4) abort.abort(new Error('interrupted')) })
    try {
      const r = await runSweep({ configFile: file, axes, outDir: join(dir, 'abort-here'), executor: w.executor, top: 0, signal: abort.signal })
      expect(r.interrupted).toBe(true)
      expect(callsAfterAbort).toBe(0)
      expect(w.results).toHaveLength(4)
      expect(w.failures).toHaveLength(11)
    } finally { await ex.close() }
  })

  test('a pool thread that dies mid-run gives a "worker lost" row; its replacement takes the rest and the sweep finishes', async () => {
    const CRASH_ROWS = 3 // the grid's runs at targetDelta CRASH_DELTA
    // The calling thread's 2nd job waits for the pool's first result, so every later job, the crashing ones
    // included, runs on a pool thread.
    let calls = 0
    const poolSettled = latch()
    const inThread: RunOne = async (job, data) => {
      if (++calls >= 2) await poolSettled.done
      return pricingRun(job, data)
    }
    const ex = warmingPoolExecutor({ workers: 1, runModule: CRASHING, inThread, startThreads: 'now' })
    const w = watched(ex)
    w.poolSettled.done.then(poolSettled.open, () => undefined)
    try {
      const r = await runSweep({ configFile: file, axes, outDir: join(dir, 'crash'), executor: w.executor, top: 0 })
      expect(r.rows).toHaveLength(15)
      expect(w.here()).toHaveLength(2)
      const lost = r.rows.filter((x) => x.error?.startsWith('worker lost:'))
      expect(lost.map((x) => x.params['strategy.params.targetDelta'])).toEqual(Array(CRASH_ROWS).fill(CRASH_DELTA))
      for (const x of lost) expect(x.error).toContain(`exited with code: ${CRASH_CODE}`)
      const seq = await sequentialRows()
      expect(r.rows.filter((x) => !lost.includes(x))).toEqual(seq.filter((x) => x.params['strategy.params.targetDelta'] !== CRASH_DELTA))
      // jobs after a crash ran on a new thread (one per crash at most: the queue is reordered longest-looking first,
      // so the crashing jobs need not come one after another)
      const threads = new Set(w.pool().map((x) => x.thread)).size
      expect(threads).toBeGreaterThanOrEqual(2)
      expect(threads).toBeLessThanOrEqual(1 + CRASH_ROWS)
    } finally { await ex.close() }
  })

  test('once runs have finished, the longest-looking queued run starts first (RunCosts)', async () => {
    // runs at hedge.band 0.02 report 50 ms, the others 10 (reported, not waited for): too little work for threads,
    // so every run goes through the calling thread, which picks one queued run at a time
    const order: string[] = []
    const inThread: RunOne = async (job) => {
      order.push(job.id)
      return { id: job.id, metrics: {}, ms: job.params['hedge.band'] === 0.02 ? 50 : 10 }
    }
    const ex = warmingPoolExecutor({ workers: 1, inThread })
    const empty = new Float64Array(0)
    const data = shareData({ barMs: 60_000, bars: { length: 0, tMs: empty, open: empty, high: empty, low: empty, close: empty, volume: empty } })
    const jobs = [0.1, 0.2, 0.3, 0.4].flatMap((d) => [0.02, 0.08].map((b): SweepJob =>
      ({ id: `${d}/${b}`, configFile: file, configText: '', params: { 'strategy.params.targetDelta': d, 'hedge.band': b } })))
    try {
      await Promise.all(jobs.map((j) => ex.run(j, data)))
      expect(ex.threadsStarted).toBe(false)
      // the first two in grid order (nothing known, then a tie), then the long runs, the short ones last
      expect(order).toEqual(['0.1/0.02', '0.1/0.08', '0.2/0.02', '0.3/0.02', '0.4/0.02', '0.2/0.08', '0.3/0.08', '0.4/0.08'])
    } finally { await ex.close() }
  })

  test('close() rejects the jobs not started, waits for the one running here, and ends the threads', async () => {
    const release = latch()
    const inThread: RunOne = async (job, data) => { await release.done; return pricingRun(job, data) }
    const ex = warmingPoolExecutor({ workers: 1, runModule: GATED, inThread, startThreads: 'now' }) // the threads never load
    const job = (k: number): SweepJob => ({ id: `j${k}`, configFile: file, configText: '', params: { 'strategy.params.targetDelta': 0.1 } })
    const { config } = await loadRunConfig(file)
    const data = await loadSharedData(config, file)
    const runs = [0, 1, 2].map((k) => ex.run(job(k), data).then((r) => r.id, (e: Error) => e.message))
    await new Promise((r) => setImmediate(r)) // the first job starts in this thread
    const closed = ex.close()
    release.open()
    await closed
    expect(await Promise.all(runs)).toEqual(['j0', 'The sweep executor was closed before this run started.', 'The sweep executor was closed before this run started.'])
    await expect(ex.run(job(3), data)).rejects.toThrow('The sweep executor is closed.')
  })
})
