import { z } from 'zod'
import { dataSchema } from './dataSchema.ts'
import { executionSchema } from './executionSchema.ts'
import { hedgeSchema } from './hedgeSchema.ts'
import { ivSchema } from './ivSchema.ts'
import { journalSchema } from './journalSchema.ts'
import { riskSchema } from './riskSchema.ts'
import { scheduleSchema, } from './scheduleSchema.ts'
import type { SchemaContext } from './schemaContext.ts'
import { strategySchema } from './strategySchema.ts'
import { vaultSchema, WEEKDAYS } from './vaultSchema.ts'

/** The whole config file. Required: vault.asset, vault.initialNav and strategy; everything else has a
 * default a quant would pick. Cross-section rules (an index IV needs a vol file) are checked here. */
export function optvaultConfigSchema(ctx: SchemaContext) {
  return z.strictObject({
    vault: vaultSchema,
    strategy: strategySchema(ctx),
    data: dataSchema(ctx).optional(),
    iv: ivSchema.prefault({ source: 'index' }),
    execution: executionSchema.prefault({}),
    hedge: hedgeSchema.optional(),
    risk: riskSchema.prefault({}),
    schedule: scheduleSchema.prefault({}),
    journal: journalSchema(ctx).prefault({ path: `${ctx.fileStem}.journal.sqlite` }),
  }).superRefine((c, issue) => {
    const need = (when: boolean, path: (string | number)[], message: string, fix: string) => {
      if (when) issue.addIssue({ code: 'custom', path, message, params: { omitFound: true, fix } })
    }
    const backtest = c.execution.venue === 'sim'
    need(backtest && c.data === undefined, ['execution', 'venue'], 'is sim (backtest), which needs a data section',
      'add data: { bars: path/to/bars.csv }, or pick a live venue.')
    need(backtest && c.data !== undefined && c.iv.source === 'index' && c.data.vol === undefined, ['iv', 'source'],
      'is index, which needs data.vol', 'add data.vol (a vol index file such as DVOL), or use iv.source: realized or constant.')
    need(backtest && c.data !== undefined && c.iv.source === 'chain' && c.data.chain === undefined, ['iv', 'source'],
      'is chain, which needs data.chain', 'add data.chain (option chain files), or use iv.source: index.')
    need(backtest && c.data !== undefined && c.execution.gas.model === 'series' && c.data.gas === undefined, ['execution', 'gas', 'model'],
      'is series, which needs data.gas', 'add data.gas (a gas price file in gwei), or use model: constant.')
    need(backtest && c.data !== undefined && c.execution.slippage.model === 'chain-spread' && c.data.chain === undefined,
      ['execution', 'slippage', 'model'], 'is chain-spread, which needs data.chain', 'add data.chain, or use model: bps.')
  }).transform((c) => ({
    ...c,
    schedule: { ...c.schedule, epochRoll: c.schedule.epochRoll ?? epochCron(c.vault.epoch) },
  })).describe('optvault vault config: vault, strategy, data, iv, execution, hedge, risk, schedule, journal.')
}

/** The full, validated config with every default filled in and every path absolute. */
export type OptvaultConfig = z.output<ReturnType<typeof optvaultConfigSchema>>
/** The config as written in YAML, before defaults. */
export type OptvaultConfigInput = z.input<ReturnType<typeof optvaultConfigSchema>>

/** The cron that fires at every epoch end. A monthly epoch fires weekly on its weekday and the runtime
 * acts on the last one of the month: cron cannot say "last Friday". */
function epochCron(e: { every: 'daily' | 'weekly' | 'monthly'; weekday: (typeof WEEKDAYS)[number]; hourUtc: number }): string {
  if (e.every === 'daily') return `0 ${e.hourUtc} * * *`
  return `0 ${e.hourUtc} * * ${(WEEKDAYS.indexOf(e.weekday) + 1) % 7}`
}
