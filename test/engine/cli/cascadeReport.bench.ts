/** Speed and size of the cascade HTML report for the shipped example (config/examples/cascade.yaml: 200 accounts,
 * 3 rounds). Medians over several runs. Run: npx tsx test/engine/cli/cascadeReport.bench.ts */
import { fileURLToPath } from 'node:url'
import { readCascadeConfig } from '../../../engine/cli/commands/stressCascade.ts'
import { renderCascadeReport } from '../../../engine/cli/commands/cascadeReport.ts'
import { buildBtcUsdcPool } from '../../../engine/domain/cascade/btcUsdcPool.ts'
import { runCascade } from '../../../engine/domain/cascade/runCascade.ts'
import { seedPopulation } from '../../../engine/domain/cascade/seedPopulation.ts'
import { standardMarginModel } from '../../../engine/domain/margin/standardMargin.ts'
import { Xoshiro128 } from '../../../data/random/xoshiro128.ts'
import { medianMs, report } from '../../support/bench.ts'

const file = fileURLToPath(new URL('../../../config/examples/cascade.yaml', import.meta.url))
const cfg = readCascadeConfig(file)
const rng = new Xoshiro128(cfg.seed)
const r = await runCascade({ accounts: seedPopulation(cfg.population, cfg.pool.priceUsd, () => rng.uniform()), pool: buildBtcUsdcPool(cfg.pool),
  model: standardMarginModel(), liquidation: cfg.liquidation, insuranceFundBtc: cfg.insuranceFundBtc, shock: cfg.shock, maxRounds: cfg.maxRounds })
let bytes = 0
const ms = medianMs(() => { bytes = Buffer.byteLength(renderCascadeReport(r, cfg, file)) }, 15, 3)
report(`renderCascadeReport: example, ${r.rounds.length} rounds`, `${ms.toFixed(2)} ms, ${(bytes / 1024).toFixed(1)} kB`,
  { ok: ms < 50 && bytes < 200_000, text: '< 50 ms and < 200 kB' })
