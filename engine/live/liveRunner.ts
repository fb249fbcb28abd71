import cron from 'node-cron'
import { OptvaultError } from '../errors/base.ts'
import type { UnixMs } from '../domain/units.ts'
import { dueTicks } from './cronTicks.ts'
import { runLiveStep, type LiveJob, type LiveSetup, type StepResult } from './liveStep.ts'

/** Another live process holds this journal's run lock (and is alive and beating). */
export class LockHeldError extends OptvaultError {
  override name = 'LockHeldError'
  constructor(readonly pid: number, readonly sinceMs: number, readonly journalPath: string) {
    super(`Another optvault live process (pid ${pid}) holds the run lock of ${journalPath} since ${new Date(sinceMs).toISOString()}.`, {
      fix: 'Let it finish, or stop it (kill its pid). A lock whose process died is taken over automatically.',
    })
  }
}

export interface RunLiveOptions {
  /** Run the due steps once and return (systemd timers, Kubernetes CronJobs). */
  readonly once?: boolean
  /** A lock without a heartbeat for this long is stale even if its pid lives (a hung process). Default 120 s. */
  readonly staleLockMs?: number
  readonly heartbeatMs?: number
  /** Aborting stops the scheduler after the current step (SIGTERM/SIGINT do the same when `handleSignals`). */
  readonly signal?: AbortSignal
  readonly handleSignals?: boolean
  /** Each finished step. */
  readonly onStep?: (r: StepResult) => void
}

const JOBS: readonly LiveJob[] = ['epoch-roll', 'hedge-check']

/** `optvault live`: takes the journal's run lock (a row with pid and heartbeat: a crashed holder's lock is taken over,
 * a live one refuses), then runs what is due and, unless `once`, keeps running on the config's cron schedule (UTC).
 * Steps never overlap: ticks queue behind the running step. Missed ticks follow schedule.missedTick (cronTicks.ts).
 * On SIGTERM/SIGINT (or `signal`) the current step finishes (its journal rows are written as it goes, so even a
 * SIGKILL leaves a state the next start reconciles), then the lock is released and the journal closed.
 * @example await runLive(await openLive('config/sandbox.yaml'), { once: true }) */
export async function runLive(s: LiveSetup, o: RunLiveOptions = {}): Promise<StepResult[]> {
  const j = s.journal
  const staleMs = o.staleLockMs ?? 120_000
  const holder = j.acquireLock(s.nowMs(), staleMs)
  if (holder !== undefined) throw new LockHeldError(holder.pid, holder.acquiredMs, j.path)
  const beat = setInterval(() => { try { j.heartbeat(s.nowMs()) } catch { /* journal closed at shutdown */ } }, o.heartbeatMs ?? 10_000)
  beat.unref()
  const results: StepResult[] = []
  let chain: Promise<void> = Promise.resolve()
  let failure: unknown
  const runDue = async () => {
    for (const job of JOBS) {
      const expr = job === 'epoch-roll' ? s.config.schedule.epochRoll : s.config.schedule.hedgeCheck
      for (const tick of dueTicks(expr, s.config.schedule.missedTick, j.lastTick(job), s.nowMs())) {
        const r = await runLiveStep(s, job, tick)
        results.push(r)
        o.onStep?.(r)
      }
    }
  }
  const enqueue = () => {
    chain = chain.then(runDue).catch((e: unknown) => {
      // the step is journaled as failed; a scheduled process logs it and waits for the next tick
      s.log.error({ err: e instanceof Error ? e.message : String(e) }, 'live step failed')
      failure ??= e
    })
    return chain
  }
  try {
    await enqueue()
    if (o.once) {
      if (failure !== undefined) throw failure
      return results
    }
    const tasks = JOBS.map((job) => cron.schedule(job === 'epoch-roll' ? s.config.schedule.epochRoll : s.config.schedule.hedgeCheck,
      () => { void enqueue() }, { timezone: 'UTC', name: `optvault-${job}`, noOverlap: true }))
    await new Promise<void>((resolve) => {
      const stop = (why: string) => {
        s.log.info({ why }, 'live: stopping after the current step')
        for (const t of tasks) void t.stop()
        resolve()
      }
      // aborted while the first steps ran: no event will come any more
      if (o.signal?.aborted) { stop('aborted'); return }
      o.signal?.addEventListener('abort', () => stop('aborted'), { once: true })
      if (o.handleSignals) {
        process.once('SIGTERM', () => stop('SIGTERM'))
        process.once('SIGINT', () => stop('SIGINT'))
      }
      // said only once the handlers are in place: a supervisor that signals as soon as it reads this line must not
      // hit Node's default action (killed mid-shutdown, lock left behind)
      s.log.info({ epochRoll: s.config.schedule.epochRoll, hedgeCheck: s.config.schedule.hedgeCheck }, 'live: waiting for the next tick (UTC)')
    })
    for (const t of tasks) await t.destroy()
    await chain
    return results
  } finally {
    clearInterval(beat)
    j.releaseLock()
  }
}

/** The latest time each job would fire at or before now (for status). */
export function nextDue(s: LiveSetup): Record<LiveJob, UnixMs[]> {
  const out = {} as Record<LiveJob, UnixMs[]>
  for (const job of JOBS) {
    const expr = job === 'epoch-roll' ? s.config.schedule.epochRoll : s.config.schedule.hedgeCheck
    out[job] = dueTicks(expr, s.config.schedule.missedTick, s.journal.lastTick(job), s.nowMs())
  }
  return out
}
