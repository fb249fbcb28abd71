import { expect, test } from 'vitest'
import { orderTrip, preTradeTrip, type RiskLimits } from '../../../engine/live/riskGuards.ts'

const limits: RiskLimits = {
  maxNotionalPerOrder: 5, maxNotionalPerDay: 12, maxSlippageBps: 50, minHealth: 1.2, maxDailyLossPct: 10,
  oracleMaxStalenessSec: 60, oracleMaxDeviationBps: 100,
}
const ok = { nowMs: 1_000_000, indexPrice: 60_000, indexMs: 990_000, perpMark: 60_030, health: 3, nav: 9.5, navStartOfDay: 10 }

test('pre-trade: each limit trips on its own, at the boundary it passes', () => {
  expect(preTradeTrip(limits, ok)).toBeUndefined()
  expect(preTradeTrip(limits, { ...ok, indexMs: ok.nowMs - 60_000 })).toBeUndefined() // exactly 60 s: allowed
  expect(preTradeTrip(limits, { ...ok, indexMs: ok.nowMs - 60_001 })?.guard).toBe('oracleMaxStalenessSec')
  expect(preTradeTrip(limits, { ...ok, perpMark: 60_600 })?.guard).toBeUndefined() // 100 bps exactly
  expect(preTradeTrip(limits, { ...ok, perpMark: 60_601 })?.guard).toBe('oracleMaxDeviationBps')
  expect(preTradeTrip(limits, { ...ok, health: 1.19 })?.guard).toBe('minHealth')
  expect(preTradeTrip(limits, { ...ok, health: Number.NaN })?.guard).toBe('minHealth') // unknown health is not healthy
  expect(preTradeTrip(limits, { ...ok, nav: 8.99 })).toMatchObject({ guard: 'maxDailyLossPct', detail: expect.stringMatching(/10.1% today/) })
  expect(preTradeTrip(limits, { ...ok, indexPrice: Number.NaN })?.guard).toBe('oracleMaxDeviationBps') // a NaN price never passes
})

test('per order: notional per order and per day, slippage from mid', () => {
  const intent = { clientId: 'ov-1', instrument: 'BTC-PERPETUAL', side: 'buy' as const, qty: 4, purpose: 'hedge' as const, reason: '' }
  const base = { intent, notional: 4, daySoFar: 0, fillPrice: 60_010, mid: 60_000 }
  expect(orderTrip(limits, base)).toBeUndefined()
  expect(orderTrip(limits, { ...base, notional: 5.5 })?.guard).toBe('maxNotionalPerOrder')
  expect(orderTrip(limits, { ...base, daySoFar: 8.5 })?.guard).toBe('maxNotionalPerDay')
  expect(orderTrip(limits, { ...base, fillPrice: 60_301 })).toMatchObject({ guard: 'maxSlippageBps', detail: expect.stringMatching(/50.2 bps from mid/) })
})
