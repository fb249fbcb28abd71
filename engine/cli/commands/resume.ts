import type { Command } from 'commander'
import type { CliIo } from '../io.ts'

export function registerResume(program: Command, io: CliIo): void {
  program.command('resume')
    .description('Lift the kill switch, so `optvault live` runs again.')
    .argument('<config>', 'the live config, e.g. config/sandbox.yaml')
    .action(async (config: string) => {
      const { openJournal } = await import('../../adapters/sqlite/sqliteJournal.ts')
      const { resume } = await import('../../live/killSwitch.ts')
      const { loadConfig } = await import('../../config/loadConfig.ts')
      // no venue, no strategy: lifting the switch must work even while the venue is down
      const cfg = loadConfig(config, { checkFiles: false })
      const j = openJournal(cfg.journal.path)
      try {
        io.out(resume(j) ? 'kill switch OFF: live runs may start again\n' : 'kill switch was not on; nothing changed\n')
      } finally {
        j.close()
      }
    })
}
