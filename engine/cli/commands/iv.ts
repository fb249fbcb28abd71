import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import type { OptionCase } from '../readCases.ts'
import type { impliedVol } from '../../domain/pricing/impliedVol.ts'
import { ImpliedVolError } from '../../errors/impliedVol.ts'
import { formatTable } from '../formatTable.ts'

interface IvFlags {
  file?: string; json?: boolean; model?: string; type?: string; underlying?: string; strike?: string
  time?: string; price?: string; rate?: string; div?: string
}

/** `{iv}` for a solvable row, `{error}` for a price outside the no-arbitrage bounds: not bad input, a fact. */
type IvResult = { iv: number } | { error: string }

function solve(c: OptionCase, solver: typeof impliedVol): IvResult {
  try {
    return { iv: solver({ model: c.model, kind: c.kind, underlying: c.underlying, strike: c.strike,
      tYears: c.tYears, price: c.value, rate: c.rate, div: c.div }) }
  } catch (e) {
    if (e instanceof ImpliedVolError) return { error: e.shortMessage }
    throw e
  }
}

export function registerIv(program: Command, io: CliIo): void {
  program.command('iv')
    .description('Implied volatility (a fraction) of one option price, or of every row of a CSV.')
    .option('--model <model>', 'bsm | black76 | inverse (inverse prices are in coins of the underlying)')
    .option('--type <type>', 'call | put')
    .option('--underlying <S>', 'spot (bsm, inverse) or forward (black76), in quote currency')
    .option('--strike <K>', 'strike, in quote currency')
    .option('--time <T>', 'time to expiry in years')
    .option('--price <P>', 'option price')
    .option('--rate <R>', 'continuously compounded rate as a fraction', '0')
    .option('--div <Q>', 'continuous dividend / carry yield as a fraction', '0')
    .option('--file <cases.csv>', 'CSV with header model,type,underlying,strike,time,price,rate,div')
    .option('--json', 'JSON output: one object per row, {"iv": …} or {"error": …} (NDJSON)')
    .action(async (flags: IvFlags) => {
      // csv-parse and the solver load on use, so start-up stays light
      const { parseCase, readCasesCsv } = await import('../readCases.ts')
      const { impliedVol } = await import('../../domain/pricing/impliedVol.ts')
      const cases = flags.file !== undefined
        ? readCasesCsv(flags.file, 'price')
        : [parseCase((f) => flags[f as keyof IvFlags] as string | undefined, 'price', (f) => `command line --${f}`)]
      const results = cases.map((c) => solve(c, impliedVol))
      if (flags.json) {
        io.out(results.map((r) => JSON.stringify(r)).join('\n') + '\n')
        return
      }
      io.out(formatTable(['row', 'iv', 'note'], results.map((r, i) => [
        (cases[i] as OptionCase).where,
        'iv' in r ? r.iv.toPrecision(12) : '-',
        'error' in r ? r.error : '',
      ])))
    })
}
