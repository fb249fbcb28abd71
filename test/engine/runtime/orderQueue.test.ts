import { describe, expect, test } from 'vitest'
import type { ExecutionPort, ImmediateOrderPort, OrderAck, OrderIntent } from '../../../engine/ports/executionPort.ts'
import { OrderQueue } from '../../../engine/runtime/orderQueue.ts'

/** A venue answering both ways, logging every call in order. Its acks carry the call's number, so two runs that
 * made the same calls in the same order return equal acks. */
class LoggingVenue implements ExecutionPort, ImmediateOrderPort {
  readonly calls: string[] = []
  submitNow(o: OrderIntent): OrderAck { this.calls.push(`submit ${o.clientId} ${o.side} ${o.qty} ${o.purpose}`); return this.ack(o.clientId) }
  amendNow(id: string, c: { qty?: number; limitPrice?: number }): OrderAck { this.calls.push(`amend ${id} ${JSON.stringify(c)}`); return this.ack(id) }
  cancelNow(id: string): void { this.calls.push(`cancel ${id}`) }
  async submit(o: OrderIntent): Promise<OrderAck> { return this.submitNow(o) }
  async amend(id: string, c: { qty?: number; limitPrice?: number }): Promise<OrderAck> { return this.amendNow(id, c) }
  async cancel(id: string): Promise<void> { this.cancelNow(id) }
  async openOrders(): Promise<readonly OrderAck[]> { return [] }
  async positions() { return [] }
  private ack(clientId: string): OrderAck { return { clientId, status: 'open', filledQty: this.calls.length, fills: [] } }
}

/** Two bars of a hook's orders: new risk blocked on the first, a qty cap, a daily cap, amends and cancels of
 * orders in the queue and of orders already sent. */
async function script(q: OrderQueue, block: { why: string | undefined }, send: () => void | Promise<unknown>): Promise<void> {
  q.enterHook('onBar')
  const sent = q.place('BTC-PERPETUAL', 'buy', 2, 'hedge', 'first')
  q.place('BTC-27DEC24-50000-C', 'sell', 1, 'option', 'blocked: new risk')
  q.place('BTC-PERPETUAL', 'sell', 9, 'hedge', 'over the per-order cap')
  const amended = q.place('BTC-PERPETUAL', 'buy', 1, 'hedge', 'amended in the queue')
  q.amend(amended, { qty: 1.5 })
  q.cancel(q.place('BTC-PERPETUAL', 'buy', 1, 'hedge', 'cancelled in the queue'))
  await send()
  block.why = undefined
  q.enterHook('onFill')
  q.amend(sent, { limitPrice: 41_000 })
  q.cancel(sent)
  q.place('BTC-PERPETUAL', 'buy', 4, 'hedge', 'takes the day to 7.5')
  q.place('BTC-PERPETUAL', 'sell', 3, 'hedge', 'would take the day over 8')
  await send()
}

function queue(block: { why: string | undefined }): OrderQueue {
  return new OrderQueue({ runId: 'r', epoch: () => 0, barIndex: () => 7 }, { maxQtyPerOrder: 5, maxQtyPerDay: 8, nowMs: () => 0, blockNewRisk: () => block.why })
}

describe('OrderQueue', () => {
  test('flushNow sends, refuses and counts exactly as flush does, in the same order', async () => {
    const run = async (immediate: boolean) => {
      const block = { why: 'health 1.1 is under risk.minHealth 1.2' as string | undefined }
      const q = queue(block)
      const venue = new LoggingVenue()
      const acks: OrderAck[][] = []
      await script(q, block, immediate ? () => { acks.push(q.flushNow(venue)) } : () => q.flush(venue).then((a) => { acks.push(a) }))
      return { calls: venue.calls, acks, refused: q.refused.map((r) => `${r.intent.qty} ${r.reason}`), left: q.size }
    }
    const now = await run(true)
    expect(now).toEqual(await run(false))
    // what both did, so the comparison is not between two runs that did nothing
    expect(now.calls.map((c) => c.replace(/ov-\w+/, 'ID'))).toEqual([
      'submit ID buy 2 hedge', 'submit ID buy 1.5 hedge', 'submit ID buy 4 hedge', 'amend ID {"limitPrice":41000}', 'cancel ID',
    ])
    expect(now.acks.map((a) => a.length)).toEqual([2, 1])
    expect(now.refused).toEqual([
      '1 health 1.1 is under risk.minHealth 1.2',
      '9 qty 9 is over risk.maxNotionalPerOrder 5',
      "3 qty 3 would take today's total to 10.5, over risk.maxNotionalPerDay 8",
    ])
    expect(now.left).toBe(0)
  })
})
