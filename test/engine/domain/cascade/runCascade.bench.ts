/** Speed of a liquidation cascade: 2000 seeded long accounts, a -4% shock, liquidations sold through the Uniswap
 * v3 SDK's swap math until the book settles. Medians over several runs. Run: npx tsx test/engine/domain/cascade/runCascade.bench.ts */
import { buildBtcUsdcPool } from '../../../../engine/domain/cascade/btcUsdcPool.ts'
import { runCascade, type CascadeResult } from '../../../../engine/domain/cascade/runCascade.ts'
import { seedPopulation } from '../../../../engine/domain/cascade/seedPopulation.ts'
import { DEFAULT_LIQUIDATION } from '../../../../engine/domain/margin/liquidateAccount.ts'
import { standardMarginModel } from '../../../../engine/domain/margin/standardMargin.ts'
import { Xoshiro128 } from '../../../../data/random/xoshiro128.ts'
import { report } from '../../../support/bench.ts'

const rng = new Xoshiro128(42)
const accounts = seedPopulation({ count: 2000, leverage: [3, 40], collateralBtc: [0.001, 0.02], entryJitter: [0.97, 1.03], longShare: 1 },
  60_000, () => rng.uniform())
const pool = buildBtcUsdcPool({ priceUsd: 60_000, feeBps: 30, ranges: [
  { lowerUsd: 50_000, upperUsd: 70_000, btc: 300, usdc: 18_000_000 }, { lowerUsd: 30_000, upperUsd: 100_000, btc: 300, usdc: 18_000_000 }] })
const run = () => runCascade({ accounts, pool, model: standardMarginModel(), liquidation: DEFAULT_LIQUIDATION, insuranceFundBtc: 2, shock: -0.04, maxRounds: 100 })

// medianMs takes a synchronous function; the cascade awaits the SDK's swaps, so time it here the same way
const times: number[] = []
let last: CascadeResult | undefined
for (let i = 0; i < 7; i++) {
  const t0 = performance.now()
  last = await run()
  if (i >= 2) times.push(performance.now() - t0)
}
times.sort((a, b) => a - b)
const ms = times[Math.floor(times.length / 2)]!
report(`runCascade: 2000 accounts, ${last!.rounds.length} rounds`, `${ms.toFixed(1)} ms`, { ok: ms < 2000, text: '< 2 s' })
