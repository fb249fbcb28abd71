import { describe, expect, test } from 'vitest'
import { ColumnReuse } from '../../../backtest/loop/columnReuse.ts'
import { runBacktest, type BacktestInput } from '../../../backtest/loop/runBacktest.ts'
import { simulateGbm } from '../../../data/synth/gbm.ts'
import { hedgedCall } from '../support/strategies.ts'
import { testConfig } from '../support/testConfig.ts'

const H = 3_600_000
const bars = (n: number, seed: number) =>
  simulateGbm({ spot: 40_000, vol: 0.6, drift: 0 }, { startMs: Date.UTC(2024, 0, 1), barMs: H, bars: n, subSteps: 4 }, seed)
const run = (o: Partial<BacktestInput> & Pick<BacktestInput, 'bars'>, targetDelta: number) =>
  runBacktest({ config: testConfig(), strategy: hedgedCall, params: hedgedCall.params.parse({ targetDelta }), barMs: H, ...o })
const COLUMNS = ['nav', 'pps', 'delta', 'gamma', 'vega', 'theta', 'health', 'vol', 'epoch'] as const

describe('ColumnReuse', () => {
  test('a run on columns another run wrote gives the same result as one on fresh columns', async () => {
    const b = bars(24 * 30, 3)
    const reuse = new ColumnReuse()
    const first = await run({ bars: b, columns: reuse }, 0.1)
    const firstNav = Float64Array.from(first.equity.nav)
    const second = await run({ bars: b, columns: reuse }, 0.35)
    const fresh = await run({ bars: b }, 0.35)
    // the second run wrote into the first one's arrays, which held other values on every bar
    expect(second.equity.nav).toBe(first.equity.nav)
    expect(firstNav.some((x, i) => x !== fresh.equity.nav[i])).toBe(true)
    for (const c of COLUMNS) expect(second.equity[c], c).toEqual(fresh.equity[c])
    expect(second.trades).toEqual(fresh.trades)
    expect(second.epochs).toEqual(fresh.epochs)
  })
  test('a run of another length gets new columns of its length', async () => {
    const reuse = new ColumnReuse()
    const long = await run({ bars: bars(24 * 20, 5), columns: reuse }, 0.2)
    const short = await run({ bars: bars(24 * 12, 5), columns: reuse }, 0.2)
    expect(short.equity.nav.length).toBe(24 * 12)
    expect(short.equity.nav).not.toBe(long.equity.nav)
    expect(short.equity.epoch).toEqual((await run({ bars: bars(24 * 12, 5) }, 0.2)).equity.epoch)
  })
})
