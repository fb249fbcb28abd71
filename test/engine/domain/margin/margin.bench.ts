/** Speed of the margin engine: Deribit standard margin over many accounts (against a bare Float64Array loop of the
 * same futures formula), portfolio margin's risk matrix, a book-wide liquidation, and a GARCH(1,1) fit.
 * Medians over several runs. Run: npx tsx test/engine/domain/margin/margin.bench.ts */
import { optionPrice } from '../../../../engine/domain/pricing/optionGreeks.ts'
import { accountHealth } from '../../../../engine/domain/margin/accountHealth.ts'
import { standardMarginModel, futureStandardMargin } from '../../../../engine/domain/margin/standardMargin.ts'
import { portfolioMarginModel } from '../../../../engine/domain/margin/portfolioMargin.ts'
import { liquidateBook } from '../../../../engine/domain/margin/liquidateBook.ts'
import { resolveMarks } from '../../../../engine/domain/margin/resolveMarks.ts'
import { parseInstrument } from '../../../../engine/domain/margin/parseInstrument.ts'
import type { Account, MarketSnapshot } from '../../../../engine/domain/margin/types.ts'
import { fitGarch11 } from '../../../../engine/domain/forecast/garch11.ts'
import { Xoshiro128 } from '../../../../data/random/xoshiro128.ts'
import { NormalSampler } from '../../../../data/random/normalSampler.ts'
import { medianMs, perSecond, report } from '../../../support/bench.ts'

const rng = new Xoshiro128(1)
const names = ['BTC-28JUN24-60000-C', 'BTC-28JUN24-70000-C', 'BTC-28JUN24-50000-P', 'BTC-PERPETUAL']
const ins = names.map(parseInstrument)
const N = 10_000
const accounts: Account[] = Array.from({ length: N }, (_, i) => ({
  id: `a${i}`, currency: 'BTC', collateral: [{ asset: 'BTC', amount: 1 + rng.uniform(), haircut: 0 }],
  positions: ins.map((instrument, k) => ({ instrument, size: (rng.uniform() - 0.6) * (k === 3 ? 20 : 5), entry: k === 3 ? 60_000 : 0.02 })),
}))
const base: MarketSnapshot = { nowMs: Date.UTC(2024, 5, 1, 8), indexUsd: 62_000, rate: 0, spotUsd: {}, optionMarks: {},
  optionVols: Object.fromEntries(names.slice(0, 3).map((n) => [n, 0.6])), futureMarksUsd: {} }
const market = resolveMarks(base, accounts[0]!.positions, optionPrice)

const std = standardMarginModel()
let sink = 0
const stdMs = medianMs(() => { for (const a of accounts) sink += accountHealth(a, market, std).health })
// the same futures MM formula over a bare column of sizes: the floor any per-account object walk is measured against
const sizes = Float64Array.from(accounts, (a) => Math.abs(a.positions[3]!.size))
const bareMs = medianMs(() => { for (let r = 0; r < 50; r++) for (let i = 0; i < N; i++) sink += futureStandardMargin(sizes[i]!).mm }) / 50
report('standard margin: accountHealth, 4 positions', perSecond(N, stdMs), { ok: stdMs < 200, text: `${N} accounts < 200 ms` })
report('  bare Float64Array futures-MM loop (baseline)', `${perSecond(N, bareMs)} (accountHealth is ${(stdMs / bareMs).toFixed(0)}x)`)

const pm = portfolioMarginModel(optionPrice)
const few = accounts.slice(0, 500)
const pmMs = medianMs(() => { for (const a of few) sink += pm.maintenance(a, market) }, 5, 1)
report('portfolio margin: 27-cell grid + 8 extended, 4 positions', perSecond(few.length, pmMs), { ok: pmMs < 1000, text: '500 accounts < 1 s' })

const crashed = resolveMarks({ ...base, indexUsd: 50_000 }, accounts[0]!.positions, optionPrice)
const liqMs = medianMs(() => { sink += liquidateBook(accounts.slice(0, 2000), 100, crashed, std).records.length }, 5, 1)
report('liquidateBook: 2000 accounts after a -19% move', `${liqMs.toFixed(1)} ms`, { ok: liqMs < 2000, text: '< 2 s' })

const z = new NormalSampler(new Xoshiro128(3))
const r = new Float64Array(2000)
let s2 = 4e-4
for (let t = 0; t < r.length; t++) { r[t] = Math.sqrt(s2) * z.next(); s2 = 2e-5 + 0.1 * r[t]! ** 2 + 0.85 * s2 }
const gMs = medianMs(() => { sink += fitGarch11(r).alpha }, 7, 1)
report('fitGarch11: 2000 daily returns', `${gMs.toFixed(1)} ms`, { ok: gMs < 100, text: '< 100 ms' })
if (sink === 42) console.log('')
