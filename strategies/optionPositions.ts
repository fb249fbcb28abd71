import type { OptionInstrument, StrategyContext } from '../engine/plugin/index.ts'
import { runState } from './runState.ts'

const CACHE = 'optionPositions.instruments'

/** The book's open option positions with their instruments; perps, spot and expired options are left out.
 * Option ids follow Deribit's names, ending -C or -P (instrument.ts); anything else is not an option. Runs on
 * every bar, so each id is looked up in the chain once per run and kept (an instrument never changes). */
export function optionPositions(ctx: StrategyContext): { instrument: OptionInstrument; qty: number }[] {
  const out: { instrument: OptionInstrument; qty: number }[] = []
  let cache: Map<string, OptionInstrument> | undefined
  for (const pos of ctx.portfolio.positions()) {
    const id = pos.instrument
    if (pos.qty === 0 || id.length < 3 || id[id.length - 2] !== '-' || (id[id.length - 1] !== 'C' && id[id.length - 1] !== 'P')) continue
    cache ??= instrumentCache(ctx)
    let instrument = cache.get(id)
    if (instrument === undefined) { instrument = ctx.chain.quote(id).instrument; cache.set(id, instrument) }
    if (instrument.expiryMs > ctx.now) out.push({ instrument, qty: pos.qty })
  }
  return out
}

function instrumentCache(ctx: StrategyContext): Map<string, OptionInstrument> {
  const mem = runState(ctx)
  let m = mem.get(CACHE) as Map<string, OptionInstrument> | undefined
  if (m === undefined) { m = new Map(); mem.set(CACHE, m) }
  return m
}
