import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, test } from 'vitest'
import { runLive } from '../../../engine/live/liveRunner.ts'
import { ordersByLabel, startHarness, T_FRIDAY, type Harness } from './support/liveHarness.ts'

// The crash test of the live-trading issue: a child process runs `live --once` (epoch roll + hedge) and SIGKILLs
// itself right after its k-th journal step marker, for every k in turn; then the live run starts again (a fresh
// venue client and a fresh journal connection) and finishes. Each time: exactly one order per intent on the
// emulator, every order has its journal row with the venue's outcome, every venue fill is in the journal.

const CHILD = fileURLToPath(new URL('./support/crashingLive.ts', import.meta.url))
let h: Harness | undefined
afterEach(async () => { await h?.close(); h = undefined })

function child(x: Harness, k: number): Promise<{ code: number | null; signal: string | null; out: string }> {
  const c = spawn(process.execPath, ['--import', 'tsx', CHILD, x.configFile, x.sb.deribit.url, String(k), String(T_FRIDAY)],
    { cwd: fileURLToPath(new URL('../../../', import.meta.url)) })
  let out = ''
  c.stdout.on('data', (d) => { out += String(d) })
  c.stderr.on('data', (d) => { out += String(d) })
  return new Promise((resolve) => c.on('close', (code, signal) => resolve({ code, signal, out })))
}

async function restartAndCheck(x: Harness, label: string): Promise<void> {
  const s = await x.open()
  const r = await runLive(s, { once: true })
  expect(r.every((step) => step.status === 'done'), `${label}: ${r.map((q) => `${q.job} ${q.status} ${q.message}`).join('; ')}`).toBe(true)
  const byLabel = ordersByLabel(x)
  expect([...byLabel.values()].every((n) => n === 1), `${label}: an id was placed twice`).toBe(true)
  const intents = s.journal.intents()
  expect(s.journal.unresolved(), `${label}: unresolved intents`).toEqual([])
  // every order on the venue is an intent in the journal, with the venue's id and a final outcome
  const venueOrders = [...x.sb.account.orders.values()]
  expect(venueOrders).toHaveLength(2) // one call sale (epoch roll), one perp hedge (hedge check)
  for (const o of venueOrders) {
    expect(intents.find((i) => i.clientId === o.label), `${label}: ${o.label} not journaled`).toMatchObject({ venueOrderId: o.order_id, state: 'filled' })
  }
  expect(s.journal.fills().length, `${label}: fills`).toBe(x.sb.account.trades.length)
  expect(s.journal.lastVault()?.epoch).toBe(1)
  s.journal.close()
}

test('SIGKILL after every journal step of an epoch roll and hedge, then restart: one order per intent, no lost row', async () => {
  h = await startHarness()
  const clean = await child(h, 0)
  const total = Number(/markers (\d+)/.exec(clean.out)?.[1])
  expect(clean.code, clean.out).toBe(0)
  expect(total).toBeGreaterThanOrEqual(18) // started, reconciled, market, guards, decided, intent, sent, answered, recorded, vault, end per job
  await restartAndCheck(h, 'no crash')
  await h.close()
  for (let k = 1; k <= total; k++) {
    h = await startHarness()
    const crashed = await child(h, k)
    expect(crashed.signal, `k=${k}: ${crashed.out}`).toBe('SIGKILL')
    const marker = /SIGKILL after marker \d+: (.*)/.exec(crashed.out)?.[1] ?? '?'
    await restartAndCheck(h, `crash after marker ${k} (${marker})`)
    await h.close()
    h = undefined
  }
}, 600_000)
