import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import type { OptionCase } from '../readCases.ts'
import type { optionGreeks } from '../../domain/pricing/optionGreeks.ts'
import { GREEK_KEYS, type OptionGreeks } from '../../domain/pricing/types.ts'
import { InputError } from '../../errors/input.ts'
import { formatTable } from '../formatTable.ts'

interface PriceFlags {
  file?: string; json?: boolean; model?: string; type?: string; underlying?: string; strike?: string
  time?: string; vol?: string; rate?: string; div?: string
}

/** Value and Greeks with the CLI's key order (`price, delta, …, speed`), for JSON output. */
function greeksOf(c: OptionCase, greeks: typeof optionGreeks): OptionGreeks {
  const g = greeks({ model: c.model, kind: c.kind, underlying: c.underlying, strike: c.strike, tYears: c.tYears,
    sigma: c.value, rate: c.rate, div: c.div })
  const ordered = {} as OptionGreeks
  for (const k of GREEK_KEYS) ordered[k] = g[k]
  return ordered
}

export function registerPrice(program: Command, io: CliIo): void {
  program.command('price')
    .description('Price one option, or every row of a CSV, with all Greeks (raw derivatives: vega per 1.00 vol, '
      + 'rho per 1.00 rate, theta per year).')
    .option('--model <model>', 'bsm | black76 | inverse')
    .option('--type <type>', 'call | put')
    .option('--underlying <S>', 'spot (bsm, inverse) or forward (black76), in quote currency')
    .option('--strike <K>', 'strike, in quote currency')
    .option('--time <T>', 'time to expiry in years')
    .option('--vol <V>', 'annualised volatility as a fraction (0.65 = 65%)')
    .option('--rate <R>', 'continuously compounded rate as a fraction', '0')
    .option('--div <Q>', 'continuous dividend / carry yield as a fraction', '0')
    .option('--file <cases.csv>', 'CSV with header model,type,underlying,strike,time,vol,rate,div')
    .option('--json', 'JSON output: one object per option (NDJSON for --file)')
    .addHelpText('after', '\nExamples:\n  optvault price --model bsm --type call --underlying 100 --strike 100 --time 0.5 --vol 0.2 --rate 0.05\n'
      + '  optvault price --file cases.csv --json')
    .action(async (flags: PriceFlags) => {
      // csv-parse and the pricers load on use, so start-up stays light
      const { parseCase, readCasesCsv } = await import('../readCases.ts')
      const { optionGreeks } = await import('../../domain/pricing/optionGreeks.ts')
      const cases = flags.file !== undefined
        ? readCasesCsv(flags.file, 'vol')
        : [parseCase((f) => flags[f as keyof PriceFlags] as string | undefined, 'vol', (f) => `command line --${f}`)]
      // compute everything before printing anything: a failure leaves stdout empty
      const results = cases.map((c) => {
        try {
          return greeksOf(c, optionGreeks)
        } catch (e) {
          throw new InputError(c.where, 'row', `cannot be priced: ${(e as Error).message}`)
        }
      })
      if (flags.json) io.out(results.map((r) => JSON.stringify(r)).join('\n') + '\n')
      else io.out(results.map((r, i) => humanGreeks(cases[i] as OptionCase, r)).join('\n'))
    })
}

function humanGreeks(c: OptionCase, g: OptionGreeks): string {
  const unit = c.model === 'inverse' ? 'coins of underlying' : 'quote currency'
  const rows: [string, string, string][] = [
    ['price', fmt(g.price), unit],
    ['delta', fmt(g.delta), 'dV/dS'],
    ['gamma', fmt(g.gamma), 'd2V/dS2'],
    ['vega', fmt(g.vega), `per 1.00 vol (${fmt(g.vega / 100)} per vol point)`],
    ['theta', fmt(g.theta), `per year (${fmt(g.theta / 365)} per day)`],
    ['rho', fmt(g.rho), 'per 1.00 rate'],
    ['divRho', fmt(g.divRho), 'per 1.00 dividend yield'],
    ['vanna', fmt(g.vanna), 'd2V/dS dvol'],
    ['volga', fmt(g.volga), 'd2V/dvol2'],
    ['charm', fmt(g.charm), 'd(delta)/dt per year'],
    ['speed', fmt(g.speed), 'd3V/dS3'],
  ]
  const title = `${c.model} ${c.kind} S=${c.underlying} K=${c.strike} T=${c.tYears}y vol=${c.value} r=${c.rate} q=${c.div}\n`
  return title + formatTable(['greek', 'value', 'unit'], rows)
}

const fmt = (x: number): string => (x === 0 ? '0' : Math.abs(x) >= 1e-4 && Math.abs(x) < 1e7 ? x.toPrecision(10) : x.toExponential(9))
