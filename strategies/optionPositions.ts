import type { OptionInstrument, StrategyContext } from '../engine/plugin/index.ts'

/** The book's open option positions with their instruments; perps, spot and expired options are left out.
 * Option ids follow Deribit's names, ending -C or -P (instrument.ts); anything else is not an option. */
export function optionPositions(ctx: StrategyContext): { instrument: OptionInstrument; qty: number }[] {
  const out: { instrument: OptionInstrument; qty: number }[] = []
  for (const pos of ctx.portfolio.positions()) {
    if (pos.qty === 0 || !/-[CP]$/.test(pos.instrument)) continue
    const instrument = ctx.chain.quote(pos.instrument).instrument
    if (instrument.expiryMs > ctx.now) out.push({ instrument, qty: pos.qty })
  }
  return out
}
