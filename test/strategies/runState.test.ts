import { expect, test } from 'vitest'
import { runState } from '../../strategies/runState.ts'
import { fakeContext } from './support/fakeContext.ts'
import type { StrategyContext } from '../../engine/plugin/index.ts'

const market = { closes: [60_000], expiries: [Date.UTC(2024, 5, 14, 8)], strikes: [60_000], iv: 0.6, navAsset: 10 }

test('runState is ctx.state when the runtime gives one', () => {
  const ctx = fakeContext(market)
  runState(ctx).set('k', 1)
  expect(ctx.state?.get('k')).toBe(1)
})

test('without ctx.state, each run (portfolio view) gets its own map, stable across hooks', () => {
  const a = fakeContext(market)
  const b = fakeContext(market)
  const noState = (c: StrategyContext): StrategyContext => ({ ...c, state: undefined })
  const a1 = noState(a)
  const a2 = noState(a) // a new context object for the next hook, same run
  runState(a1).set('lastHedgeSpot', 60_000)
  expect(runState(a2).get('lastHedgeSpot')).toBe(60_000)
  expect(runState(noState(b)).has('lastHedgeSpot')).toBe(false)
})
