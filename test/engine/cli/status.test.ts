import { afterEach, expect, test } from 'vitest'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'
import { startHarness, type Harness } from '../live/support/liveHarness.ts'

let h: Harness | undefined
afterEach(async () => { delete process.env['OPTVAULT_DERIBIT_URL']; await h?.close(); h = undefined })
async function cli(...args: string[]) {
  const io = bufferIo()
  const code = await main(['node', 'optvault', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}

test('status before and after a run: vault, positions, health, runs, open orders; --json has the same facts', async () => {
  h = await startHarness({ realTime: true })
  process.env['OPTVAULT_DERIBIT_URL'] = h.sb.deribit.url
  const before = await cli('status', h.configFile)
  expect(before.code).toBe(0)
  expect(before.out).toMatch(/^vault: not opened yet/)
  expect((await cli('live', h.configFile, '--once')).code).toBe(0)
  const after = await cli('status', h.configFile)
  expect(after.out).toMatch(/vault: epoch 1, NAV 9\.99\d* BTC at /) // the hedge check's start equity: 10 BTC less the option fee and the bid-to-mark spread
  expect(after.out).toMatch(/positions:\ninstrument +qty +avg price\nBTC-\w+-\d+-C +-5 /)
  expect(after.out).toMatch(/BTC-PERPETUAL +\d\.\d+/)
  expect(after.out).toMatch(/last runs:\nrun +job +tick +status +message\n2 +hedge-check .* done/)
  const js = JSON.parse((await cli('status', h.configFile, '--json')).out) as Record<string, unknown>
  expect(js).toMatchObject({ vault: { epoch: 1 }, killSwitch: null, lock: null, unresolved: 0, openOrders: [] })
  expect((js['positions'] as unknown[]).length).toBe(2)
  expect(js['health']).toBeGreaterThan(1.2)
})
