import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'csv-parse/sync'
import { loadRunConfig } from '../../../engine/runtime/loadRunConfig.ts'
import { poolExecutor } from '../../../backtest/sweep/poolExecutor.ts'
import { runSweep } from '../../../backtest/sweep/runSweep.ts'
import { runSweepJob } from '../../../backtest/sweep/runSweepJob.ts'
import { runHash } from '../../../backtest/sweep/runHash.ts'
import { loadSharedData, type SharedData } from '../../../backtest/sweep/sharedData.ts'
import { sequentialExecutor } from '../../../backtest/sweep/sequentialExecutor.ts'
import type { SweepExecutor } from '../../../backtest/sweep/sweepExecutor.ts'
import type { RunOne, SweepJob } from '../../../backtest/sweep/sweepJob.ts'
import { walkForwardWindows } from '../../../backtest/sweep/walkForward.ts'
import { InputError } from '../../../engine/errors/input.ts'
import { runOne as pricingRun } from './support/pricingRun.ts'
import { smallConfig } from './support/smallConfig.ts'

const PRICING_MODULE = new URL('./support/pricingRun.ts', import.meta.url).href
const DAY = 86_400_000

function csv(dir: string): Record<string, string>[] {
  return parse(readFileSync(join(dir, 'sweep.csv'), 'utf8'), { columns: true }) as Record<string, string>[]
}

/** Counts calls, so resume tests can see which runs really ran. */
function counting(run: RunOne): { run: RunOne; ids: string[] } {
  const ids: string[] = []
  return { ids, run: async (j, d) => { ids.push(j.id); return run(j, d) } }
}

describe('with the real backtester', () => {
  const { file, dir } = smallConfig()
  let pool: SweepExecutor
  beforeAll(() => { pool = poolExecutor({ workers: 2 }) })
  afterAll(async () => { await pool.close() })
  const axes = [
    { path: 'strategy.params.targetDelta', values: [0.1, 0.3, -1] }, // -1: the strategy schema refuses it
    { path: 'hedge.band', values: [0.02, 0.08] },
  ]

  test('a pool of 2 threads gives exactly the results of running one after another; a refused parameter is a row with its error', async () => {
    const seq = await runSweep({ configFile: file, axes, outDir: join(dir, 'seq'), executor: sequentialExecutor(runSweepJob), top: 2 })
    const par = await runSweep({ configFile: file, axes, outDir: join(dir, 'par'), executor: pool, top: 2 })
    expect(par.rows).toEqual(seq.rows)
    expect(readFileSync(join(dir, 'par', 'sweep.csv'), 'utf8')).toBe(readFileSync(join(dir, 'seq', 'sweep.csv'), 'utf8'))
    const rows = csv(join(dir, 'par'))
    expect(rows).toHaveLength(6)
    expect(rows.map((r) => [r['strategy.params.targetDelta'], r['hedge.band']])).toEqual([['0.1', '0.02'], ['0.1', '0.08'], ['0.3', '0.02'], ['0.3', '0.08'], ['-1', '0.02'], ['-1', '0.08']])
    const failed = rows.filter((r) => r.error !== '')
    expect(failed).toHaveLength(2)
    for (const f of failed) {
      expect(f.error).toContain('strategy.params.targetDelta must be at least 0.01, got -1')
      expect(f.error).toMatch(/covered-call\.yaml:\d+:\d+/)
      expect(f.sharpe).toBe('')
    }
    for (const r of rows.filter((x) => x.error === '')) expect(Number.isFinite(Number(r.sharpe))).toBe(true)
    // The best runs' full outputs, ranked by Sharpe
    const best = readdirSync(join(dir, 'par', 'best')).sort()
    expect(best).toHaveLength(2)
    const ranked = rows.filter((r) => r.error === '').sort((a, b) => Number(b.sharpe) - Number(a.sharpe))
    expect(best[0]).toBe(`1-${ranked[0]!.hash}`)
    const summary = JSON.parse(readFileSync(join(dir, 'par', 'best', best[0]!, 'summary.json'), 'utf8')) as { metrics: { sharpe: number } }
    expect(summary.metrics.sharpe).toBe(Number(ranked[0]!.sharpe))
    for (const f of ['report.html', 'trades.csv', 'equity.csv']) expect(existsSync(join(dir, 'par', 'best', best[0]!, f))).toBe(true)
    const html = readFileSync(join(dir, 'par', 'sweep.html'), 'utf8')
    expect(html).toContain('<svg')
    expect(html).not.toMatch(/(src|href)="https?:/)
    expect((html.match(/<tr><td/g) ?? []).length).toBe(6)
  })

  test('a sweep run matches optvault backtest of the same config with the value written in', async () => {
    const { config } = await loadRunConfig(file)
    const data = await loadSharedData(config, file)
    const text = readFileSync(file, 'utf8')
    const params = { 'strategy.params.targetDelta': 0.3 }
    const viaSweep = await runSweepJob({ id: 'x', configFile: file, configText: text, params }, data)
    const written = text.replace('targetDelta: 0.2', 'targetDelta: 0.3')
    const direct = await runSweepJob({ id: 'y', configFile: file, configText: written, params: {} }, data)
    expect(viaSweep.metrics).toEqual(direct.metrics)
    expect(viaSweep.metrics.sharpe).not.toEqual((await runSweepJob({ id: 'z', configFile: file, configText: text, params: {} }, data)).metrics.sharpe)
  })
})

describe('machinery, with a small pricing run', () => {
  const { file, dir } = smallConfig('2024-01-01', '2024-12-31')
  const axes = [
    { path: 'strategy.params.targetDelta', values: [0.05, 0.1, 0.2, 0.3, 0.95] },
    { path: 'hedge.band', values: [0.02, 0.04, 0.06] },
  ]

  test('pool results equal sequential results (a test module as the pool RunOne)', async () => {
    const pool = poolExecutor({ workers: 2, runModule: PRICING_MODULE })
    try {
      const a = await runSweep({ configFile: file, axes, outDir: join(dir, 'p1'), executor: pool, top: 0 })
      const b = await runSweep({ configFile: file, axes, outDir: join(dir, 's1'), executor: sequentialExecutor(pricingRun), top: 0 })
      expect(a.rows).toEqual(b.rows)
      expect(a.rows).toHaveLength(15)
      expect(a.rows.filter((r) => r.error !== undefined)).toHaveLength(3)
    } finally { await pool.close() }
  })

  test('resume: a rerun with the same out folder runs nothing again; a new value runs only the new runs', async () => {
    const out = join(dir, 'resume')
    const c1 = counting(pricingRun)
    const first = await runSweep({ configFile: file, axes, outDir: out, executor: sequentialExecutor(c1.run), top: 0 })
    expect(c1.ids).toHaveLength(15)
    const c2 = counting(pricingRun)
    const again = await runSweep({ configFile: file, axes, outDir: out, executor: sequentialExecutor(c2.run), top: 0 })
    expect(c2.ids).toHaveLength(0)
    expect(again.resumed).toBe(15)
    expect(again.rows).toEqual(first.rows)
    const wider = [axes[0]!, { path: 'hedge.band', values: [0.02, 0.04, 0.06, 0.08] }]
    const c3 = counting(pricingRun)
    const more = await runSweep({ configFile: file, axes: wider, outDir: out, executor: sequentialExecutor(c3.run), top: 0 })
    expect(c3.ids).toHaveLength(5) // only hedge.band=0.08, for each of the 5 deltas
    expect(more.rows).toHaveLength(20)
    expect(csv(out)).toHaveLength(20)
  })

  test('Ctrl-C (abort) keeps finished runs in sweep.csv; the rerun finishes only the rest', async () => {
    const out = join(dir, 'abort')
    const abort = new AbortController()
    const c1 = counting(pricingRun)
    const r = await runSweep({
      configFile: file, axes, outDir: out, executor: sequentialExecutor(c1.run), top: 0, signal: abort.signal,
      onProgress: (done) => { if (done === 4) abort.abort(new Error('interrupted')) },
    })
    expect(r.interrupted).toBe(true)
    expect(csv(out)).toHaveLength(4)
    expect(readFileSync(join(out, 'sweep.html'), 'utf8')).toContain('(interrupted)')
    const c2 = counting(pricingRun)
    const rest = await runSweep({ configFile: file, axes, outDir: out, executor: sequentialExecutor(c2.run), top: 0 })
    expect(rest.resumed).toBe(4)
    expect(c2.ids).toHaveLength(11)
    expect(new Set([...c1.ids.slice(0, 4), ...c2.ids]).size).toBe(15)
    expect(csv(out)).toHaveLength(15)
  })

  test('walk-forward picks on each training window the parameters with the best metric there and stitches the test windows', async () => {
    const out = join(dir, 'wf')
    const spec = { trainMs: 30 * DAY, testMs: 30 * DAY }
    const metric = 'totalReturn'
    const r = await runSweep({ configFile: file, axes, outDir: out, executor: sequentialExecutor(pricingRun), metric, walkForward: spec })
    const { config } = await loadRunConfig(file)
    const data: SharedData = await loadSharedData(config, file)
    const windows = walkForwardWindows(data.bars.tMs[0]!, data.bars.tMs[data.bars.length - 1]! + data.barMs, spec)
    expect(windows).toHaveLength(11) // 366 days of 2024: floor((366 - 30) / 30)
    const wf = r.walkForward!
    expect(wf.rows).toHaveLength(11)
    const text = readFileSync(file, 'utf8')
    let stitched = 1
    const chosenDeltas = new Set<number>()
    for (const w of windows) {
      // the choice checked against every candidate run directly on the training window
      let best: { d: number; band: number; v: number } | undefined
      for (const d of axes[0]!.values as number[]) {
        for (const band of axes[1]!.values as number[]) {
          const params = { 'strategy.params.targetDelta': d, 'hedge.band': band }
          const res = await pricingRun({ id: '', configFile: file, configText: text, params, window: w.train } as SweepJob, data)
          const v = res.metrics[metric]
          if (res.error === undefined && typeof v === 'number' && (best === undefined || v > best.v)) best = { d, band, v }
        }
      }
      const row = wf.rows[w.index]!
      expect(row.params).toBe(`strategy.params.targetDelta=${best!.d} hedge.band=${best!.band}`)
      expect(row.inSample).toBe(best!.v)
      const test = await pricingRun({ id: '', configFile: file, configText: text, params: { 'strategy.params.targetDelta': best!.d, 'hedge.band': best!.band }, window: w.test } as SweepJob, data)
      expect(row.outOfSample).toBe(test.metrics[metric])
      stitched *= 1 + (test.metrics[metric] as number)
      chosenDeltas.add(best!.d)
    }
    // the sample's BTC fell in January and rose in March, so the best delta changes between windows
    expect(chosenDeltas.size).toBeGreaterThan(1)
    expect(wf.stitchedTotalReturn).toBeCloseTo(stitched - 1, 12)
    expect(wf.stitchedOutOfSample).toBeCloseTo(stitched - 1, 12)
    const rows = csv(out)
    expect(rows.filter((x) => x.phase === 'train')).toHaveLength(11 * 15)
    expect(rows.filter((x) => x.phase === 'test')).toHaveLength(11)
    expect(readFileSync(join(out, 'walkforward.csv'), 'utf8').split('\n')[0]).toBe('window,train_from,test_from,test_to,params,in_sample_totalReturn,out_of_sample_totalReturn')
    expect(readFileSync(join(out, 'sweep.html'), 'utf8')).toContain('Walk-forward')
  })

  test('walk-forward windows tile data.from..data.to of the config, not the whole file', async () => {
    const narrow = smallConfig('2024-03-01', '2024-04-29T23:00:00Z')
    const r = await runSweep({ configFile: narrow.file, axes, outDir: join(narrow.dir, 'wf'), executor: sequentialExecutor(pricingRun), metric: 'totalReturn', walkForward: { trainMs: 20 * DAY, testMs: 10 * DAY } })
    // 60 days from March 1: floor((60 - 20) / 10) = 4 windows, the first training from March 1, the last test ending April 30
    expect(r.walkForward!.rows.map((w) => [w.trainFrom, w.testTo])).toEqual([
      ['2024-03-01T00:00:00.000Z', '2024-03-31T00:00:00.000Z'], ['2024-03-11T00:00:00.000Z', '2024-04-10T00:00:00.000Z'],
      ['2024-03-21T00:00:00.000Z', '2024-04-20T00:00:00.000Z'], ['2024-03-31T00:00:00.000Z', '2024-04-30T00:00:00.000Z'],
    ])
    expect(r.rows.filter((x) => x.error !== undefined)).toHaveLength(4 * 3) // only targetDelta 0.95, refused by the run
  })

  test('run hashes change with config text, params, data and window, and not with param order', () => {
    const h = runHash('a', { x: 1, y: 2 }, 'd')
    expect(runHash('a', { y: 2, x: 1 }, 'd')).toBe(h)
    expect(runHash('b', { x: 1, y: 2 }, 'd')).not.toBe(h)
    expect(runHash('a', { x: 1, y: 3 }, 'd')).not.toBe(h)
    expect(runHash('a', { x: 1, y: 2 }, 'e')).not.toBe(h)
    expect(runHash('a', { x: 1, y: 2 }, 'd', { fromMs: 0, toMs: 1 })).not.toBe(h)
  })

  test('bad input: unknown metric, unknown path, windows longer than the data', async () => {
    const ex = sequentialExecutor(pricingRun)
    await expect(runSweep({ configFile: file, axes, outDir: join(dir, 'bad'), executor: ex, metric: 'sharp' })).rejects.toThrow(/--metric is "sharp"/)
    await expect(runSweep({ configFile: file, axes: [{ path: 'hedge.bnd', values: [1] }], outDir: join(dir, 'bad'), executor: ex })).rejects.toThrow(InputError)
    await expect(runSweep({ configFile: file, axes, outDir: join(dir, 'bad'), executor: ex, walkForward: { trainMs: 300 * DAY, testMs: 90 * DAY } })).rejects.toThrow(/--walk-forward needs/)
  })
})
