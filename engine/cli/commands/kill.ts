import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { logStreamOf } from './live.ts'

export function registerKill(program: Command, io: CliIo): void {
  program.command('kill')
    .description('Kill switch: block further live runs, cancel open orders, optionally flatten hedges. Undo with `optvault resume`.')
    .argument('<config>', 'the live config, e.g. config/sandbox.yaml')
    .option('--flatten', 'also close hedge (perpetual) positions with market orders')
    .option('--reason <text>', 'why, kept in the journal and shown by status', 'manual kill')
    .action(async (config: string, f: { flatten?: boolean; reason: string }) => {
      const { openLive } = await import('../../live/openLive.ts')
      const { killSwitch } = await import('../../live/killSwitch.ts')
      const live = await openLive(config, { logTo: logStreamOf(io) })
      try {
        const r = await killSwitch(live.venue, live.journal, { reason: f.reason, flatten: f.flatten === true, nowMs: live.nowMs })
        io.out(`kill switch ON: live runs are blocked until \`optvault resume ${config}\`\n`)
        io.out(`cancelled ${r.cancelled} open order(s)\n`)
        for (const a of r.flattened) io.out(`flattened: ${a.clientId} ${a.status}, filled ${a.filledQty}\n`)
      } finally {
        live.journal.close()
      }
    })
}
