/** One sweep in a fresh process, as `optvault sweep` runs it, for sweep.bench.ts: 16 runs (4 deltas x 4 hedge bands)
 * of the config through a new executor, timed from the executor's creation to its close(), so thread start-up,
 * tsx, the backtester's imports and cold code all count. Prints {"ms": …, "inThread": runs this thread ran}.
 * Usage: node --import tsx coldSweep.ts CONFIG OUT_DIR warming|pool|sequential */
import { performance } from 'node:perf_hooks'
import { threadId } from 'node:worker_threads'
import { poolExecutor } from '../../../../backtest/sweep/poolExecutor.ts'
import { runSweep } from '../../../../backtest/sweep/runSweep.ts'
import { sequentialExecutor } from '../../../../backtest/sweep/sequentialExecutor.ts'
import type { SweepExecutor } from '../../../../backtest/sweep/sweepExecutor.ts'
import { warmingPoolExecutor } from '../../../../backtest/sweep/warmingPoolExecutor.ts'

const [configFile, outDir, mode] = process.argv.slice(2)
if (configFile === undefined || outDir === undefined || !['warming', 'pool', 'sequential'].includes(mode ?? '')) {
  throw new Error('usage: coldSweep.ts CONFIG OUT_DIR warming|pool|sequential')
}
const axes = [
  { path: 'strategy.params.targetDelta', values: [0.1, 0.15, 0.2, 0.25] },
  { path: 'hedge.band', values: [0.02, 0.04, 0.06, 0.08] },
]
const t0 = performance.now()
const executor: SweepExecutor = mode === 'warming' ? warmingPoolExecutor({ workers: 2 })
  : mode === 'pool' ? poolExecutor({ workers: 2 })
  // the CLI loads the backtester on use, so its import counts here too
  : sequentialExecutor((await import('../../../../backtest/sweep/runSweepJob.ts')).runSweepJob)
let inThread = 0
const counted: SweepExecutor = {
  slots: executor.slots,
  close: () => executor.close(),
  run: async (job, data, signal) => {
    const r = await executor.run(job, data, signal)
    if (r.thread === undefined || r.thread === threadId) inThread++
    return r
  },
}
const r = await runSweep({ configFile, axes, outDir, executor: counted, top: 0 })
await executor.close()
const ms = performance.now() - t0
if (r.rows.length !== 16 || r.rows.some((x) => x.error !== undefined)) throw new Error('cold sweep did not run 16 clean backtests')
console.log(JSON.stringify({ ms, inThread }))
