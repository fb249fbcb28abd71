import { setMaxListeners } from 'node:events'
import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { OptvaultError } from '../../errors/base.ts'
import { InputError } from '../../errors/input.ts'
import type { GridAxis } from '../../../backtest/sweep/gridAxis.ts'
import type { SweepExecutor } from '../../../backtest/sweep/sweepExecutor.ts'

interface SweepFlags {
  grid?: string[]; random?: string; seed?: string; workers?: string; out?: string; metric: string; top: string
  walkForward?: string; queue?: string; queueName?: string; quiet?: boolean
}

export function registerSweep(program: Command, io: CliIo): void {
  program.command('sweep')
    .description('Backtest every combination of parameters (or a seeded random sample) on all cores or on a Redis queue.')
    .argument('<config>', 'YAML config, e.g. config/covered-call.yaml')
    .option('--grid <path=values>', 'a config path and its values: a,b,c or start:stop:step (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--random <n>', 'run a random sample of n combinations instead of all')
    .option('--seed <k>', 'seed of the random sample (default 0)')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--out <dir>', 'output folder (default out/sweep-<config name>); rerun with the same folder to resume')
    .option('--metric <name>', 'metric that ranks runs and fills the heatmaps', 'sharpe')
    .option('--top <k>', 'how many best runs get full outputs under best/', '3')
    .option('--walk-forward <spec>', 'choose parameters on rolling windows, e.g. train=90d,test=30d')
    .option('--queue <url>', 'run on a BullMQ queue in Redis (redis://HOST:PORT) served by `optvault worker`')
    .option('--queue-name <name>', 'BullMQ queue name (default optvault-sweep)')
    .option('--quiet', 'no progress bar')
    .action(async (config: string, f: SweepFlags) => {
      if (f.grid === undefined || f.grid.length === 0) throw new InputError('--grid', '--grid', 'is missing', 'give at least one, e.g. --grid strategy.params.targetDelta=0.1,0.2,0.3.')
      // the sweep machinery (piscina, the backtester, cli-progress) loads on use, so start-up stays light
      const { parseGridFlag } = await import('../../../backtest/sweep/gridAxis.ts')
      const { parseWalkForward } = await import('../../../backtest/sweep/walkForward.ts')
      const { warmingPoolExecutor } = await import('../../../backtest/sweep/warmingPoolExecutor.ts')
      const { runSweep } = await import('../../../backtest/sweep/runSweep.ts')
      const cliProgress = (await import('cli-progress')).default
      const axes: GridAxis[] = f.grid.map((g) => parseGridFlag(g))
      const count = f.random === undefined ? undefined : positiveInt('--random', f.random)
      const seed = f.seed === undefined ? 0 : nonNegativeInt('--seed', f.seed)
      if (f.seed !== undefined && count === undefined) throw new InputError('--seed', '--seed', 'only applies with --random', 'add --random N or drop --seed.')
      const workers = f.workers === undefined ? undefined : positiveInt('--workers', f.workers)
      const top = nonNegativeInt('--top', f.top)
      if (f.workers !== undefined && f.queue !== undefined) throw new InputError('--workers', '--workers', 'sizes the local pool, which --queue does not use', 'drop --workers; start each `optvault worker` with --threads N.')
      const walkForward = f.walkForward === undefined ? undefined : parseWalkForward(f.walkForward)
      const stem = config.split('/').pop()?.replace(/\.ya?ml$/, '') ?? 'config'
      const executor: SweepExecutor = f.queue !== undefined
        // bullmq and ioredis load only when a queue is used: every other command starts faster without them
        ? await (await import('../../../backtest/sweep/queue/queueExecutor.ts')).queueExecutor(f.queue, { ...(f.queueName !== undefined ? { queueName: f.queueName } : {}) })
        // the pool's threads take ~1 s to start: until they are ready this thread runs jobs too
        : warmingPoolExecutor(workers === undefined ? {} : { workers })
      const abort = new AbortController()
      // every queued run listens on this one signal
      setMaxListeners(0, abort.signal)
      const onSigint = () => { io.err('\nstopping: finished runs stay in sweep.csv; rerun with the same --out to resume\n'); abort.abort(new Error('interrupted')) }
      process.once('SIGINT', onSigint)
      const bar = io.isTty && !f.quiet
        ? new cliProgress.SingleBar({ format: 'sweep [{bar}] {percentage}% | {value}/{total} runs | ETA {etaText}', hideCursor: true, stream: process.stdout }, cliProgress.Presets.shades_classic)
        : undefined
      let started = false
      let t0 = 0
      let done0 = 0
      try {
        const r = await runSweep({
          configFile: config, axes, outDir: f.out ?? `out/sweep-${stem}`, metric: f.metric, top, executor, signal: abort.signal,
          ...(count !== undefined ? { random: { count, seed } } : {}), ...(walkForward ? { walkForward } : {}),
          ...(bar ? { onProgress: (done: number, total: number) => {
            if (!started) { bar.start(total, done, { etaText: '…' }); started = true; t0 = Date.now(); done0 = done }
            bar.setTotal(total)
            bar.update(done, { etaText: etaText(Date.now() - t0, done - done0, total - done) })
          } } : {}),
        })
        if (started) { bar?.stop(); started = false }
        const failed = r.rows.filter((x) => x.error !== undefined).length
        const lines = [`${r.rows.length} runs (${r.resumed} resumed from sweep.csv, ${failed} failed)`]
        if (r.interrupted) {
          io.out(lines.join('\n') + '\n')
          throw new OptvaultError(`Sweep interrupted with ${r.rows.length} runs finished.`, { where: r.outDir, fix: 'rerun the same command to resume.' })
        }
        const b = r.best[0]
        if (b !== undefined) lines.push(`best ${f.metric} ${shown(b.metrics[f.metric])}: ${Object.entries(b.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`)
        if (r.walkForward) lines.push(`walk-forward ${f.metric}: in-sample ${shown(r.walkForward.meanInSample)}, out-of-sample (stitched) ${shown(r.walkForward.stitchedOutOfSample)}`)
        lines.push(`outputs: ${r.outDir}`)
        io.out(lines.join('\n') + '\n')
      } finally {
        if (started) bar?.stop()
        process.removeListener('SIGINT', onSigint)
        await executor.close()
      }
    })
}

/** A metric for the summary lines, to 4 significant digits (sweep.csv keeps every digit); n/a when there is none. */
function shown(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toPrecision(4))) : 'n/a'
}

/** Time left from the pace so far (runs resumed from sweep.csv excluded): "…" until one run has finished. */
function etaText(elapsedMs: number, finished: number, left: number): string {
  if (finished <= 0) return '…'
  const s = Math.round((elapsedMs / finished) * left / 1000)
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`
}

function positiveInt(flag: string, s: string): number {
  const n = Number(s)
  if (!Number.isSafeInteger(n) || n < 1) throw new InputError(flag, flag, `must be a positive integer, got "${s}"`)
  return n
}

function nonNegativeInt(flag: string, s: string): number {
  const n = Number(s)
  if (!Number.isSafeInteger(n) || n < 0) throw new InputError(flag, flag, `must be a non-negative integer, got "${s}"`)
  return n
}
