import type { CliIo } from '../io.ts'
import { YamlFieldReader } from './marginReport.ts'
import { writeFileAtomic } from '../../../data/io/writeAtomic.ts'
import { Xoshiro128 } from '../../../data/random/xoshiro128.ts'
import { buildBtcUsdcPool, type LiquidityRange } from '../../domain/cascade/btcUsdcPool.ts'
import { runCascade, type CascadeResult } from '../../domain/cascade/runCascade.ts'
import { seedPopulation } from '../../domain/cascade/seedPopulation.ts'
import { DEFAULT_LIQUIDATION } from '../../domain/margin/liquidateAccount.ts'
import { standardMarginModel } from '../../domain/margin/standardMargin.ts'
import { cascadeStatus, renderCascadeReport } from './cascadeReport.ts'
import type { CascadeConfig, StressFlags } from './stress.ts'

/** `optvault stress cascade FILE`: runs the cascade, renders every output, then writes files and prints.
 * Lives apart from stress.ts so the cascade engine and the Uniswap SDK load only when the command runs.
 * @example await stressCascade('config/examples/cascade.yaml', { json: true }, processIo) */
export async function stressCascade(file: string, flags: StressFlags, io: CliIo): Promise<void> {
  const cfg = readCascadeConfig(file)
  const rng = new Xoshiro128(cfg.seed)
  const pool = buildBtcUsdcPool(cfg.pool)
  const accounts = seedPopulation(cfg.population, cfg.pool.priceUsd, () => rng.uniform())
  const r = await runCascade({ accounts, pool, model: standardMarginModel(), liquidation: cfg.liquidation,
    insuranceFundBtc: cfg.insuranceFundBtc, shock: cfg.shock, maxRounds: cfg.maxRounds })
  const json = resultJson(r, cfg)
  // render everything before writing anything: a failure leaves no file behind
  const html = flags.html === undefined ? undefined : renderCascadeReport(r, cfg, file)
  if (flags.out !== undefined) writeFileAtomic(flags.out, flags.out.endsWith('.csv') ? roundsCsv(r) : JSON.stringify(json, null, 2) + '\n')
  if (flags.html !== undefined && html !== undefined) writeFileAtomic(flags.html, html)
  io.out(flags.json ? JSON.stringify(json) + '\n' : resultText(r, cfg))
}

/** Reads and checks a cascade config; every problem is an InputError at file:line:col naming the field.
 * @example readCascadeConfig('cascade.yaml').population.count // 200 */
export function readCascadeConfig(file: string): CascadeConfig {
  // the explicit type lets TypeScript see that y.fail() never returns
  const y: YamlFieldReader = YamlFieldReader.open(file, 'config', 'optvault stress cascade --help')
  if (!y.isMap([])) y.fail([], 'must be a mapping with pool:, population: and shock:', 'see optvault stress cascade --help')
  const shock = y.num(['shock'], 'any')
  if (!(shock > -1 && shock < 1)) y.fail(['shock'], `must be a fraction between -1 and 1, got ${shock}`, 'write -0.1 for a 10% fall')
  const feeBps = y.num(['pool', 'feeBps'], 'positive', 30)
  if (feeBps !== 5 && feeBps !== 30 && feeBps !== 100) y.fail(['pool', 'feeBps'], `must be 5, 30 or 100, got ${feeBps}`)
  const priceUsd = y.num(['pool', 'price'], 'positive')
  const ranges: LiquidityRange[] = []
  const n = y.list(['pool', 'ranges'])
  if (n === 0) y.fail(['pool', 'ranges'], 'must list at least one liquidity range', 'see optvault stress cascade --help')
  for (let i = 0; i < n; i++) {
    const at = ['pool', 'ranges', i]
    const lowerUsd = y.num([...at, 'lowerUsd'], 'positive')
    const upperUsd = y.num([...at, 'upperUsd'], 'positive')
    if (upperUsd <= lowerUsd) y.fail([...at, 'upperUsd'], `must be above lowerUsd ${lowerUsd}, got ${upperUsd}`)
    ranges.push({ lowerUsd, upperUsd, btc: y.num([...at, 'btc'], 'nonNegative', 0), usdc: y.num([...at, 'usdc'], 'nonNegative', 0) })
  }
  const longShare = y.num(['population', 'longShare'], 'nonNegative', 1)
  if (longShare > 1) y.fail(['population', 'longShare'], `must be a fraction from 0 to 1, got ${longShare}`)
  const targetHealth = y.num(['liquidation', 'targetHealth'], 'positive', DEFAULT_LIQUIDATION.targetHealth)
  if (targetHealth < 1) y.fail(['liquidation', 'targetHealth'], `must be at least 1, got ${targetHealth}`)
  const stepFraction = y.num(['liquidation', 'stepFraction'], 'positive', DEFAULT_LIQUIDATION.stepFraction)
  if (stepFraction > 1) y.fail(['liquidation', 'stepFraction'], `must be a fraction up to 1, got ${stepFraction}`)
  return {
    seed: y.int(['seed'], 0, Number.MAX_SAFE_INTEGER, 1),
    shock,
    insuranceFundBtc: y.num(['insuranceFundBtc'], 'nonNegative', 0),
    maxRounds: y.int(['maxRounds'], 1, 10_000, 100),
    pool: { priceUsd, feeBps, ranges },
    population: {
      count: y.int(['population', 'count'], 1, 100_000),
      leverage: y.range(['population', 'leverage']),
      collateralBtc: y.range(['population', 'collateralBtc']),
      entryJitter: y.range(['population', 'entryJitter'], [1, 1]),
      longShare,
    },
    liquidation: { ...DEFAULT_LIQUIDATION, targetHealth, stepFraction,
      penaltyRate: y.num(['liquidation', 'penaltyRate'], 'nonNegative', DEFAULT_LIQUIDATION.penaltyRate) },
  }
}

function resultJson(r: CascadeResult, cfg: CascadeConfig): object {
  return {
    seed: cfg.seed, accounts: cfg.population.count, initialPriceUsd: r.initialPriceUsd, shockedPriceUsd: r.shockedPriceUsd,
    finalPriceUsd: r.finalPriceUsd, settled: r.settled, poolExhausted: r.poolExhausted,
    totalLiquidatedNotionalUsd: r.totalLiquidatedNotionalUsd, insuranceFundStartBtc: r.insuranceFundStartBtc,
    insuranceFundEndBtc: r.insuranceFundEndBtc, insuranceFundDrawdownBtc: r.insuranceFundDrawdownBtc, rounds: r.rounds,
  }
}

const COLUMNS = ['round', 'priceStartUsd', 'priceEndUsd', 'accountsLiquidated', 'bankruptcies', 'liquidatedNotionalUsd', 'netBtcTraded',
  'unfilledBtc', 'penaltiesBtc', 'slippageBtc', 'coveredByFundBtc', 'socialisedBtc', 'uncoveredBtc', 'insuranceFundBtc'] as const

function roundsCsv(r: CascadeResult): string {
  return [COLUMNS.join(','), ...r.rounds.map((x) => COLUMNS.map((c) => String(x[c])).join(','))].join('\n') + '\n'
}

function resultText(r: CascadeResult, cfg: CascadeConfig): string {
  const f = (x: number, d = 2) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
  const rows = r.rounds.map((x) => [String(x.round), f(x.priceStartUsd), f(x.priceEndUsd), String(x.accountsLiquidated),
    f(x.liquidatedNotionalUsd, 0), f(x.netBtcTraded, 4), f(x.insuranceFundBtc, 4)])
  const header = ['round', 'price start USD', 'price end USD', 'accounts', 'liquidated USD', 'BTC sold', 'fund BTC']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)))
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ') + '\n'
  const status = cascadeStatus(r, cfg)
  return `Cascade: ${cfg.population.count} accounts, seed ${cfg.seed}, shock ${f(cfg.shock * 100, 1)}%: ${status}\n`
    + line(header) + rows.map(line).join('')
    + `price: ${f(r.initialPriceUsd)} -> ${f(r.shockedPriceUsd)} after the shock -> ${f(r.finalPriceUsd)} final USD\n`
    + `liquidated notional: ${f(r.totalLiquidatedNotionalUsd, 0)} USD over ${r.rounds.length} rounds\n`
    + `insurance fund: ${f(r.insuranceFundStartBtc, 4)} -> ${f(r.insuranceFundEndBtc, 4)} BTC, drawdown ${f(r.insuranceFundDrawdownBtc, 4)} BTC\n`
}
