import type { OptionQuote } from '../../engine/plugin/index.ts'

/** Premium of selling one option on one unit of underlying, as a fraction of the underlying price (quotes are in
 * quote currency per option, coin-margined options included: context.ts OptionQuote). `source`: the chain bid, or
 * the model: the mark at the configured vol minus vega * spreadVol (first order in the spread; exact enough for a
 * skip rule, since vega's own change over one vol point is volga / 100, a few percent of the spread's effect).
 * Auto takes the bid when the chain has one. Returns 0 when the source gives nothing (no bid): nothing to sell into.
 * @example callPremium(quote, 'model', 120, 0.01) // (mark - 120 * 0.01) / underlyingPrice */
export function callPremium(q: OptionQuote, source: 'auto' | 'bid' | 'model', vega: number, spreadVol: number): number {
  const hasBid = Number.isFinite(q.bid) && q.bid > 0
  if (source === 'bid' || (source === 'auto' && hasBid)) return hasBid ? q.bid / q.underlyingPrice : 0
  return Math.max(0, q.mark - vega * spreadVol) / q.underlyingPrice
}
