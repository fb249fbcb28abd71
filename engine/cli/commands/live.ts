import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { OptvaultError } from '../../errors/base.ts'
import type { StepResult } from '../../live/liveStep.ts'

interface LiveFlags { once?: boolean; dryRun?: boolean; logLevel?: string }

/** Log lines (JSON, secrets redacted) go to the command's stderr; stdout carries one line per step. */
export function logStreamOf(io: CliIo): { write(s: string): void } { return { write: (s) => io.err(s) } }

export function registerLive(program: Command, io: CliIo): void {
  program.command('live')
    .description('Run a vault live on its cron schedule (UTC): epoch rolls and hedge checks, journaled, never two at once.')
    .argument('<config>', 'YAML config with a live execution.venue, e.g. config/sandbox.yaml')
    .option('--once', 'run the steps that are due now and exit (for systemd timers and Kubernetes CronJobs)')
    .option('--dry-run', 'compute and log the orders each step would send; send nothing, change no vault state')
    .option('--log-level <level>', 'pino level for the JSON log on stderr: debug, info, warn, error', 'info')
    .action(async (config: string, f: LiveFlags) => {
      // loaded here, not at the top: ccxt costs every other command a second of start-up
      const { openLive } = await import('../../live/openLive.ts')
      const { runLive } = await import('../../live/liveRunner.ts')
      const live = await openLive(config, { dryRun: f.dryRun === true, logTo: logStreamOf(io), ...(f.logLevel ? { logLevel: f.logLevel } : {}) })
      try {
        const results = await runLive(live, { once: f.once === true, handleSignals: true, onStep: (r) => io.out(stepLine(r)) })
        if (f.once && results.length === 0) io.out('nothing due: every job already ran for its latest tick\n')
        const bad = results.filter((r) => r.status === 'tripped' || r.status === 'failed' || r.status === 'blocked')
        if (f.once && bad.length > 0) {
          throw new OptvaultError(`${bad.length} of ${results.length} step(s) did not complete: ${bad.map((r) => `${r.job} ${r.status}`).join(', ')}.`, {
            fix: 'See the messages above and `optvault status`; the journal holds every step.',
          })
        }
      } finally {
        live.journal.close()
      }
    })
}

function stepLine(r: StepResult): string {
  const head = `${r.job} @ ${new Date(r.tickMs).toISOString()}: ${r.status}: ${r.message}\n`
  const intended = r.intended.map((i) => `  would ${i.side} ${i.qty} ${i.instrument}${i.limitPrice === undefined ? ' at market' : ` limit ${i.limitPrice}`} (${i.clientId}, ${i.reason})\n`)
  const sent = r.acks.map((a) => `  ${a.clientId}: ${a.status}, filled ${a.filledQty}${a.rejectReason ? ` (${a.rejectReason})` : ''}\n`)
  return head + intended.join('') + sent.join('')
}
