import { expect, test } from 'vitest'
import { sandboxUniswapVenue } from '../../../../engine/sandbox/chain/sandboxUniswapVenue.ts'
import { useChainSandbox } from '../../../support/evm.ts'

const { chain } = useChainSandbox({ btcPriceUsd: 60_000 })

test('right after start the guarded venue trades: Chainlink fresh, 30-minute TWAP readable, both at 60 000', async () => {
  const { venue, guard, close } = sandboxUniswapVenue(chain(), { pollMs: 10 })
  try {
    const g = await guard.read()
    expect(g.readings[0]!.price).toBe(60_000)
    expect(Math.abs(g.readings[1]!.price / 60_000 - 1)).toBeLessThan(1e-4) // the TWAP is a tick price: 1 bp steps
    const ack = await venue.submit({ clientId: 'sandbox-1', instrument: 'WBTC/USDC', side: 'buy', qty: 0.25, purpose: 'hedge', reason: 'try' })
    expect(ack.status).toBe('filled')
    expect(ack.fills[0]!.price).toBeGreaterThan(60_000) // pays the 0.3% pool fee and a little price impact
    expect(ack.fills[0]!.price).toBeLessThan(60_600) // within the 100 bps oracle bound
  } finally { close() }
})
