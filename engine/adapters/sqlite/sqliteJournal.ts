import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { Fill, OrderAck, OrderIntent } from '../../ports/executionPort.ts'
import type { UnixMs } from '../../domain/units.ts'
import type { ClientIdStore, SentTx } from '../chain/clientIdStore.ts'

/** Where an intent is: `intent` = recorded, not yet sent; `sent` = the send started and its answer is not recorded
 * (a crash here is the case reconciliation exists for); the rest are the venue's outcome. */
export type IntentState = 'intent' | 'sent' | 'open' | 'partially-filled' | 'filled' | 'cancelled' | 'rejected' | 'failed' | 'dry-run'

export type RunStatus = 'running' | 'done' | 'failed' | 'tripped' | 'abandoned' | 'dry-run' | 'blocked'

export interface IntentRow {
  readonly clientId: string
  readonly runId: number
  readonly job: string
  readonly tickMs: UnixMs
  readonly instrument: string
  readonly side: 'buy' | 'sell'
  readonly qty: number
  readonly limitPrice: number | null
  readonly purpose: string
  readonly reason: string
  readonly state: IntentState
  readonly venueOrderId: string | null
  readonly filledQty: number
  readonly outcome: string | null
  readonly createdMs: UnixMs
  readonly updatedMs: UnixMs
}

export interface RunRow {
  readonly id: number
  readonly job: string
  readonly tickMs: UnixMs
  readonly startedMs: UnixMs
  readonly endedMs: UnixMs | null
  readonly status: RunStatus
  readonly pid: number
  readonly message: string | null
}

export interface GuardTripRow { readonly runId: number; readonly guard: string; readonly message: string; readonly atMs: UnixMs }

export interface LockHolder { readonly pid: number; readonly heartbeatMs: UnixMs; readonly acquiredMs: UnixMs }

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY, job TEXT NOT NULL, tick_ms INTEGER NOT NULL, started_ms INTEGER NOT NULL,
  ended_ms INTEGER, status TEXT NOT NULL, pid INTEGER NOT NULL, message TEXT);
CREATE TABLE IF NOT EXISTS steps (
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id), name TEXT NOT NULL, at_ms INTEGER NOT NULL, detail TEXT);
CREATE TABLE IF NOT EXISTS intents (
  client_id TEXT PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id), job TEXT NOT NULL, tick_ms INTEGER NOT NULL,
  instrument TEXT NOT NULL, side TEXT NOT NULL, qty REAL NOT NULL, limit_price REAL, purpose TEXT NOT NULL, reason TEXT NOT NULL,
  state TEXT NOT NULL, venue_order_id TEXT, filled_qty REAL NOT NULL DEFAULT 0, outcome TEXT,
  created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS fills (
  id INTEGER PRIMARY KEY, client_id TEXT NOT NULL, instrument TEXT NOT NULL, side TEXT NOT NULL, qty REAL NOT NULL,
  price REAL NOT NULL, fee REAL NOT NULL, fee_currency TEXT NOT NULL, t_ms INTEGER NOT NULL,
  UNIQUE (client_id, t_ms, price, qty));
CREATE TABLE IF NOT EXISTS guard_trips (
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, guard TEXT NOT NULL, message TEXT NOT NULL, at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS vault_snapshots (
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, at_ms INTEGER NOT NULL, epoch INTEGER NOT NULL, nav REAL NOT NULL, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS control (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS lock (
  id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, heartbeat_ms INTEGER NOT NULL, acquired_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS chain_txs (
  client_id TEXT PRIMARY KEY, tx_hash TEXT NOT NULL, nonce INTEGER NOT NULL, raw_tx TEXT NOT NULL, recorded_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS intents_state ON intents(state);
CREATE INDEX IF NOT EXISTS runs_job_tick ON runs(job, tick_ms);
`

/** The live run's write-ahead journal in SQLite (WAL; every row survives a killed process, and the `sent` mark
 * before each order survives a power cut too). Every order intent is written before it is sent and marked `sent` just before the wire, so after a
 * crash at any point the next run knows which ids may exist on the venue and looks them up instead of sending them
 * again. Also holds runs, step markers, guard trips, vault snapshots, the kill switch and the run lock.
 * Times are passed in (ms UTC): the journal never reads a clock, so tests replay exact times.
 * @example const j = openJournal('runs/cc.journal.sqlite'); const run = j.startRun('hedge', tickMs, nowMs) */
export class SqliteJournal {
  readonly db: Database.Database

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    this.db = new Database(path)
    this.db.pragma('journal_mode = WAL')
    // NORMAL in WAL: every commit survives a killed process (it is in the OS's hands), and only an OS crash or power
    // cut can lose the newest ones. The one row that must be on the disk itself before an order goes out is the
    // `sent` mark: markSent commits with FULL, and that fsync of the log also covers every row written before it.
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('busy_timeout = 5000')
    this.db.exec(SCHEMA)
  }

  close(): void { this.db.close() }

  startRun(job: string, tickMs: UnixMs, nowMs: UnixMs, status: RunStatus = 'running'): number {
    const r = this.db.prepare('INSERT INTO runs (job, tick_ms, started_ms, status, pid) VALUES (?, ?, ?, ?, ?)')
      .run(job, tickMs, nowMs, status, process.pid)
    return Number(r.lastInsertRowid)
  }

  endRun(runId: number, status: RunStatus, nowMs: UnixMs, message?: string): void {
    this.db.prepare('UPDATE runs SET status = ?, ended_ms = ?, message = ? WHERE id = ?').run(status, nowMs, message ?? null, runId)
  }

  /** Runs a crash left `running`: marked abandoned, so status shows them and their intents get reconciled. */
  abandonStaleRuns(nowMs: UnixMs): number {
    return this.db.prepare("UPDATE runs SET status = 'abandoned', ended_ms = ?, message = 'process ended without closing the run' WHERE status = 'running' AND pid != ?")
      .run(nowMs, process.pid).changes
  }

  step(runId: number, name: string, nowMs: UnixMs, detail?: unknown): void {
    this.db.prepare('INSERT INTO steps (run_id, name, at_ms, detail) VALUES (?, ?, ?, ?)').run(runId, name, nowMs, detail === undefined ? null : JSON.stringify(detail))
  }

  steps(runId: number): { name: string; atMs: number; detail: string | null }[] {
    return this.db.prepare('SELECT name, at_ms AS atMs, detail FROM steps WHERE run_id = ? ORDER BY id').all(runId) as { name: string; atMs: number; detail: string | null }[]
  }

  /** Records an intent before anything is sent. An id already journaled is kept as it was (first payload wins):
   * a rerun that derives the same id refers to the same order. Returns the row as it stands. */
  recordIntent(runId: number, job: string, tickMs: UnixMs, i: OrderIntent, nowMs: UnixMs, state: IntentState = 'intent'): IntentRow {
    this.db.prepare(`INSERT INTO intents (client_id, run_id, job, tick_ms, instrument, side, qty, limit_price, purpose, reason, state, created_ms, updated_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(client_id) DO NOTHING`)
      .run(i.clientId, runId, job, tickMs, i.instrument, i.side, i.qty, i.limitPrice ?? null, i.purpose, i.reason, state, nowMs, nowMs)
    return this.intent(i.clientId) as IntentRow
  }

  /** Just before the wire: from here on the order may exist on the venue whatever happens to this process. Fsynced
   * (with everything journaled before it) before it returns, even across a power cut. */
  markSent(clientId: string, nowMs: UnixMs): void {
    this.db.pragma('synchronous = FULL')
    try {
      this.db.prepare("UPDATE intents SET state = 'sent', updated_ms = ? WHERE client_id = ? AND state = 'intent'").run(nowMs, clientId)
    } finally {
      this.db.pragma('synchronous = NORMAL')
    }
  }

  /** The venue's answer (or what a lookup found), with its fills, in one transaction. */
  recordOutcome(ack: OrderAck, nowMs: UnixMs): void {
    const tx = this.db.transaction(() => {
      this.db.prepare('UPDATE intents SET state = ?, venue_order_id = ?, filled_qty = ?, outcome = ?, updated_ms = ? WHERE client_id = ?')
        .run(ack.status, ack.venueOrderId ?? null, ack.filledQty, ack.rejectReason ?? null, nowMs, ack.clientId)
      for (const f of ack.fills) this.recordFill(f)
    })
    tx()
  }

  /** A send that failed for good (rejected, or given up after retries): the reason stays with the intent. */
  recordFailure(clientId: string, state: 'rejected' | 'failed', reason: string, nowMs: UnixMs): void {
    this.db.prepare('UPDATE intents SET state = ?, outcome = ?, updated_ms = ? WHERE client_id = ?').run(state, reason, nowMs, clientId)
  }

  /** Idempotent on (client id, time, price, qty): reconciliation may report a fill the answer already carried. */
  recordFill(f: Fill): boolean {
    return this.db.prepare(`INSERT INTO fills (client_id, instrument, side, qty, price, fee, fee_currency, t_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING`).run(f.clientId, f.instrument, f.side, f.qty, f.price, f.fee, f.feeCurrency, f.tMs).changes === 1
  }

  intent(clientId: string): IntentRow | undefined {
    return this.db.prepare(`${INTENT_SELECT} WHERE client_id = ?`).get(clientId) as IntentRow | undefined
  }

  intents(where: { state?: readonly IntentState[]; runId?: number } = {}): IntentRow[] {
    const clauses: string[] = []
    const args: unknown[] = []
    if (where.state) { clauses.push(`state IN (${where.state.map(() => '?').join(',')})`); args.push(...where.state) }
    if (where.runId !== undefined) { clauses.push('run_id = ?'); args.push(where.runId) }
    return this.db.prepare(`${INTENT_SELECT}${clauses.length ? ` WHERE ${clauses.join(' AND ')}` : ''} ORDER BY created_ms, rowid`).all(...args) as IntentRow[]
  }

  /** Intents whose outcome is not final: recorded or sent but unanswered, or resting on the book. */
  unresolved(): IntentRow[] { return this.intents({ state: ['intent', 'sent', 'open', 'partially-filled'] }) }

  fills(): Fill[] {
    return this.db.prepare('SELECT client_id AS clientId, instrument, side, qty, price, fee, fee_currency AS feeCurrency, t_ms AS tMs FROM fills ORDER BY t_ms, id').all() as Fill[]
  }

  /** Sum of |qty| * price of intents sent or filled since `sinceMs` for the per-day notional guard. */
  notionalSince(sinceMs: UnixMs, priceOf: (row: IntentRow) => number): number {
    let sum = 0
    for (const r of this.db.prepare(`${INTENT_SELECT} WHERE created_ms >= ? AND state NOT IN ('intent', 'rejected', 'failed', 'dry-run')`).all(sinceMs) as IntentRow[]) {
      sum += Math.abs(r.qty) * priceOf(r)
    }
    return sum
  }

  guardTrip(runId: number, guard: string, message: string, nowMs: UnixMs): void {
    this.db.prepare('INSERT INTO guard_trips (run_id, guard, message, at_ms) VALUES (?, ?, ?, ?)').run(runId, guard, message, nowMs)
  }

  guardTrips(limit = 20): GuardTripRow[] {
    return this.db.prepare('SELECT run_id AS runId, guard, message, at_ms AS atMs FROM guard_trips ORDER BY id DESC LIMIT ?').all(limit) as GuardTripRow[]
  }

  snapshotVault(runId: number, nowMs: UnixMs, epoch: number, nav: number, stateJson: string): void {
    this.db.prepare('INSERT INTO vault_snapshots (run_id, at_ms, epoch, nav, state) VALUES (?, ?, ?, ?, ?)').run(runId, nowMs, epoch, nav, stateJson)
  }

  lastVault(): { runId: number; atMs: number; epoch: number; nav: number; state: string } | undefined {
    return this.db.prepare('SELECT run_id AS runId, at_ms AS atMs, epoch, nav, state FROM vault_snapshots ORDER BY id DESC LIMIT 1').get() as
      { runId: number; atMs: number; epoch: number; nav: number; state: string } | undefined
  }

  /** The first vault snapshot at or after `sinceMs` (start-of-day NAV for the daily-loss guard). */
  firstVaultSince(sinceMs: UnixMs): { nav: number; atMs: number } | undefined {
    return this.db.prepare('SELECT nav, at_ms AS atMs FROM vault_snapshots WHERE at_ms >= ? ORDER BY at_ms, id LIMIT 1').get(sinceMs) as { nav: number; atMs: number } | undefined
  }

  runs(limit = 10): RunRow[] {
    return this.db.prepare('SELECT id, job, tick_ms AS tickMs, started_ms AS startedMs, ended_ms AS endedMs, status, pid, message FROM runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]
  }

  /** The last run of `job` for this tick that finished (done or dry-run), if any: a due tick already handled. */
  finishedRun(job: string, tickMs: UnixMs): RunRow | undefined {
    return this.db.prepare("SELECT id, job, tick_ms AS tickMs, started_ms AS startedMs, ended_ms AS endedMs, status, pid, message FROM runs WHERE job = ? AND tick_ms = ? AND status = 'done' ORDER BY id DESC LIMIT 1")
      .get(job, tickMs) as RunRow | undefined
  }

  lastTick(job: string): UnixMs | undefined {
    const r = this.db.prepare("SELECT MAX(tick_ms) AS t FROM runs WHERE job = ? AND status IN ('done', 'tripped')").get(job) as { t: number | null }
    return r.t === null ? undefined : (r.t as UnixMs)
  }

  setControl(key: string, value: string, nowMs: UnixMs): void {
    this.db.prepare('INSERT INTO control (key, value, updated_ms) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms').run(key, value, nowMs)
  }

  control(key: string): { value: string; updatedMs: number } | undefined {
    return this.db.prepare('SELECT value, updated_ms AS updatedMs FROM control WHERE key = ?').get(key) as { value: string; updatedMs: number } | undefined
  }

  clearControl(key: string): void { this.db.prepare('DELETE FROM control WHERE key = ?').run(key) }

  /** The on-chain venue's clientId -> signed transaction map, persisted here (table chain_txs). `record` runs after
   * signing and before broadcasting and is fsynced like `markSent`: after a crash the venue finds the transaction
   * (and can rebroadcast the same bytes) instead of signing a second one. First record of an id wins. */
  clientIdStore(nowMs: () => UnixMs): ClientIdStore {
    return {
      lookup: (clientId) => this.db.prepare('SELECT tx_hash AS txHash, nonce, raw_tx AS rawTx FROM chain_txs WHERE client_id = ?').get(clientId) as SentTx | undefined,
      record: (clientId, sent) => {
        this.db.pragma('synchronous = FULL')
        try {
          this.db.prepare('INSERT INTO chain_txs (client_id, tx_hash, nonce, raw_tx, recorded_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT(client_id) DO NOTHING')
            .run(clientId, sent.txHash, sent.nonce, sent.rawTx, nowMs())
        } finally {
          this.db.pragma('synchronous = NORMAL')
        }
      },
    }
  }

  /** Takes the run lock when nobody holds it, or when its holder is dead (its pid is gone) or silent (no heartbeat for
   * `staleMs`). Returns undefined on success, else the live holder. One IMMEDIATE transaction: two processes
   * racing for it cannot both win. */
  acquireLock(nowMs: UnixMs, staleMs: number, isAlive: (pid: number) => boolean = pidAlive): LockHolder | undefined {
    const tx = this.db.transaction((): LockHolder | undefined => {
      const cur = this.lockHolder()
      if (cur !== undefined && cur.pid !== process.pid && isAlive(cur.pid) && nowMs - cur.heartbeatMs < staleMs) return cur
      this.db.prepare('INSERT INTO lock (id, pid, heartbeat_ms, acquired_ms) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, heartbeat_ms = excluded.heartbeat_ms, acquired_ms = excluded.acquired_ms')
        .run(process.pid, nowMs, nowMs)
      return undefined
    })
    return tx.immediate()
  }

  heartbeat(nowMs: UnixMs): void { this.db.prepare('UPDATE lock SET heartbeat_ms = ? WHERE pid = ?').run(nowMs, process.pid) }

  releaseLock(): void { this.db.prepare('DELETE FROM lock WHERE pid = ?').run(process.pid) }

  lockHolder(): LockHolder | undefined {
    return this.db.prepare('SELECT pid, heartbeat_ms AS heartbeatMs, acquired_ms AS acquiredMs FROM lock WHERE id = 1').get() as LockHolder | undefined
  }
}

const INTENT_SELECT = `SELECT client_id AS clientId, run_id AS runId, job, tick_ms AS tickMs, instrument, side, qty, limit_price AS limitPrice,
  purpose, reason, state, venue_order_id AS venueOrderId, filled_qty AS filledQty, outcome, created_ms AS createdMs, updated_ms AS updatedMs FROM intents`

/** Opens (and creates) the journal at `path`. */
export function openJournal(path: string): SqliteJournal { return new SqliteJournal(path) }

/** True while a process with this pid exists (signal 0 checks without sending anything). */
export function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM' }
}
