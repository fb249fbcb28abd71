import type { SqliteJournal } from '../adapters/sqlite/sqliteJournal.ts'
import type { UniswapVenue } from '../adapters/uniswap/uniswapVenue.ts'
import { VenueRejectedError } from '../adapters/ccxt/venueErrors.ts'
import { SlippageExceededError, TxRevertedError, DeadlineExpiredError } from '../adapters/chain/chainErrors.ts'
import type { Fill, OrderAck, OrderIntent, PositionReport } from '../ports/executionPort.ts'
import type { UnixMs } from '../domain/units.ts'
import type { LiveVenue, VenueBalance, VenueBars, VenueIndex, VenueQuote } from './liveVenue.ts'

export interface RoutingVenueOptions {
  /** Options, perpetuals, market data, index and account: the ccxt venue (or paper). */
  readonly main: LiveVenue
  /** Spot hedges: the Uniswap venue, whose pair is keyed by `hedgeId`. */
  readonly chain: UniswapVenue
  /** The hedge instrument as the runtime names it, e.g. `UNIV3:BTC/USD` (hedgeIdOf). Everything else goes to main. */
  readonly hedgeId: string
  /** The journal: the chain keeps no cost basis, so the hedge position is the sum of its journaled fills. */
  readonly journal: SqliteJournal
}

/** The live venue of a vault that sells options on an exchange and hedges on chain (`hedge.instrument: uniswap`):
 * orders on `hedgeId` become Uniswap swaps (qty in units of the underlying, turned into base units at the
 * adapter), all other orders and every market read go to the exchange. Reconcile, the kill switch and status see
 * both: `find`, `fills`, `openOrders` and `cancelAll` ask each side, `balances` merges the exchange account with the
 * wallet (WBTC, USDC, ETH for gas).
 * The hedge position is the net of the journaled fills on `hedgeId`, not the wallet's WBTC balance: the wallet may
 * hold coins the vault never bought, and the strategy must hedge what it holds, not what the wallet holds.
 * A swap the chain refused (a revert, a quote below the oracle bound) comes back as a VenueRejectedError, so the
 * journal closes the intent as rejected like an exchange reject.
 * @example const venue = new RoutingVenue({ main: ccxt, chain: uniswap, hedgeId: 'UNIV3:BTC/USD', journal }) */
export class RoutingVenue implements LiveVenue {
  readonly name: string
  constructor(private readonly o: RoutingVenueOptions) { this.name = `${o.main.name}+uniswap` }

  private onChain(instrument: string | undefined): boolean { return instrument === this.o.hedgeId }

  async ready(): Promise<void> { await this.o.main.ready(); await this.o.chain.ready() }

  async submit(order: OrderIntent): Promise<OrderAck> {
    if (!this.onChain(order.instrument)) return this.o.main.submit(order)
    try {
      return await this.o.chain.submit(order)
    } catch (e) {
      // refused before sending, or mined and reverted: nothing is pending, the intent is closed as rejected
      if (e instanceof SlippageExceededError || e instanceof TxRevertedError || e instanceof DeadlineExpiredError) {
        throw new VenueRejectedError('uniswap', order.clientId, e.shortMessage.replace(/\.$/, ''), 'check the pool price against the oracle; raise execution.chain.maxSlippageBps only if the bound is too tight.', e)
      }
      throw e
    }
  }

  amend(clientId: string, change: { qty?: number; limitPrice?: number }): Promise<OrderAck> { return this.o.main.amend(clientId, change) }

  async cancel(clientId: string): Promise<void> {
    const row = this.o.journal.intent(clientId)
    if (this.onChain(row?.instrument)) return this.o.chain.cancel(clientId)
    return this.o.main.cancel(clientId)
  }

  async openOrders(): Promise<readonly OrderAck[]> {
    return [...await this.o.main.openOrders(), ...await this.o.chain.openOrders()]
  }

  async positions(): Promise<readonly PositionReport[]> {
    const main = (await this.o.main.positions()).filter((p) => p.instrument !== this.o.hedgeId)
    let qty = 0
    let cost = 0
    for (const f of this.o.journal.fills()) {
      if (f.instrument !== this.o.hedgeId) continue
      const signed = f.side === 'buy' ? f.qty : -f.qty
      // average price of what is held: buys add at their price, sells take out at the average
      if (signed > 0 || qty <= 0) cost += signed * f.price
      else cost += signed * (qty === 0 ? 0 : cost / qty)
      qty += signed
    }
    // float dust from summing decimal fills is not a position
    if (Math.abs(qty) < 1e-12) return main
    return [...main, { instrument: this.o.hedgeId, qty, avgPrice: cost / qty }]
  }

  async find(clientId: string, instrument?: string): Promise<OrderAck | undefined> {
    if (instrument !== undefined) return this.onChain(instrument) ? this.o.chain.find(clientId, instrument) : this.o.main.find(clientId, instrument)
    return await this.o.main.find(clientId) ?? await this.o.chain.find(clientId)
  }

  async fills(sinceMs?: UnixMs): Promise<readonly Fill[]> {
    return [...await this.o.main.fills(sinceMs), ...await this.o.chain.fills(sinceMs)]
  }

  /** The exchange account and the wallet side by side; a currency held in both (ETH: margin on Deribit, gas in
   * the wallet) keeps the exchange's name, the wallet's gets ` (wallet)`, so neither hides the other. */
  async balances(): Promise<Readonly<Record<string, VenueBalance>>> {
    const out: Record<string, VenueBalance> = { ...await this.o.main.balances() }
    for (const [k, v] of Object.entries(await this.o.chain.balances())) out[k in out ? `${k} (wallet)` : k] = v
    return out
  }

  index(currency: string): Promise<VenueIndex> { return this.o.main.index(currency) }

  mark(instrument: string): Promise<number> {
    return this.onChain(instrument) ? this.o.chain.mark(instrument) : this.o.main.mark(instrument)
  }

  /** On chain there is no book: bid, ask and mark are the guarded oracle price. The swap's own bound
   * (amountOutMinimum / amountInMaximum from the oracle and maxSlippageBps, checked with QuoterV2 first) is the
   * slippage check that matters there. */
  async quote(instrument: string): Promise<VenueQuote> {
    if (!this.onChain(instrument)) return this.o.main.quote(instrument)
    const p = await this.o.chain.mark(instrument)
    return { bid: p, ask: p, mark: p }
  }

  bars(instrument: string, barMs: number, count: number, endMs: UnixMs): Promise<VenueBars> {
    return this.o.main.bars(instrument, barMs, count, endMs)
  }

  volIndex(currency: string, fromMs: UnixMs, toMs: UnixMs) { return this.o.main.volIndex(currency, fromMs, toMs) }

  async cancelAll(): Promise<number> { return await this.o.main.cancelAll() + await this.o.chain.cancelAll() }
}
