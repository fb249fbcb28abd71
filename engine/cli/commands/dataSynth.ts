import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { InputError } from '../../errors/input.ts'
import { parseTimestampMs } from '../../../data/formats/timestamp.ts'
import { BAR_SIZE_MS, isBarSize, type BarSize } from '../../../data/synth/barSize.ts'
import type { SynthGrid } from '../../../data/synth/synthGrid.ts'
import { DEFAULT_VOLUME_PER_DAY } from '../../../data/synth/simulateBars.ts'
import { MS_PER_DAY } from '../../domain/units.ts'

type Model = 'gbm' | 'heston' | 'merton'
const MODELS: readonly Model[] = ['gbm', 'heston', 'merton']

// Sub-steps per bar by default: 5 s inside 1m bars, 1 min inside 1h bars, 5 min inside 1d bars. Fine enough
// for believable high/low (a 5-minute watch misses about 4% of a daily range), cheap enough for years of bars.
const DEFAULT_SUB_STEPS: Record<BarSize, number> = { '1m': 12, '1h': 60, '1d': 288 }
// 5M bars is about 9.5 years of 1m bars and a 400 MB CSV; more is almost surely a typo in --days
const MAX_BARS = 5_000_000

interface SynthFlags {
  model?: string; spot?: string; vol?: string; drift?: string; bar?: string; days?: string; seed?: string
  out?: string; start?: string; subSteps?: string; volumePerDay?: string; json?: boolean
  kappa?: string; theta?: string; xi?: string; rho?: string
  jumpIntensity?: string; jumpMean?: string; jumpVol?: string
}

const HESTON_ONLY = ['kappa', 'theta', 'xi', 'rho'] as const
const MERTON_ONLY = ['jumpIntensity', 'jumpMean', 'jumpVol'] as const
const flagName = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`

/** The file the Heston vol index goes to: FILE without a trailing `.csv`, plus `.vol.csv`
 * (`out/btc.csv` -> `out/btc.vol.csv`). */
export function volIndexPath(out: string): string {
  return `${out.replace(/\.csv$/i, '')}.vol.csv`
}

export function registerDataSynth(data: Command, io: CliIo): void {
  data.command('synth')
    .description('Generate synthetic OHLCV bars (GBM, Heston or Merton jump-diffusion) as a canonical bars CSV. '
      + 'Same seed, same bytes. Rates and vols are annual fractions on a 365-day year; crypto trades 24/7.')
    .option('--model <model>', 'gbm | heston | merton')
    .option('--spot <S>', 'first open, in quote currency')
    .option('--vol <V>', 'annualised vol as a fraction (0.6 = 60%); Heston: the starting vol sqrt(v0)')
    .option('--drift <MU>', 'annual expected return as a fraction, E[S_t] = S e^(MU t) (default 0)')
    .option('--bar <size>', '1m | 1h | 1d (default 1h)')
    .option('--days <N>', 'whole days of bars to generate')
    .option('--seed <K>', 'integer seed, 0 to 2^64-1 (default 1)')
    .option('--out <file>', 'bars CSV to write (ts,open,high,low,close,volume; ts = bar open, UTC)')
    .option('--start <date>', 'first bar open, UTC, on the bar grid (default 2024-01-01)')
    .option('--sub-steps <n>', 'simulation steps per bar, for high/low (default 12 for 1m, 60 for 1h, 288 for 1d)')
    .option('--volume-per-day <units>', `synthetic volume in base units per day at the reference vol (default ${DEFAULT_VOLUME_PER_DAY})`)
    .option('--kappa <k>', 'heston: mean-reversion speed per year (default 2)')
    .option('--theta <v>', 'heston: long-run VARIANCE, vol^2 (default: --vol squared)')
    .option('--xi <x>', 'heston: vol of variance (default 0.5)')
    .option('--rho <r>', 'heston: price/variance correlation in [-1, 1] (default -0.5)')
    .option('--jump-intensity <l>', 'merton: expected jumps per year (default 10)')
    .option('--jump-mean <m>', 'merton: mean log jump size (default -0.02)')
    .option('--jump-vol <d>', 'merton: sd of log jump size (default 0.05)')
    .option('--json', 'print a JSON summary instead of text')
    .addHelpText('after', '\nHeston also writes its instantaneous vol sqrt(v) as a vol index next to the bars: FILE with .csv\n'
      + 'replaced by .vol.csv (ts,vol; ts = bar open, vol = sqrt(v) at that bar\'s close, annualised fraction).\n'
      + 'Volume is synthetic: a share of --volume-per-day scaled by the bar\'s realised vol over the reference vol.\n'
      + '\nExamples:\n  optvault data synth --model gbm --spot 40000 --vol 0.6 --bar 1h --days 365 --seed 7 --out data/gbm.csv\n'
      + '  optvault data synth --model heston --spot 40000 --vol 0.6 --theta 0.36 --kappa 3 --bar 1d --days 730 --out h.csv')
    .action(async (flags: SynthFlags) => { await runSynth(flags, io) })
}

async function runSynth(f: SynthFlags, io: CliIo): Promise<void> {
  const model = required(f, 'model')
  if (!(MODELS as readonly string[]).includes(model)) bad('model', `must be one of ${MODELS.join(', ')}, got "${model}"`)
  for (const k of HESTON_ONLY) if (f[k] !== undefined && model !== 'heston') bad(k, 'only applies to --model heston')
  for (const k of MERTON_ONLY) if (f[k] !== undefined && model !== 'merton') bad(k, 'only applies to --model merton')

  const spot = num(f, 'spot', undefined, (x) => x > 0, 'a positive price')
  const vol = num(f, 'vol', undefined, (x) => x >= 0, 'a vol >= 0 as a fraction (0.6 for 60%)')
  const drift = num(f, 'drift', 0, () => true, 'a number')
  const bar = f.bar ?? '1h'
  if (!isBarSize(bar)) bad('bar', `must be 1m, 1h or 1d, got "${bar}"`)
  const barSize = bar as BarSize
  const barMs = BAR_SIZE_MS[barSize]
  const days = num(f, 'days', undefined, (x) => Number.isInteger(x) && x > 0, 'a whole number of days > 0')
  const bars = (days * MS_PER_DAY) / barMs
  if (bars > MAX_BARS) bad('days', `gives ${bars} ${barSize} bars, more than the ${MAX_BARS} this command writes`, 'use fewer days or a larger --bar')
  const seed = parseSeed(f.seed)
  const out = required(f, 'out')
  const startText = f.start ?? '2024-01-01'
  const startMs = parseTimestampMs(startText)
  if (Number.isNaN(startMs)) bad('start', `is not a date, got "${startText}"`, 'write an ISO date such as 2024-01-01 or 2024-01-01T00:00:00Z')
  if (startMs % barMs !== 0) bad('start', `${new Date(startMs).toISOString()} is not on the ${barSize} bar grid`, 'start on a whole minute, hour or UTC day to match --bar')
  const subSteps = num(f, 'subSteps', DEFAULT_SUB_STEPS[barSize], (x) => Number.isInteger(x) && x >= 1 && x <= 100_000, 'a whole number from 1 to 100000')
  const volumePerDay = num(f, 'volumePerDay', DEFAULT_VOLUME_PER_DAY, (x) => x >= 0, 'a number >= 0')
  const grid: SynthGrid = { startMs, barMs, bars, subSteps }

  // the simulators load only for this command, after the flags check out
  const { simulateGbm } = await import('../../../data/synth/gbm.ts')
  const { simulateHeston } = await import('../../../data/synth/heston.ts')
  const { simulateMerton } = await import('../../../data/synth/merton.ts')
  const { barsCsvText, volCsvText } = await import('../../../data/synth/csvText.ts')
  const { writeFileAtomic } = await import('../../../data/io/writeAtomic.ts')
  // build every output in memory first: a bad parameter or a failure leaves no file behind
  let barsText: string
  let volText: string | undefined
  if (model === 'gbm') {
    barsText = barsCsvText(simulateGbm({ spot, vol, drift, volumePerDay }, grid, seed))
  } else if (model === 'heston') {
    const nonNeg = (x: number) => x >= 0
    const path = simulateHeston({
      spot, vol, drift, volumePerDay,
      kappa: num(f, 'kappa', 2, nonNeg, 'a rate >= 0 per year'),
      theta: num(f, 'theta', vol * vol, nonNeg, 'a variance >= 0 (vol squared: 0.36 for a 60% long-run vol)'),
      xi: num(f, 'xi', 0.5, nonNeg, 'a number >= 0'),
      rho: num(f, 'rho', -0.5, (x) => x >= -1 && x <= 1, 'a correlation from -1 to 1'),
    }, grid, seed)
    barsText = barsCsvText(path.bars)
    volText = volCsvText(path.vol)
  } else {
    barsText = barsCsvText(simulateMerton({
      spot, vol, drift, volumePerDay,
      jumpIntensity: num(f, 'jumpIntensity', 10, (x) => x >= 0, 'jumps per year >= 0'),
      jumpMean: num(f, 'jumpMean', -0.02, () => true, 'a log jump size'),
      jumpVol: num(f, 'jumpVol', 0.05, (x) => x >= 0, 'a number >= 0'),
    }, grid, seed))
  }
  const volPath = volText === undefined ? undefined : volIndexPath(out)
  if (volPath !== undefined && volText !== undefined) writeFileAtomic(volPath, volText)
  writeFileAtomic(out, barsText)
  if (f.json) io.out(JSON.stringify({ model, bars, bar: barSize, seed: seed.toString(), out, ...(volPath ? { vol: volPath } : {}) }) + '\n')
  else io.out(`wrote ${bars} ${barSize} ${model} bars (seed ${seed}) to ${out}${volPath ? `\nwrote the vol index to ${volPath}` : ''}\n`)
}

function bad(key: string, problem: string, fix?: string): never {
  throw new InputError(`command line ${flagName(key)}`, flagName(key), problem, fix)
}

function required(f: SynthFlags, key: 'model' | 'out'): string {
  const v = f[key]
  if (v === undefined || v === '') bad(key, 'is required')
  return v
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

function num(f: SynthFlags, key: keyof SynthFlags, dflt: number | undefined, ok: (x: number) => boolean, expect: string): number {
  const raw = f[key]
  if (raw === undefined) {
    if (dflt === undefined) bad(key, 'is required')
    return dflt
  }
  const text = String(raw).trim()
  const x = Number(text)
  if (!NUMBER.test(text) || !Number.isFinite(x) || !ok(x)) bad(key, `must be ${expect}, got "${raw}"`)
  return x
}

function parseSeed(raw: string | undefined): bigint {
  if (raw === undefined) return 1n
  const text = raw.trim()
  if (!/^\d+$/.test(text) || BigInt(text) >= 1n << 64n) bad('seed', `must be a whole number from 0 to 2^64-1, got "${raw}"`)
  return BigInt(text)
}
