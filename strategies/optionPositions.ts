import type { OptionInstrument, StrategyContext } from '../engine/plugin/index.ts'
import { runState } from './runState.ts'

const CACHE = 'optionPositions.instruments'

/** The book's open option positions with their instruments; perps, spot and expired options are left out.
 * Option ids follow Deribit's names, ending -C or -P (instrument.ts); anything else is not an option. Runs on
 * every bar, so each id is looked up in the chain once per run and kept (an instrument never changes). */
export function optionPositions(ctx: StrategyContext): { instrument: OptionInstrument; qty: number }[] {
  const out: { instrument: OptionInstrument; qty: number }[] = []
  let cache: Map<string, OptionInstrument | null> | undefined
  for (const pos of ctx.portfolio.positions()) {
    if (pos.qty === 0) continue
    const id = pos.instrument
    cache ??= instrumentCache(ctx)
    let instrument = cache.get(id)
    if (instrument === undefined) { // first sight of this id: null marks "not an option"
      instrument = /-[CP]$/.test(id) ? ctx.chain.quote(id).instrument : null
      cache.set(id, instrument)
    }
    if (instrument !== null && instrument.expiryMs > ctx.now) out.push({ instrument, qty: pos.qty })
  }
  return out
}

function instrumentCache(ctx: StrategyContext): Map<string, OptionInstrument | null> {
  const mem = runState(ctx)
  let m = mem.get(CACHE) as Map<string, OptionInstrument | null> | undefined
  if (m === undefined) { m = new Map(); mem.set(CACHE, m) }
  return m
}
