import { OptvaultError } from '../errors/base.ts'
import type { OptvaultConfig } from '../config/loadConfig.ts'
import type { OrderIntent } from '../ports/executionPort.ts'

/** Names of the configured risk limits, as they appear in the journal's guard_trips table. */
export type GuardName = 'maxNotionalPerOrder' | 'maxNotionalPerDay' | 'maxSlippageBps' | 'minHealth' | 'maxDailyLossPct'
  | 'oracleMaxStalenessSec' | 'oracleMaxDeviationBps' | 'oracleBounds'

/** A risk limit stopped the step. Nothing after the trip was sent; the journal has a guard_trips row with the same
 * message. Not a crash: the CLI exits 1 with this message, the next tick checks again.
 * @example throw new GuardTripError('minHealth', 'health 1.05 is below risk.minHealth 1.2') */
export class GuardTripError extends OptvaultError {
  override name = 'GuardTripError'
  constructor(readonly guard: GuardName, readonly detail: string) {
    super(`Risk guard ${guard} stopped the step: ${detail}.`, { fix: `Check the market and the account; raise risk.${guard} in the config only if the limit is wrong.` })
  }
}

export type RiskLimits = OptvaultConfig['risk']

/** What the pre-trade guards look at, read from the venue just before the strategy decides. */
export interface PreTradeSnapshot {
  readonly nowMs: number
  /** Index price (USD) and the time the venue stamped it. */
  readonly indexPrice: number
  readonly indexMs: number
  /** Mark of the hedge perpetual (USD), a second source for the deviation check. */
  readonly perpMark: number
  /** Equity / maintenance margin; Infinity with no margin used. */
  readonly health: number
  /** NAV now and at the first snapshot of this UTC day, in the vault asset; undefined before the first snapshot. */
  readonly nav: number
  readonly navStartOfDay: number | undefined
}

/** The checks made once per step before the strategy runs. Returns the first limit broken, or undefined.
 * Staleness and deviation first: with a bad price every other number is suspect.
 * @example preTradeTrip(cfg.risk, snap) // { guard: 'oracleMaxStalenessSec', detail: 'index is 412 s old, limit 300 s' } */
export function preTradeTrip(r: RiskLimits, s: PreTradeSnapshot): { guard: GuardName; detail: string } | undefined {
  const ageSec = (s.nowMs - s.indexMs) / 1000
  if (!(ageSec <= r.oracleMaxStalenessSec)) {
    return { guard: 'oracleMaxStalenessSec', detail: `index price is ${round(ageSec, 1)} s old, limit ${r.oracleMaxStalenessSec} s` }
  }
  const devBps = Math.abs(s.perpMark - s.indexPrice) / s.indexPrice * 1e4
  if (!(devBps <= r.oracleMaxDeviationBps)) {
    return { guard: 'oracleMaxDeviationBps', detail: `perpetual mark ${s.perpMark} is ${round(devBps, 1)} bps from index ${s.indexPrice}, limit ${r.oracleMaxDeviationBps} bps` }
  }
  if (!(s.health >= r.minHealth)) {
    return { guard: 'minHealth', detail: `health ${round(s.health, 3)} (equity / maintenance margin) is below risk.minHealth ${r.minHealth}` }
  }
  if (r.maxDailyLossPct !== undefined && s.navStartOfDay !== undefined && s.navStartOfDay > 0) {
    const lossPct = (s.navStartOfDay - s.nav) / s.navStartOfDay * 100
    if (lossPct > r.maxDailyLossPct) {
      return { guard: 'maxDailyLossPct', detail: `NAV fell ${round(lossPct, 2)}% today (${s.navStartOfDay} -> ${s.nav}), limit ${r.maxDailyLossPct}%` }
    }
  }
  return undefined
}

/** The checks made on every order before it is journaled. `notional` is in units of the vault asset (one option on
 * one BTC counts 1 BTC for a BTC vault, spot * qty for a USD vault); `daySoFar` is what was sent since 00:00 UTC.
 * `fillPrice` and `mid` are the price the order would take and the mid it is measured from (same units). */
export function orderTrip(r: RiskLimits, o: { intent: OrderIntent; notional: number; daySoFar: number; fillPrice: number; mid: number }):
  { guard: GuardName; detail: string } | undefined {
  const i = o.intent
  if (r.maxNotionalPerOrder !== undefined && o.notional > r.maxNotionalPerOrder) {
    return { guard: 'maxNotionalPerOrder', detail: `${i.side} ${i.qty} ${i.instrument} is ${round(o.notional, 6)} of notional, limit ${r.maxNotionalPerOrder}` }
  }
  if (r.maxNotionalPerDay !== undefined && o.daySoFar + o.notional > r.maxNotionalPerDay) {
    return { guard: 'maxNotionalPerDay', detail: `${round(o.daySoFar, 6)} sent today plus ${round(o.notional, 6)} for ${i.instrument} is over the daily limit ${r.maxNotionalPerDay}` }
  }
  const slipBps = Math.abs(o.fillPrice - o.mid) / o.mid * 1e4
  if (Number.isFinite(slipBps) && slipBps > r.maxSlippageBps) {
    return { guard: 'maxSlippageBps', detail: `${i.side} ${i.instrument} would fill at ${o.fillPrice}, ${round(slipBps, 1)} bps from mid ${o.mid}, limit ${r.maxSlippageBps} bps` }
  }
  return undefined
}

function round(x: number, d: number): number { const f = 10 ** d; return Math.round(x * f) / f }
