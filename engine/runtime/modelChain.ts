import type { ChainView, OptionQuote } from '../plugin/context.ts'
import type { InstrumentId, OptionInstrument } from '../domain/instruments/instrument.ts'
import { bsmIntoUnchecked } from '../domain/pricing/bsm.ts'
import { GREEK_COUNT, type OptionKind } from '../domain/pricing/types.ts'
import { nearestListedExpiryMs, type ExpiryCycle } from '../domain/settlement/nearestListedExpiry.ts'
import { MS_PER_DAY, MS_PER_YEAR, type UnixMs } from '../domain/units.ts'
import { OptvaultError } from '../errors/base.ts'
import { makeOption } from './instrumentName.ts'
import type { VolSource } from './volSource.ts'

/** How many expiries of each cycle are listed ahead, as Deribit does (a few dailies, four weeklies, three monthlies,
 * four quarterlies). */
export const DEFAULT_LISTING: Readonly<Record<ExpiryCycle, number>> = { daily: 3, weekly: 4, monthly: 3, quarterly: 4 }

export interface StrikeGrid {
  /** Distance between listed strikes, quote currency. Default: a power of ten near spot / 40 (1000 at BTC 42000). */
  readonly step?: number
  /** Strikes listed from spot * lowFraction to spot * highFraction. Default 0.5 and 2. */
  readonly lowFraction?: number
  readonly highFraction?: number
}

export interface ModelChainOptions {
  readonly underlying: string
  readonly quote: string
  /** Coin-settled options (Deribit) when the vault is coin-margined. */
  readonly inverse: boolean
  readonly vol: VolSource
  readonly grid?: StrikeGrid
  readonly listing?: Readonly<Record<ExpiryCycle, number>>
  readonly expiryHourUtc?: number
}

/** Where the clock and spot come from; the runtime's cursor. */
export interface ChainClock { readonly now: UnixMs; spot(): number }

class NoSuchOptionError extends OptvaultError {
  override name = 'NoSuchOptionError'
}

/** A listed chain built from rules instead of recorded quotes: Deribit's expiry calendar, a strike grid around
 * spot, and prices from the configured vol source (Black-Scholes on spot, no rates: crypto options are priced on
 * the forward and perp funding carries the basis). Prices are quote currency per option on one unit; the bid is
 * priced at the model vol minus `sellSpreadVol`, the ask at plus, the mark at the model vol. Everything is as of
 * the clock's now. Instruments are cached by id, so the same option is the same object every time. */
export class ModelChain implements ChainView {
  private readonly cache = new Map<InstrumentId, OptionInstrument>()
  private readonly g = new Float64Array(GREEK_COUNT)
  private cachedNow = NaN
  private cachedExpiries: UnixMs[] = []

  constructor(private readonly clock: ChainClock, private readonly o: ModelChainOptions) {}

  expiries(): readonly UnixMs[] {
    const now = this.clock.now
    if (now === this.cachedNow) return this.cachedExpiries
    const listing = this.o.listing ?? DEFAULT_LISTING
    const hourUtc = this.o.expiryHourUtc ?? 8
    const set = new Set<number>()
    for (const cycle of ['daily', 'weekly', 'monthly', 'quarterly'] as const) {
      let from = now
      for (let k = 0; k < listing[cycle]; k++) {
        const e = nearestListedExpiryMs({ nowMs: from + 1, minDays: 0, cycle, hourUtc })
        set.add(e)
        from = e
      }
    }
    this.cachedNow = now
    this.cachedExpiries = [...set].filter((e) => e > now).sort((a, b) => a - b)
    return this.cachedExpiries
  }

  nearestExpiry(o: { minDays: number }): UnixMs {
    const target = this.clock.now + o.minDays * MS_PER_DAY
    const e = this.expiries().find((x) => x >= target)
    if (e === undefined) {
      throw new NoSuchOptionError(`No listed expiry is ${o.minDays} days or more after now.`, { fix: 'ask for fewer days; the model lists expiries up to about a year out.' })
    }
    return e
  }

  strikes(_expiryMs: UnixMs): readonly number[] {
    const s = this.clock.spot()
    const step = this.step(s)
    const lo = Math.max(step, Math.ceil((s * (this.o.grid?.lowFraction ?? 0.5)) / step) * step)
    const hi = Math.floor((s * (this.o.grid?.highFraction ?? 2)) / step) * step
    const out: number[] = []
    for (let k = lo; k <= hi + 1e-9; k += step) out.push(Math.round(k * 1e8) / 1e8)
    return out
  }

  nearestByDelta(o: { kind: OptionKind; delta: number; expiryMs: UnixMs }): OptionInstrument {
    const target = o.kind === 'call' ? Math.abs(o.delta) : -Math.abs(o.delta)
    const s = this.clock.spot()
    const t = this.tYears(o.expiryMs)
    let best = NaN
    let bestGap = Infinity
    for (const k of this.strikes(o.expiryMs)) {
      bsmIntoUnchecked(this.g, o.kind === 'call', s, k, t, this.o.vol.optionVol(k, s, t), 0, 0)
      const gap = Math.abs((this.g[1] as number) - target)
      if (gap < bestGap) { bestGap = gap; best = k }
    }
    return this.instrument(o.expiryMs, best, o.kind)
  }

  nearestByStrike(o: { kind: OptionKind; strike: number; expiryMs: UnixMs }): OptionInstrument {
    let best = NaN
    let bestGap = Infinity
    for (const k of this.strikes(o.expiryMs)) {
      const gap = Math.abs(k - o.strike)
      if (gap < bestGap) { bestGap = gap; best = k }
    }
    return this.instrument(o.expiryMs, best, o.kind)
  }

  quote(id: InstrumentId): OptionQuote {
    const ins = this.get(id)
    const s = this.clock.spot()
    const t = this.tYears(ins.expiryMs)
    const v = this.o.vol.optionVol(ins.strike, s, t)
    const spread = this.o.vol.sellSpreadVol
    const isCall = ins.kind === 'call'
    bsmIntoUnchecked(this.g, isCall, s, ins.strike, t, v, 0, 0)
    const mark = this.g[0] as number
    bsmIntoUnchecked(this.g, isCall, s, ins.strike, t, Math.max(1e-4, v - spread), 0, 0)
    const bid = this.g[0] as number
    bsmIntoUnchecked(this.g, isCall, s, ins.strike, t, v + spread, 0, 0)
    const ask = this.g[0] as number
    return { instrument: ins, bid, ask, mark, markIv: v, underlyingPrice: s }
  }

  /** The instrument behind an id this chain handed out. Throws for an id it never listed. */
  get(id: InstrumentId): OptionInstrument {
    const ins = this.cache.get(id)
    if (ins === undefined) {
      throw new NoSuchOptionError(`Option ${id} is not in the chain.`, { fix: 'pick options through ctx.chain.nearestByDelta or nearestByStrike, then use their id.' })
    }
    return ins
  }

  private instrument(expiryMs: UnixMs, strike: number, kind: OptionKind): OptionInstrument {
    const ins = makeOption(this.o.underlying, this.o.quote, expiryMs, strike, kind, this.o.inverse)
    const hit = this.cache.get(ins.id)
    if (hit !== undefined) return hit
    this.cache.set(ins.id, ins)
    return ins
  }

  private tYears(expiryMs: UnixMs): number { return Math.max(0, expiryMs - this.clock.now) / MS_PER_YEAR }

  private step(spot: number): number {
    if (this.o.grid?.step !== undefined) return this.o.grid.step
    return 10 ** Math.floor(Math.log10(spot / 40))
  }
}
