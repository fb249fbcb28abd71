import type { Command } from 'commander'
import type { CliIo } from '../io.ts'

/** Flags of `optvault margin`. */
export interface MarginFlags { json?: boolean; scenarios?: boolean; model?: string }

export function registerMargin(program: Command, io: CliIo): void {
  program.command('margin')
    .description('Equity, initial and maintenance margin, health and per-position margin of a portfolio '
      + '(Deribit standard or portfolio margin; every amount in the account coin).')
    .argument('<portfolio>', 'portfolio YAML, e.g. config/examples/portfolio.yaml')
    .option('--json', 'JSON output (health is null when there is no maintenance margin)')
    .option('--scenarios', 'also print P&L and health over spot -50%..+50% and vol -50%..+100%')
    .option('--model <model>', 'standard | portfolio (overrides the file\'s model:)')
    .addHelpText('after', '\nOptional sections of the file (see config/examples/portfolio.yaml): subAccounts: (isolated or cross, prints '
      + 'each margin pool\'s health; transfers: moves coin between them first), fundingRate: with fundingIntervals: (perpetual funding accrued), volBuffer: with forecastVol: '
      + 'or forecast: ewma | garch on returnsFile: (margin scaled by forecast / reference vol).\n'
      + '\nExample:\n  optvault margin config/examples/portfolio.yaml --scenarios')
    .action(async (file: string, flags: MarginFlags) => {
      // the margin engine, yaml and the vol forecasters load on use, so start-up stays light
      const { marginReport } = await import('./marginReport.ts')
      marginReport(file, flags, io)
    })
}
