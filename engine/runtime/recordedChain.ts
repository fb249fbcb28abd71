import type { ChainColumns } from '../../data/barColumns.ts'
import type { ChainView, OptionQuote } from '../plugin/context.ts'
import type { InstrumentId, OptionInstrument } from '../domain/instruments/instrument.ts'
import { bsmIntoUnchecked } from '../domain/pricing/bsm.ts'
import { GREEK_COUNT, type OptionKind } from '../domain/pricing/types.ts'
import { MS_PER_DAY, MS_PER_YEAR, type UnixMs } from '../domain/units.ts'
import { OptvaultError } from '../errors/base.ts'
import { InputError } from '../errors/input.ts'
import type { ChainClock } from './modelChain.ts'

export class ChainDataError extends OptvaultError {
  override name = 'ChainDataError'
}

export interface RecordedChainOptions {
  readonly underlying: string
  readonly quote: string
  /** Quotes in the file are coin per option (Deribit inverse): multiplied by the underlying price for quote currency. */
  readonly coinQuoted: boolean
  /** Name of the data file, for errors. */
  readonly file?: string
}

/** The listed chain as recorded: at any time, the last snapshot taken at or before now (never a later one), with
 * its strikes, expiries, bid/ask/mark and mark IVs. Prices come out in quote currency (coin quotes times the
 * snapshot's underlying price). Deltas for strike choice are Black-Scholes on the snapshot's underlying price at
 * each option's mark IV. */
export class RecordedChain implements ChainView {
  private readonly times: number[] = []
  private readonly starts: number[] = []
  private readonly cache = new Map<InstrumentId, OptionInstrument>()
  private readonly g = new Float64Array(GREEK_COUNT)
  private cur = -1
  private curRows = new Map<InstrumentId, number>()

  constructor(private readonly clock: ChainClock, private readonly c: ChainColumns, private readonly o: RecordedChainOptions) {
    let last = -Infinity
    for (let r = 0; r < c.length; r++) {
      const t = c.tMs[r] as number
      if (t < last) throw new InputError(`${o.file ?? 'data.chain'} row ${r + 1}`, 'ts', `goes back in time (${new Date(t).toISOString()} after ${new Date(last).toISOString()})`, 'sort the chain by snapshot time, or list the files in time order.')
      if (t !== last) { this.times.push(t); this.starts.push(r) }
      last = t
    }
    this.starts.push(c.length)
    if (this.times.length === 0) throw new InputError(o.file ?? 'data.chain', 'data.chain', 'holds no rows', 'record a chain with `optvault data record-chain`.')
  }

  /** Time of the snapshot in use now. */
  snapshotMs(): UnixMs { this.sync(); return this.times[this.cur] as number }

  expiries(): readonly UnixMs[] {
    const [a, b] = this.rows()
    const now = this.clock.now
    const set = new Set<number>()
    for (let r = a; r < b; r++) { const e = this.c.expiryMs[r] as number; if (e > now) set.add(e) }
    return [...set].sort((x, y) => x - y)
  }

  nearestExpiry(o: { minDays: number }): UnixMs {
    const target = this.clock.now + o.minDays * MS_PER_DAY
    const e = this.expiries().find((x) => x >= target)
    if (e === undefined) throw new ChainDataError(`The chain snapshot of ${new Date(this.snapshotMs()).toISOString()} lists no expiry ${o.minDays} days or more ahead.`, { fix: 'ask for fewer days, or record a chain with longer expiries.' })
    return e
  }

  strikes(expiryMs: UnixMs): readonly number[] {
    const [a, b] = this.rows()
    const set = new Set<number>()
    for (let r = a; r < b; r++) if (this.c.expiryMs[r] === expiryMs) set.add(this.c.strike[r] as number)
    return [...set].sort((x, y) => x - y)
  }

  nearestByDelta(o: { kind: OptionKind; delta: number; expiryMs: UnixMs }): OptionInstrument {
    const target = o.kind === 'call' ? Math.abs(o.delta) : -Math.abs(o.delta)
    return this.pick(o.kind, o.expiryMs, (r) => {
      const iv = this.c.markIv[r] as number
      if (!(iv > 0)) return Infinity
      bsmIntoUnchecked(this.g, o.kind === 'call', this.c.underlyingPrice[r] as number, this.c.strike[r] as number, this.tYears(o.expiryMs), iv, 0, 0)
      return Math.abs((this.g[1] as number) - target)
    })
  }

  nearestByStrike(o: { kind: OptionKind; strike: number; expiryMs: UnixMs }): OptionInstrument {
    return this.pick(o.kind, o.expiryMs, (r) => Math.abs((this.c.strike[r] as number) - o.strike))
  }

  quote(id: InstrumentId): OptionQuote {
    const ins = this.get(id)
    const r = this.rowOf(id)
    if (r < 0) throw new ChainDataError(`Option ${id} has no quote in the chain snapshot of ${new Date(this.snapshotMs()).toISOString()}.`, { fix: 'record the chain more often, or close positions before their quotes stop.' })
    const u = this.c.underlyingPrice[r] as number
    const k = this.o.coinQuoted ? u : 1
    return { instrument: ins, bid: (this.c.bid[r] as number) * k, ask: (this.c.ask[r] as number) * k, mark: (this.c.mark[r] as number) * k, markIv: this.c.markIv[r] as number, underlyingPrice: u }
  }

  get(id: InstrumentId): OptionInstrument {
    const ins = this.cache.get(id)
    if (ins === undefined) throw new ChainDataError(`Option ${id} is not in the chain.`, { fix: 'pick options through ctx.chain.nearestByDelta or nearestByStrike, then use their id.' })
    return ins
  }

  /** Mark IV of the listed option at (strike, expiry) now; between listed strikes, linear in strike; NaN when the
   * snapshot has no such expiry. */
  markIv(strike: number, expiryMs: number): number {
    const [a, b] = this.rows()
    let loK = -Infinity, loV = NaN, hiK = Infinity, hiV = NaN
    for (let r = a; r < b; r++) {
      if (this.c.expiryMs[r] !== expiryMs) continue
      const k = this.c.strike[r] as number
      const v = this.c.markIv[r] as number
      if (!(v > 0)) continue
      if (k === strike) return v
      if (k < strike && k > loK) { loK = k; loV = v }
      if (k > strike && k < hiK) { hiK = k; hiV = v }
    }
    if (Number.isFinite(loK) && Number.isFinite(hiK)) return loV + ((hiV - loV) * (strike - loK)) / (hiK - loK)
    return Number.isFinite(loK) ? loV : hiV
  }

  /** Mark IV nearest the money at the nearest expiry: the chain's level, for reports and attribution. */
  atmIv(): number {
    // the nearest expiry by a scan, not expiries(): this runs every bar and must not allocate
    const [a, b] = this.rows()
    const now = this.clock.now
    let e = Infinity
    for (let r = a; r < b; r++) { const x = this.c.expiryMs[r] as number; if (x > now && x < e) e = x }
    return Number.isFinite(e) ? this.markIv(this.clock.spot(), e) : NaN
  }

  private pick(kind: OptionKind, expiryMs: UnixMs, score: (row: number) => number): OptionInstrument {
    const [a, b] = this.rows()
    let best = -1, bestScore = Infinity
    for (let r = a; r < b; r++) {
      if (this.c.expiryMs[r] !== expiryMs || (this.c.isCall[r] === 1) !== (kind === 'call')) continue
      const s = score(r)
      if (s < bestScore) { bestScore = s; best = r }
    }
    if (best < 0) throw new ChainDataError(`The chain snapshot of ${new Date(this.snapshotMs()).toISOString()} lists no ${kind} expiring ${new Date(expiryMs).toISOString()}.`, { fix: 'pick an expiry from ctx.chain.expiries().' })
    return this.instrumentAt(best)
  }

  private instrumentAt(r: number): OptionInstrument {
    const id = this.c.instrument[r] as string
    let ins = this.cache.get(id)
    if (ins === undefined) {
      ins = { type: 'option', id, underlying: this.o.underlying, quote: this.o.quote, kind: this.c.isCall[r] === 1 ? 'call' : 'put', strike: this.c.strike[r] as number, expiryMs: this.c.expiryMs[r] as number, inverse: this.o.coinQuoted }
      this.cache.set(id, ins)
    }
    return ins
  }

  private rowOf(id: InstrumentId): number {
    this.sync()
    return this.curRows.get(id) ?? -1
  }

  private readonly range: [number, number] = [0, 0]
  private rows(): [number, number] {
    this.sync()
    this.range[0] = this.starts[this.cur] as number
    this.range[1] = this.starts[this.cur + 1] as number
    return this.range
  }

  /** Moves to the last snapshot at or before now: forward by steps, so a run costs O(snapshots) in all. */
  private sync(): void {
    const now = this.clock.now
    let j = this.cur
    if (j >= 0 && (this.times[j] as number) > now) j = -1
    while (j + 1 < this.times.length && (this.times[j + 1] as number) <= now) j++
    if (j < 0) throw new ChainDataError(`No chain snapshot at or before ${new Date(now).toISOString()} (the first is ${new Date(this.times[0] as number).toISOString()}).`, { fix: 'start the backtest after the first chain snapshot (data.from), or record the chain earlier.' })
    if (j !== this.cur) {
      this.cur = j
      this.curRows = new Map()
      for (let r = this.starts[j] as number; r < (this.starts[j + 1] as number); r++) this.curRows.set(this.c.instrument[r] as string, r)
    }
  }

  private tYears(expiryMs: number): number { return Math.max(0, expiryMs - this.clock.now) / MS_PER_YEAR }
}
