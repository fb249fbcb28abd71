import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import type { PoolSpec } from '../../domain/cascade/btcUsdcPool.ts'
import type { PopulationSpec } from '../../domain/cascade/seedPopulation.ts'
import type { LiquidationParams } from '../../domain/margin/liquidateAccount.ts'

/** The example config printed by --help; config/examples/cascade.yaml is this text (a test keeps them equal). */
export const CASCADE_EXAMPLE = `seed: 42
shock: -0.04              # outside move of the pool price before round 1
insuranceFundBtc: 2
maxRounds: 100
pool:                     # WBTC/USDC Uniswap v3 pool
  price: 60000
  feeBps: 30              # 5, 30 or 100
  ranges:
    - { lowerUsd: 50000, upperUsd: 70000, btc: 300, usdc: 18000000 }
    - { lowerUsd: 30000, upperUsd: 100000, btc: 300, usdc: 18000000 }
population:               # BTC-margined BTC-PERPETUAL accounts, drawn with the seed
  count: 200
  leverage: [3, 40]
  collateralBtc: [0.01, 0.2]
  entryJitter: [0.97, 1.03]
  longShare: 1
liquidation:              # optional; these are the defaults
  targetHealth: 1.25
  stepFraction: 0.25
  penaltyRate: 0.005`

/** A checked cascade config. */
export interface CascadeConfig {
  readonly seed: number
  readonly shock: number
  readonly insuranceFundBtc: number
  readonly maxRounds: number
  readonly pool: PoolSpec
  readonly population: PopulationSpec
  readonly liquidation: LiquidationParams
}

/** Flags of `optvault stress cascade`. */
export interface StressFlags { json?: boolean; out?: string; html?: string }

/** `optvault stress …`: stress scenarios over the margin engine. */
export function registerStress(program: Command, io: CliIo): void {
  const stress = program.command('stress').description('Stress scenarios: liquidation cascades.')
  stress.command('cascade')
    .description('Shock a seeded book of leveraged BTC-PERPETUAL accounts and let liquidations sell into a Uniswap v3 '
      + 'pool round by round until it settles; prints liquidated notional by round, insurance-fund drawdown, final price.')
    .argument('<config>', 'cascade YAML (see the example below)')
    .option('--json', 'JSON output')
    .option('--out <file>', 'also write the result: .csv for the rounds table, anything else for JSON (whole file or nothing)')
    .option('--html <file>', 'also write a self-contained HTML report: liquidated notional, pool price and insurance fund by round')
    .addHelpText('after', `\nExample config (config/examples/cascade.yaml):\n${CASCADE_EXAMPLE.replace(/^/gm, '  ')}\n\n`
      + 'Example:\n  optvault stress cascade config/examples/cascade.yaml --out cascade.csv --html cascade.html\n')
    .action(async (file: string, flags: StressFlags) => {
      // the cascade engine and the Uniswap SDK load on use: they cost most of a second at start-up
      const { stressCascade } = await import('./stressCascade.ts')
      await stressCascade(file, flags, io)
    })
}
