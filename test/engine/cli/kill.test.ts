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

test('kill --flatten cancels resting orders and closes the hedge; status shows the switch; resume lifts it', async () => {
  h = await startHarness({ realTime: true })
  process.env['OPTVAULT_DERIBIT_URL'] = h.sb.deribit.url
  expect((await cli('live', h.configFile, '--once')).code).toBe(0)
  // a resting order of ours: a limit buy far under the market, labelled like the runtime labels
  const s = await h.open({ nowMs: () => Date.now() as never })
  const call = (await s.venue.positions()).find((p) => p.instrument.endsWith('-C'))!.instrument
  await s.venue.submit({ clientId: 'ov-resting', instrument: call, side: 'buy', qty: 1, limitPrice: 0.0001, purpose: 'option', reason: 'test' })
  s.journal.close()
  const k = await cli('kill', h.configFile, '--flatten', '--reason', 'desk says stop')
  expect(k.code).toBe(0)
  expect(k.out).toMatch(/kill switch ON: live runs are blocked until `optvault resume .*`\ncancelled 1 open order\(s\)\nflattened: ov-kill-\d+-BTC-PERPETUAL filled, filled \d\.\d+\n/)
  const st = await cli('status', h.configFile)
  expect(st.out).toMatch(/kill switch: ON since .* \(desk says stop\)/)
  expect(st.out).not.toMatch(/BTC-PERPETUAL/)
  expect(st.out).toMatch(/open orders:\n {2}none/)
  expect((await cli('resume', h.configFile)).out).toBe('kill switch OFF: live runs may start again\n')
  expect((await cli('resume', h.configFile)).out).toBe('kill switch was not on; nothing changed\n')
  expect((await cli('status', h.configFile)).out).toMatch(/kill switch: off/)
})
