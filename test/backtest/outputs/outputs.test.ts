import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { backtestFromConfig } from '../../../backtest/loop/backtestFromConfig.ts'
import { writeOutputDir } from '../../../backtest/outputs/writeOutputDir.ts'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'

const repo = new URL('../../../', import.meta.url).pathname
const tmp = mkdtempSync(join(tmpdir(), 'optvault-bt-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const pluginIndex = join(repo, 'engine/plugin/index.ts')
const sampleBars = join(repo, 'data/samples/btc-usd-1h-sample.csv')
const sampleVol = join(repo, 'data/samples/btc-vol-1d-sample.csv')

/** A config in the temp folder running a plugin strategy on the bundled sample. */
function configWith(name: string, strategyBody: string, extra = ''): string {
  writeFileSync(join(tmp, `${name}.ts`), `import { defineStrategy, z } from '${pluginIndex}'\nexport default defineStrategy({ name: '${name}', apiVersion: 1, params: z.object({}), ${strategyBody} })\n`)
  const file = join(tmp, `${name}.yaml`)
  writeFileSync(file, [
    'vault: { asset: BTC, initialNav: 10 }', `strategy: { path: ./${name}.ts }`,
    `data: { bars: ${sampleBars}, vol: ${sampleVol}, barSize: 1h, gapPolicy: forward-fill, to: "2024-03-01" }`,
    'iv: { source: index, skewSlope: -0.1 }', extra, '',
  ].join('\n'))
  return file
}

const SELL_CALLS = `onEpochStart(ctx) { const c = ctx.chain.nearestByDelta({ kind: 'call', delta: 0.25, expiryMs: ctx.vault.epoch.endMs }); ctx.sell(c.id, ctx.vault.freeCollateral()) },
  onBar(ctx) { const nav = ctx.vault.navAsset(); if (Math.abs(ctx.portfolio.delta() - nav) > 0.05 * nav) ctx.hedgeDeltaTo(1) }`

describe('backtest outputs', () => {
  test('every file with its exact header; the same config and data give byte-identical files', async () => {
    const cfg = configWith('seller', SELL_CALLS)
    const a = await backtestFromConfig({ configFile: cfg, out: join(tmp, 'run-a'), seed: 7 })
    const b = await backtestFromConfig({ configFile: cfg, out: join(tmp, 'run-b'), seed: 7 })
    const files = ['attribution.csv', 'epochs.csv', 'equity.csv', 'report.html', 'summary.json', 'trades.csv']
    expect(readdirSync(a.outDir).sort()).toEqual(files)
    for (const f of files) expect(readFileSync(join(b.outDir, f))).toEqual(readFileSync(join(a.outDir, f)))
    const head = (f: string) => readFileSync(join(a.outDir, f), 'utf8').split('\n')[0]
    expect(head('epochs.csv')!.startsWith('epoch,start,end,type,strike,expiry,contracts,premium,settlement_price,option_pnl,hedge_pnl,fees,pnl,nav_start,nav_end,pps_end')).toBe(true)
    expect(head('trades.csv')).toBe('ts,instrument,side,qty,price,fee,kind,reason')
    expect(head('equity.csv')).toBe('ts,spot,nav,pps,delta,gamma,vega,theta,health')
    expect(head('attribution.csv')).toBe('epoch,delta,gamma,theta,vega,cross,costs,residual,total')
    const equityRows = readFileSync(join(a.outDir, 'equity.csv'), 'utf8').trim().split('\n').length - 1
    expect(equityRows).toBe(a.result.bars)
    const summary = JSON.parse(readFileSync(join(a.outDir, 'summary.json'), 'utf8')) as { vault: { epochs: number; premiumCollected: number }; buyAndHold: { totalReturn: number } }
    // the data ends (2024-03-01 00:00) inside the epoch that rolls on Friday 2024-03-01 08:00: that one is open
    expect(a.result.epochs.at(-1)).toMatchObject({ settled: false, endMs: Date.parse('2024-03-01T01:00:00Z') })
    expect(a.result.epochs.slice(0, -1).every((e) => e.settled)).toBe(true)
    expect(summary.vault.epochs).toBe(a.result.epochs.length - 1)
    const epochLines = readFileSync(join(a.outDir, 'epochs.csv'), 'utf8').trim().split('\n')
    expect(epochLines[0]!.endsWith(',status')).toBe(true)
    expect(epochLines.at(-1)!.endsWith(',open')).toBe(true)
    expect(epochLines.length - 1).toBe(a.result.epochs.length)
    // every epoch has its attribution row, the open one too, and they cover the same epochs
    const attributionEpochs = readFileSync(join(a.outDir, 'attribution.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]))
    expect(attributionEpochs.filter((e) => e >= 0)).toEqual(a.result.epochs.map((e) => e.epoch))
    expect(summary.vault.premiumCollected).toBeGreaterThan(0)
    expect(typeof summary.buyAndHold.totalReturn).toBe('number')
    // attribution parts add up to each epoch's total
    for (const line of readFileSync(join(a.outDir, 'attribution.csv'), 'utf8').trim().split('\n').slice(1)) {
      const [, ...v] = line.split(',').map(Number)
      const parts = v.slice(0, 7).reduce((x, y) => x + y, 0)
      expect(parts).toBeCloseTo(v[7]!, 6)
    }
  })
  test('--data runs the config on another bars file, and --from/--to cut the window', async () => {
    const { simulateGbm } = await import('../../../data/synth/gbm.ts')
    const { barsCsvText } = await import('../../../data/synth/csvText.ts')
    const synth = join(tmp, 'synth.csv')
    const gbm = simulateGbm({ spot: 30_000, vol: 0.5, drift: 0 }, { startMs: Date.UTC(2024, 0, 1), barMs: 3_600_000, bars: 24 * 40, subSteps: 4 }, 5)
    writeFileSync(synth, barsCsvText(gbm))
    const cfg = configWith('seller-data', SELL_CALLS)
    const r = await backtestFromConfig({ configFile: cfg, data: synth, from: '2024-01-03', to: '2024-01-20T00:00:00Z', out: join(tmp, 'run-data') })
    expect(r.result.equity.spot[0]).toBeCloseTo(gbm.close[48]!, 2) // the synthetic file's close at 2024-01-03 00:00
    expect(r.summary.start).toBe('2024-01-03T00:00:00.000Z')
    expect(r.result.bars).toBe(17 * 24 + 1)
  })
  test('a run that fails half-way leaves no output folder and no temporary one', async () => {
    const cfg = configWith('crasher', `onBar(ctx) { if (ctx.market.seen === 500) throw new Error('crash at bar 500') }`)
    const out = join(tmp, 'never')
    await expect(backtestFromConfig({ configFile: cfg, out })).rejects.toThrow(/"crasher" threw in onBar: crash at bar 500/)
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(tmp).filter((f) => f.includes('never'))).toEqual([])
  })
  test('writeOutputDir replaces an old folder only whole, and keeps it when a write fails', () => {
    const out = join(tmp, 'atomic')
    writeOutputDir(out, { 'a.txt': 'one\n' })
    expect(() => writeOutputDir(out, { 'b.txt': 'two\n', 'no/such/dir.txt': 'x' })).toThrow()
    expect(readdirSync(out)).toEqual(['a.txt'])
    expect(readdirSync(tmp).filter((f) => f.startsWith('.atomic'))).toEqual([])
    writeOutputDir(out, { 'b.txt': 'two\n' })
    expect(readdirSync(out)).toEqual(['b.txt'])
  })
})

describe('optvault backtest', () => {
  test('the quick start runs end to end on config/covered-call.yaml', async () => {
    const io = bufferIo()
    const out = join(tmp, 'quickstart')
    const code = await main(['node', 'optvault', 'backtest', join(repo, 'config/covered-call.yaml'), '--out', out, '--quiet'], io)
    expect(io.stderr()).toBe('')
    expect(code).toBe(0)
    expect(io.stdout()).toMatch(/^covered-call on BTC: 8760 bars/)
    expect(io.stdout()).toContain(`outputs: ${out}`)
    const epochs = readFileSync(join(out, 'epochs.csv'), 'utf8').trim().split('\n')
    expect(epochs.length).toBeGreaterThan(50)
    // the report names the strategy once, then the config file as typed relative to the working directory
    const shown = relative(process.cwd(), join(repo, 'config/covered-call.yaml'))
    const report = readFileSync(join(out, 'report.html'), 'utf8')
    expect(report).toContain(`<h1 id="title">covered-call · ${shown}</h1>`)
    expect(report).toContain('<div class="label">Return in BTC</div>') // coin-margined: the vault's own return too
    const json = bufferIo()
    expect(await main(['node', 'optvault', 'backtest', join(repo, 'config/covered-call.yaml'), '--out', out, '--json'], json)).toBe(0)
    expect(JSON.parse(json.stdout())).toMatchObject({ strategy: 'covered-call', asset: 'BTC', unit: 'BTC', bars: 8760 })
  }, 30_000)
  test('a bad config exits 2 naming file:line:col; bad flags exit 2 naming the flag', async () => {
    const bad = join(tmp, 'bad.yaml')
    writeFileSync(bad, readFileSync(join(repo, 'config/covered-call.yaml'), 'utf8').replace('targetDelta: 0.2 ', 'targetDelta: 7   '))
    const io = bufferIo()
    expect(await main(['node', 'optvault', 'backtest', bad, '--out', join(tmp, 'bad-out'), '--quiet'], io)).toBe(2)
    const line = readFileSync(bad, 'utf8').split('\n').findIndex((l) => l.includes('targetDelta: 7')) + 1
    expect(io.stderr()).toMatch(new RegExp(`${bad.replace(/[.]/g, '\\.')}:${line}:\\d+`))
    expect(io.stderr()).toContain('strategy.params.targetDelta')
    expect(existsSync(join(tmp, 'bad-out'))).toBe(false)
    const flag = bufferIo()
    expect(await main(['node', 'optvault', 'backtest', join(repo, 'config/covered-call.yaml'), '--from', 'yesterday'], flag)).toBe(2)
    expect(flag.stderr()).toContain('--from must be an ISO 8601 UTC date')
  })
})
