import { expect, test } from 'vitest'
import { readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sampleFiles } from '../../../data/samples/generate.ts'
import { loadSeries } from '../../../data/read/loadSeries.ts'

const dir = fileURLToPath(new URL('../../../data/samples/', import.meta.url))

test('the committed samples are exactly what generate.ts makes (same seed, same bytes)', () => {
  for (const [name, text] of Object.entries(sampleFiles())) expect(readFileSync(dir + name, 'utf8') === text, name).toBe(true)
})

test('the samples total at most 5 MB', () => {
  const total = Object.keys(sampleFiles()).reduce((s, name) => s + statSync(dir + name).size, 0)
  expect(total).toBeLessThanOrEqual(5 * 1024 * 1024)
})

test('hourly bars: a year, no gaps, valid; the daily vol index covers the same days and looks like BTC vol', async () => {
  const bars = await loadSeries(dir + 'btc-usd-1h-sample.csv', { kind: 'bars' })
  expect(bars.report).toMatchObject({ rows: 365 * 24, barMs: 3_600_000, errors: 0, warnings: 0, firstMs: Date.UTC(2024, 0, 1) })
  const vol = await loadSeries(dir + 'btc-vol-1d-sample.csv', { kind: 'vol' })
  expect(vol.report).toMatchObject({ rows: 365, barMs: 86_400_000, errors: 0, warnings: 0, firstMs: Date.UTC(2024, 0, 1) })
  expect(Math.floor(bars.report.lastMs / 86_400_000) * 86_400_000).toBe(vol.report.lastMs)
  // BTC's DVOL stayed within 0.3 to 1.2 from 2022-11 to 2025-11 (shared data README: 32.38 to 114.72)
  const v = Array.from(vol.series.vol)
  expect(Math.min(...v)).toBeGreaterThan(0.2)
  expect(Math.max(...v)).toBeLessThan(1.5)
})

test('chain snapshot: valid canonical chain at the last bar; call minus put marks obey put-call parity on the forward', async () => {
  const { series: c, report } = await loadSeries(dir + 'btc-chain-sample.csv', { kind: 'chain' })
  expect(report.errors + report.warnings).toBe(0)
  const bars = (await loadSeries(dir + 'btc-usd-1h-sample.csv', { kind: 'bars' })).series
  expect(c.tMs[0]).toBe(bars.tMs[bars.length - 1])
  let pairs = 0
  for (let i = 0; i < c.length; i++) {
    const j = c.instrument.indexOf(c.instrument[i]!.replace(/-C$/, '-P'))
    if (c.isCall[i] !== 1 || j < 0) continue
    // Black-76 with rate 0, in BTC per option: C - P = (F - K) / F; both marks are rounded to 0.0001 BTC
    const F = c.underlyingPrice[i]!
    expect(Math.abs(c.mark[i]! - c.mark[j]! - (F - c.strike[i]!) / F)).toBeLessThanOrEqual(1e-4 + 1e-12)
    pairs++
  }
  expect(pairs).toBeGreaterThan(20)
})
