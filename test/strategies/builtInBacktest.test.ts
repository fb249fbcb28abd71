/** The built-in strategies through the real backtester on the bundled sample (Q1 2024, hourly): what their rules
 * promise shows in the equity columns the loop records on every bar. */
import { afterAll, describe, expect, test } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { backtestFromConfig } from '../../backtest/loop/backtestFromConfig.ts'

const root = join(import.meta.dirname, '../..')
const tmp = mkdtempSync(join(tmpdir(), 'optvault-builtins-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** A shipped config with its relative paths made absolute, optionally edited, written to the temp folder. */
function configFrom(name: string, edit: (yaml: string) => string = (y) => y): string {
  const yaml = readFileSync(join(root, 'config', name), 'utf8').replaceAll('../data/', `${root}/data/`).replaceAll('../runs/', `${tmp}/runs/`)
  const file = join(tmp, `${Math.random().toString(36).slice(2)}-${name}`)
  writeFileSync(file, edit(yaml))
  return file
}
const run = (configFile: string) => backtestFromConfig({ configFile, from: '2024-01-01', to: '2024-03-31', out: join(tmp, 'out', configFile.split('/').pop()!) })

describe('covered call in the backtest loop', () => {
  test('sells calls above spot every epoch and keeps delta near 1 x NAV; without the hedge it does not', async () => {
    const { result } = await run(configFrom('covered-call.yaml'))
    const sells = result.trades.filter((t) => t.kind === 'option' && t.side === 'sell')
    expect(sells.length).toBeGreaterThanOrEqual(12)
    for (const t of sells) {
      expect(t.instrument).toMatch(/-C$/)
      const strike = Number(t.instrument.split('-')[2])
      expect(strike).toBeGreaterThan(result.equity.spot[t.barIndex]!) // 0.2-delta calls are out of the money
    }
    const breaches = (r: typeof result) => {
      const out: number[] = []
      for (let i = 0; i < r.bars; i++) if (Math.abs(r.equity.delta[i]! / r.equity.nav[i]! - 1) > 0.05 + 1e-9) out.push(i)
      return out
    }
    // every bar that closes outside the 5% band sends a hedge, which fills on the next bar
    const hedgedAt = new Set(result.trades.filter((t) => t.kind === 'hedge').map((t) => t.barIndex))
    const b = breaches(result)
    expect(b.length).toBeGreaterThan(10)
    for (const i of b) if (i + 1 < result.bars) expect(hedgedAt.has(i + 1), `breach at bar ${i}`).toBe(true)
    expect(hedgedAt.size).toBeLessThanOrEqual(b.length + 1) // and no hedge without a breach before it
    const unhedged = await run(configFrom('covered-call.yaml', (y) => y.replace(/\nhedge:\n(  .*\n)+/, '\n')))
    expect(unhedged.result.trades.some((t) => t.kind === 'hedge')).toBe(false)
    expect(breaches(unhedged.result).length / unhedged.result.bars).toBeGreaterThan(0.3)
    expect(b.length / result.bars).toBeLessThan(0.15)
  }, 60_000)
})

describe('gamma vault in the backtest loop', () => {
  test('holds long ATM straddles and keeps their cash gamma within the budget', async () => {
    const { result } = await run(configFrom('gamma-vault.yaml'))
    const buys = result.trades.filter((t) => t.kind === 'option' && t.side === 'buy')
    expect(buys.length).toBeGreaterThan(0)
    expect(result.trades.some((t) => t.kind === 'option' && t.reason.startsWith('gamma'))).toBe(true)
    // budget 0.01% of NAV per 1% move (config/gamma-vault.yaml), before health and vol scaling, which only shrink it;
    // cuts happen at 20% over and fill on the next bar, and the ladder is long only (allowShort: false)
    let worst = 0
    let held = 0
    for (let i = 0; i < result.bars; i++) {
      const s = result.equity.spot[i]!
      const cashGammaPerPct = 0.5 * Math.abs(result.equity.gamma[i]!) * s * s * 1e-4
      const budget = 1e-4 * result.equity.nav[i]! * s
      worst = Math.max(worst, cashGammaPerPct / budget)
      if (cashGammaPerPct > 0.3 * budget) held++
    }
    expect(worst).toBeLessThan(1.35)
    expect(held).toBeGreaterThan(200) // it does hold gamma: on Q1 2024's sample, about a quarter of the bars
  }, 60_000)
})
