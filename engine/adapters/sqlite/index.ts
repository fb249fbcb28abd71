// The SQLite adapter's public surface: the live run's write-ahead journal.
export { openJournal, pidAlive, SqliteJournal, type IntentRow, type IntentState, type LockHolder, type RunRow, type RunStatus, type GuardTripRow } from './sqliteJournal.ts'
