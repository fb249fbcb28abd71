import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { NotAvailableError } from '../../errors/notAvailable.ts'

export function registerBacktest(program: Command, _io: CliIo): void {
  program.command('backtest')
    .description('Run a strategy config over historical or synthetic data through the simulated venue.')
    .argument('<config>', 'YAML config, e.g. config/covered-call.yaml')
    .option('--data <file>', 'dataset to run on instead of the config\'s')
    .option('--from <date>', 'first bar (ISO 8601 UTC)')
    .option('--to <date>', 'last bar (ISO 8601 UTC)')
    .option('--out <dir>', 'output folder')
    .option('--seed <n>', 'seed for anything random')
    .option('--quiet', 'no progress bar')
    .action(() => { throw new NotAvailableError('The backtest command') })
}
