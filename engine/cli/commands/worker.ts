import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { InputError } from '../../errors/input.ts'

interface WorkerFlags { queue: string; queueName?: string; threads: string; lockMs: string }

export function registerWorker(program: Command, io: CliIo): void {
  program.command('worker')
    .description('Take sweep runs from a Redis queue (see `optvault sweep --queue`) until stopped with Ctrl-C or SIGTERM.')
    .requiredOption('--queue <url>', 'Redis URL, redis://HOST:PORT')
    .option('--queue-name <name>', 'BullMQ queue name (default optvault-sweep)')
    .option('--threads <n>', 'runs at a time, each on its own thread', '1')
    .option('--lock-ms <ms>', 'job lock; a dead worker\'s job is handed to another after about this long', '30000')
    .action(async (f: WorkerFlags) => {
      const threads = Number(f.threads)
      if (!Number.isSafeInteger(threads) || threads < 1) throw new InputError('--threads', '--threads', `must be a positive integer, got "${f.threads}"`)
      const lockMs = Number(f.lockMs)
      if (!Number.isSafeInteger(lockMs) || lockMs < 500) throw new InputError('--lock-ms', '--lock-ms', `must be an integer of at least 500, got "${f.lockMs}"`)
      const { startQueueWorker } = await import('../../../backtest/sweep/queue/startQueueWorker.ts')
      const w = await startQueueWorker({
        url: f.queue, workers: threads, lockMs, log: (line) => io.out(`${line}\n`),
        ...(f.queueName !== undefined ? { queueName: f.queueName } : {}),
      })
      // handlers first, then "ready": a supervisor that signals on reading it must reach the clean stop below
      const stopped = new Promise<void>((resolve) => {
        const stop = () => { process.removeListener('SIGINT', stop); process.removeListener('SIGTERM', stop); resolve() }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      io.out(`worker ${process.pid} ready on ${f.queue} (${threads} thread${threads > 1 ? 's' : ''})\n`)
      await stopped
      // close() waits for the runs in progress, so a stopped worker never leaves a job to the stalled check
      await w.close()
      io.out('worker stopped\n')
    })
}
