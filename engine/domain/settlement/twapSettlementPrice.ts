import type { UnixMs } from '../units.ts'
import { NoSettlementSamplesError, SettlementInputError } from '../../errors/settlement.ts'

/** Deribit settles on the time-weighted average of its index over the last half hour before expiration, an index
 * computed every 6 seconds, so 300 prices (deribit.com/docs/expiration-price). */
export const DEFAULT_SETTLEMENT_WINDOW_MS = 30 * 60_000

export interface TwapSettlementInput {
  /** Sample times, UTC ms, ascending (checked inside the window). Bars: the time from which `price` holds. */
  readonly tMs: ArrayLike<number>
  /** Index price at each sample, quote currency per unit of underlying. Same length as tMs. */
  readonly price: ArrayLike<number>
  readonly expiryMs: UnixMs
  /** Averaging window before expiry; 30 minutes unless configured. */
  readonly windowMs?: number
}

/** Settlement price: the time-weighted average of the index over the closed window [expiry - windowMs, expiry].
 * Piecewise constant: each sample's price holds until the next sample, the last one until expiry. Only samples
 * inside the window count, and never one after expiry (it was not known at expiry). A sample at the window
 * start counts in full; a sample exactly at expiry holds for 0 ms, so it weighs nothing unless it is the only
 * time inside the window, in which case its price is the answer. Of two samples at the same time the later wins.
 * When the first sample inside the window comes after its start, the average runs from that sample: the window
 * is never filled with a price from before it.
 * Works for bars (backtest: pass bar times and the price that holds from then) and for oracle/index samples (live).
 * Finds the window by binary search and reads only the samples in it: no allocation, O(log n + samples in window).
 * Throws NoSettlementSamplesError when the window is empty, SettlementInputError on a bad sample.
 * @example twapSettlementPrice({ tMs: [0, 600_000, 1_200_000], price: [100, 110, 120], expiryMs: 1_800_000 })
 * // (100 * 10 + 110 * 10 + 120 * 10) / 30 = 110 */
export function twapSettlementPrice(input: TwapSettlementInput): number {
  const { tMs, price, expiryMs } = input
  const windowMs = input.windowMs ?? DEFAULT_SETTLEMENT_WINDOW_MS
  if (tMs.length !== price.length) {
    throw new SettlementInputError('price', `has ${price.length} samples but tMs has ${tMs.length}`, 'Pass one price per timestamp.')
  }
  if (!Number.isFinite(expiryMs)) throw new SettlementInputError('expiryMs', `must be a UTC time in ms, got ${expiryMs}`)
  if (!Number.isFinite(windowMs) || windowMs < 0) throw new SettlementInputError('windowMs', `must be a duration in ms >= 0, got ${windowMs}`)
  const startMs = expiryMs - windowMs
  const lo = firstIndex(tMs, startMs, false)
  const hi = firstIndex(tMs, expiryMs, true) - 1 // the last sample at or before expiry
  if (lo > hi) throw new NoSettlementSamplesError(expiryMs, windowMs, tMs.length)
  let sum = 0
  for (let i = lo; i <= hi; i++) {
    const t = tMs[i] as number
    const p = price[i] as number
    if (!(p > 0) || !Number.isFinite(p)) throw new SettlementInputError(`price[${i}]`, `must be a positive finite number, got ${p}`)
    const next = i < hi ? (tMs[i + 1] as number) : expiryMs
    if (!(next >= t)) throw new SettlementInputError(`tMs[${i + 1}]`, `is ${next}, before tMs[${i}] = ${t}`, 'Sort the samples by time.')
    sum += p * (next - t)
  }
  const spanMs = expiryMs - (tMs[lo] as number)
  return spanMs > 0 ? sum / spanMs : (price[hi] as number)
}

/** Index of the first sample with time >= t (> t when `strictlyAfter`), tMs.length when none: binary search. */
function firstIndex(tMs: ArrayLike<number>, t: number, strictlyAfter: boolean): number {
  let a = 0, b = tMs.length
  while (a < b) {
    const m = (a + b) >>> 1
    const tm = tMs[m] as number
    if (tm < t || (strictlyAfter && tm === t)) a = m + 1
    else b = m
  }
  return a
}
