import { afterEach, expect, test } from 'vitest'
import { main } from '../../../engine/cli/main.ts'
import { bufferIo } from '../../../engine/cli/io.ts'
import { openJournal } from '../../../engine/adapters/sqlite/sqliteJournal.ts'
import { startHarness, type Harness } from '../live/support/liveHarness.ts'
import { join } from 'node:path'

// The CLI reads the wall clock and the process environment, like a user's shell: the emulator runs on real time
// and OPTVAULT_DERIBIT_URL points config/sandbox.yaml at it.
let h: Harness | undefined
afterEach(async () => { delete process.env['OPTVAULT_DERIBIT_URL']; await h?.close(); h = undefined })

async function cli(...args: string[]) {
  const io = bufferIo()
  const code = await main(['node', 'optvault', ...args], io)
  return { code, out: io.stdout(), err: io.stderr() }
}
async function sandboxHarness(edit?: (y: string) => string) {
  h = await startHarness({ realTime: true, ...(edit ? { edit } : {}) })
  process.env['OPTVAULT_DERIBIT_URL'] = h.sb.deribit.url
  return h
}

test('live --once --dry-run prints the orders it would send; then --once sends them; then nothing is due', async () => {
  const x = await sandboxHarness()
  const dry = await cli('live', x.configFile, '--once', '--dry-run')
  expect(dry.code).toBe(0)
  expect(dry.out).toMatch(/epoch-roll @ .*: dry-run: dry run: 1 order\(s\) computed, none sent\n {2}would sell 5 BTC-\w+-\d+-C at market \(ov-[0-9a-f]{16}, /)
  expect(x.sb.deribit.received('private/sell')).toHaveLength(0)
  expect(dry.err).toMatch(/"msg":"dry run: order not sent"/) // the JSON log goes to stderr
  const real = await cli('live', x.configFile, '--once')
  expect(real.code).toBe(0)
  expect(real.out).toMatch(/epoch-roll @ .*: done: 1 order\(s\): 1 filled, 0 working, 0 rejected\n {2}ov-[0-9a-f]{16}: filled, filled 5\n/)
  expect(real.out).toMatch(/hedge-check @ .*: done: 1 order\(s\): 1 filled/)
  const again = await cli('live', x.configFile, '--once')
  expect(again).toMatchObject({ code: 0, out: 'nothing due: every job already ran for its latest tick\n' })
})

test('a guard trip exits 1 and names the limit; a backtest venue exits 2 naming the file, line and field', async () => {
  const x = await sandboxHarness((y) => y.replace('maxNotionalPerOrder: 10', 'maxNotionalPerOrder: 1'))
  const r = await cli('live', x.configFile, '--once')
  expect(r.code).toBe(1)
  expect(r.out).toMatch(/epoch-roll @ .*: tripped: Risk guard maxNotionalPerOrder stopped the step: sell 5 /)
  expect(r.err).toMatch(/error: 1 of 2 step\(s\) did not complete: epoch-roll tripped/)
  await x.close()
  const y = await sandboxHarness((t) => t.replace('venue: deribit', 'venue: sim'))
  const bad = await cli('live', y.configFile, '--once')
  expect(bad.code).toBe(2)
  expect(bad.err).toMatch(/execution.venue is sim \(backtest\), which needs a data section.\nWhere: .*sandbox.yaml:\d+:\d+/)
})

test('a second live process is refused while the first holds the lock', async () => {
  const x = await sandboxHarness()
  const j = openJournal(join(x.dir, 'journal.sqlite'))
  // the parent of this test process is alive, and its heartbeat is fresh
  j.db.prepare('INSERT INTO lock (id, pid, heartbeat_ms, acquired_ms) VALUES (1, ?, ?, ?)').run(process.ppid, Date.now(), Date.now())
  j.close()
  const r = await cli('live', x.configFile, '--once')
  expect(r.code).toBe(1)
  expect(r.err).toMatch(new RegExp(`error: Another optvault live process \\(pid ${process.ppid}\\) holds the run lock`))
  expect(x.sb.deribit.received('private/sell')).toHaveLength(0)
})

test('optvault live without --once keeps running on its schedule; SIGTERM stops it cleanly and frees the lock', async () => {
  const x = await sandboxHarness()
  const { spawn } = await import('node:child_process')
  const c = spawn(process.execPath, ['bin/optvault.js', 'live', x.configFile], {
    cwd: new URL('../../../', import.meta.url).pathname, env: { ...process.env, OPTVAULT_DERIBIT_URL: x.sb.deribit.url },
  })
  let out = ''
  let err = ''
  c.stdout.on('data', (d) => { out += String(d) })
  c.stderr.on('data', (d) => { err += String(d) })
  const closed = new Promise<number | null>((resolve) => c.on('close', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`never reached the waiting state: ${out}${err}`)), 60_000)
    c.stderr.on('data', () => { if (err.includes('waiting for the next tick')) { clearTimeout(t); resolve() } })
  })
  expect(out).toMatch(/epoch-roll @ .*: done/)
  c.kill('SIGTERM')
  expect(await closed).toBe(0)
  expect(err).toMatch(/"why":"SIGTERM".*stopping after the current step/)
  const j = openJournal(join(x.dir, 'journal.sqlite'))
  expect(j.lockHolder()).toBeUndefined()
  j.close()
}, 90_000)
