import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { ConfigInvalidError } from '../../errors/config.ts'

/** `optvault config validate|schema`: check a YAML config with every error at its line, or print the JSON Schema. */
export function registerConfig(program: Command, io: CliIo): void {
  const config = program.command('config').description('Check YAML configs and print their JSON Schema.')

  config.command('validate')
    .description('Check a config: prints OK and a summary, or every error with file:line:column (exit 2).')
    .argument('<file>', 'YAML config, e.g. config/covered-call.yaml')
    .option('--json', 'print the result as JSON')
    .option('--no-check-files', 'do not check that data and strategy files exist')
    .action(async (file: string, o: { json?: boolean; checkFiles: boolean }) => {
      // zod and the schema load on use: building them costs more than the rest of start-up
      const { loadConfig } = await import('../../config/loadConfig.ts')
      const { loadRunConfig } = await import('../../runtime/loadRunConfig.ts')
      const { StrategyLoadError } = await import('../../runtime/strategyError.ts')
      const { redactConfig } = await import('../../config/redactConfig.ts')
      const { summarizeConfig } = await import('../../config/summarizeConfig.ts')
      try {
        // strategy.params are checked by the strategy's own schema, like `backtest` and `live` do; only with
        // --no-check-files may a strategy that cannot be loaded be skipped (its params are then left unchecked)
        const cfg = await loadRunConfig(file, { checkFiles: o.checkFiles }).then((r) => r.config, (e: unknown) => {
          if (!o.checkFiles && e instanceof StrategyLoadError) return loadConfig(file, { checkFiles: false })
          throw e
        })
        if (o.json) io.out(`${JSON.stringify({ ok: true, file, config: redactConfig(cfg) }, null, 2)}\n`)
        else io.out(`OK ${file}\n${summarizeConfig(cfg).map((l) => `  ${l}\n`).join('')}`)
      } catch (e) {
        if (o.json && e instanceof ConfigInvalidError) {
          const errors = e.errors.map((x) => ({ file: x.file, line: x.at.line, col: x.at.col, field: x.field, problem: x.problem, fix: x.fix }))
          io.out(`${JSON.stringify({ ok: false, file, errors }, null, 2)}\n`)
        }
        throw e
      }
    })

  config.command('schema')
    .description('Print the config JSON Schema (what config/schema.json holds).')
    .action(async () => {
      const { configJsonSchemaText } = await import('../../config/configJsonSchema.ts')
      io.out(configJsonSchemaText())
    })
}
