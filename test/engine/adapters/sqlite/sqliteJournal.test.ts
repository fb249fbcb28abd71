import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { openJournal, type SqliteJournal } from '../../../../engine/adapters/sqlite/sqliteJournal.ts'
import type { OrderIntent } from '../../../../engine/ports/executionPort.ts'
import type { UnixMs } from '../../../../engine/domain/units.ts'

let dir: string
let j: SqliteJournal
const T = Date.UTC(2024, 5, 7, 8) as UnixMs
const intent: OrderIntent = { clientId: 'ov-a', instrument: 'BTC-14JUN24-70000-C', side: 'sell', qty: 2, purpose: 'option', reason: 'roll' }

beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ov-journal-')); j = openJournal(join(dir, 'sub', 'j.sqlite')) })
afterEach(() => { j.close(); rmSync(dir, { recursive: true, force: true }) })

test('WAL, created with its folder; an intent is on disk before it is sent and survives a reopen', () => {
  expect(j.db.pragma('journal_mode', { simple: true })).toBe('wal')
  expect(j.db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL between the fsynced `sent` marks
  const run = j.startRun('epoch-roll', T, T)
  j.recordIntent(run, 'epoch-roll', T, intent, T)
  j.markSent('ov-a', T)
  j.close()
  j = openJournal(join(dir, 'sub', 'j.sqlite'))
  expect(j.unresolved().map((r) => [r.clientId, r.state])).toEqual([['ov-a', 'sent']])
})

test('the first payload of a client id wins; outcomes and fills are idempotent', () => {
  const run = j.startRun('epoch-roll', T, T)
  j.recordIntent(run, 'epoch-roll', T, intent, T)
  const again = j.recordIntent(run, 'epoch-roll', T, { ...intent, qty: 3 }, T + 1)
  expect(again.qty).toBe(2)
  const fill = { clientId: 'ov-a', instrument: intent.instrument, side: 'sell' as const, qty: 2, price: 0.01, fee: 0.0006, feeCurrency: 'BTC', tMs: T }
  j.recordOutcome({ clientId: 'ov-a', status: 'filled', filledQty: 2, fills: [fill], venueOrderId: 'BTC-1' }, T + 2)
  j.recordOutcome({ clientId: 'ov-a', status: 'filled', filledQty: 2, fills: [fill], venueOrderId: 'BTC-1' }, T + 3)
  expect(j.recordFill(fill)).toBe(false)
  expect(j.fills()).toHaveLength(1)
  expect(j.intent('ov-a')).toMatchObject({ state: 'filled', venueOrderId: 'BTC-1', filledQty: 2 })
  expect(j.unresolved()).toEqual([])
  // per-day notional counts sent intents at the price the caller gives
  expect(j.notionalSince(T, () => 60_000)).toBe(120_000)
})

test('runs, steps, guard trips, vault snapshots, kill switch', () => {
  const run = j.startRun('hedge-check', T, T)
  j.step(run, 'reconciled', T)
  j.guardTrip(run, 'minHealth', 'health 1.05 is below risk.minHealth 1.2', T)
  j.endRun(run, 'tripped', T + 5, 'minHealth')
  j.snapshotVault(run, T, 3, 10.5, '{"epoch":3}')
  expect(j.runs()[0]).toMatchObject({ id: run, status: 'tripped', message: 'minHealth' })
  expect(j.steps(run).map((s) => s.name)).toEqual(['reconciled'])
  expect(j.guardTrips()[0]).toMatchObject({ guard: 'minHealth' })
  expect(j.lastVault()).toMatchObject({ epoch: 3, nav: 10.5 })
  expect(j.firstVaultSince(T - 1)).toEqual({ nav: 10.5, atMs: T })
  expect(j.lastTick('hedge-check')).toBe(T)
  j.setControl('killed', 'manual', T)
  expect(j.control('killed')?.value).toBe('manual')
  j.clearControl('killed')
  expect(j.control('killed')).toBeUndefined()
})

test('the run lock: refused while its holder lives and beats, taken when the holder is dead or silent', () => {
  const other = process.pid + 1_000_000
  j.db.prepare('INSERT INTO lock (id, pid, heartbeat_ms, acquired_ms) VALUES (1, ?, ?, ?)').run(other, T, T)
  expect(j.acquireLock((T + 1000) as UnixMs, 60_000, () => true)).toMatchObject({ pid: other })
  expect(j.acquireLock((T + 1000) as UnixMs, 60_000, () => false)).toBeUndefined() // dead pid
  expect(j.lockHolder()?.pid).toBe(process.pid)
  j.db.prepare('UPDATE lock SET pid = ?, heartbeat_ms = ?').run(other, T)
  expect(j.acquireLock((T + 61_000) as UnixMs, 60_000, () => true)).toBeUndefined() // alive but silent for 61 s
  j.releaseLock()
  expect(j.lockHolder()).toBeUndefined()
})

test('a crash leaves a running run; the next start marks it abandoned', () => {
  const run = j.startRun('epoch-roll', T, T)
  j.db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(process.pid + 1_000_000, run)
  expect(j.abandonStaleRuns(T)).toBe(1)
  expect(j.runs()[0]!.status).toBe('abandoned')
})

test('the chain venue\'s client id store persists signed transactions across a reopen; the first record wins', async () => {
  const store = j.clientIdStore(() => T)
  const sent = { txHash: '0xabc', nonce: 7, rawTx: '0x02f8' }
  await store.record('ov-chain-1', sent)
  await store.record('ov-chain-1', { ...sent, txHash: '0xdef' })
  j.close()
  j = openJournal(join(dir, 'sub', 'j.sqlite'))
  expect(await j.clientIdStore(() => T).lookup('ov-chain-1')).toEqual(sent)
  expect(await j.clientIdStore(() => T).lookup('ov-none')).toBeUndefined()
})
