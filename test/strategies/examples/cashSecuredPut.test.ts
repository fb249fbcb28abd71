import { afterAll, describe, expect, test } from 'vitest'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import cashSecuredPut from '../../../strategies/examples/cashSecuredPut/index.ts'
import type { StrategyDefinition } from '../../../engine/plugin/index.ts'
import { optionGreeks } from '../../../engine/domain/pricing/optionGreeks.ts'
import { loadConfig } from '../../../engine/config/loadConfig.ts'
import { fakeContext, type FakeSetup } from '../support/fakeContext.ts'

const root = join(import.meta.dirname, '../../..')
const NOW = Date.UTC(2024, 5, 7, 8)
const FRI1 = Date.UTC(2024, 5, 14, 8)
const STRIKES = Array.from({ length: 31 }, (_, i) => 45_000 + i * 1000)
const market: FakeSetup = { closes: [60_000], nowMs: NOW, expiries: [Date.UTC(2024, 5, 8, 8), FRI1], strikes: STRIKES,
  iv: 0.6, navAsset: 10, freeCollateral: 7.37, bidDiscount: 0.05, underlyingQty: 0 }
const putDelta = (k: number) => optionGreeks({ model: 'bsm', kind: 'put', underlying: 60_000, strike: k, tYears: 7 / 365, sigma: 0.6, rate: 0 }).delta

async function decide(plugin: StrategyDefinition, setup: FakeSetup, params: Record<string, unknown> = {}) {
  const ctx = fakeContext(setup)
  await plugin.onEpochStart!(ctx, plugin.params.parse(params))
  return ctx
}

describe('example plugin: cash-secured put', () => {
  test('sells the listed put nearest -0.20 delta at the next weekly, as much as free collateral secures', async () => {
    const ctx = await decide(cashSecuredPut, market)
    const best = STRIKES.reduce((a, k) => Math.abs(putDelta(k) + 0.2) < Math.abs(putDelta(a) + 0.2) ? k : a)
    expect(best).toBeLessThan(60_000)
    expect(ctx.orders).toEqual([{ side: 'sell', instrument: `BTC-14JUN24-${best}-P`, qty: 7.3, o: { reason: `epoch 1: sell BTC-14JUN24-${best}-P` } }])
  })

  test('skips the epoch when the bid is under minPremium of spot', async () => {
    const bid = optionGreeks({ model: 'bsm', kind: 'put', underlying: 60_000, strike: 55_000, tYears: 7 / 365, sigma: 0.6, rate: 0 }).price * 0.95
    const ctx = await decide(cashSecuredPut, market, { minPremium: 0.05 })
    expect(bid / 60_000).toBeLessThan(0.05)
    expect(ctx.orders).toEqual([])
    expect(ctx.logs).toEqual(['premium too thin, skipping this epoch'])
    expect((await decide(cashSecuredPut, { ...market, noBids: true })).orders).toEqual([]) // no bid: nothing to sell into
  })

  test('config/examples/cash-secured-put.yaml validates against the plugin schema', () => {
    const c = loadConfig(join(root, 'config/examples/cash-secured-put.yaml'), { checkFiles: true, env: {},
      strategyParamsSchema: (s) => s.path?.endsWith('cashSecuredPut/index.ts') === true ? cashSecuredPut.params : undefined })
    expect(c.strategy.path).toBe(join(root, 'strategies/examples/cashSecuredPut/index.ts'))
    expect(c.strategy.params).toEqual({ targetDelta: 0.2, minDaysToExpiry: 5, minPremium: 0.002 })
  })
})

describe('a plugin in a folder outside the repo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'optvault-plugin-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('loads by dynamic import, resolves `optvault` like an installed package, and decides the same', async () => {
    // The user's project: its own package.json, optvault under node_modules, the plugin and its config.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-desk', type: 'module', private: true }))
    mkdirSync(join(dir, 'node_modules'))
    symlinkSync(root, join(dir, 'node_modules', 'optvault'), 'dir')
    cpSync(join(root, 'strategies/examples/cashSecuredPut/index.ts'), join(dir, 'myPut.ts'))
    const yaml = readFileSync(join(root, 'config/examples/cash-secured-put.yaml'), 'utf8')
      .replace('../../strategies/examples/cashSecuredPut/index.ts', './myPut.ts').replaceAll('../../data/', `${root}/data/`)
      .replace('targetDelta: 0.2 ', 'targetDelta: 0.25')
    writeFileSync(join(dir, 'put.yaml'), yaml)
    expect(dir.startsWith(root)).toBe(false)

    const mod = await import(pathToFileURL(join(dir, 'myPut.ts')).href) as { default: StrategyDefinition }
    const plugin = mod.default
    expect(plugin.name).toBe('cash-secured-put')
    const c = loadConfig(join(dir, 'put.yaml'), { checkFiles: true, env: {}, strategyParamsSchema: () => plugin.params })
    expect(c.strategy.params).toEqual({ targetDelta: 0.25, minDaysToExpiry: 5, minPremium: 0.002 })
    const outside = await decide(plugin, market, c.strategy.params)
    const inside = await decide(cashSecuredPut, market, c.strategy.params)
    expect(outside.orders).toEqual(inside.orders)
    expect(outside.orders).toHaveLength(1)
  })
})
