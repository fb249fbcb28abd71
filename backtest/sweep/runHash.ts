import { createHash } from 'node:crypto'
import type { ParamPoint } from './gridPoints.ts'
import type { RunWindow } from './sweepJob.ts'

/** The identity of a run: sha256 over the base config text, the parameters (sorted by path), the data id and
 * the window (and a role, for walk-forward test runs), first 24 hex digits. Resume skips runs whose hash is already in sweep.csv; BullMQ uses it as jobId,
 * so adding the same run twice is one job.
 * @example runHash('vault: …', { 'hedge.band': 0.02 }, data.id) // '3f1c…' (24 hex digits) */
export function runHash(configText: string, params: ParamPoint, dataId: string, window?: RunWindow, role?: string): string {
  const sorted = Object.keys(params).sort().map((k) => [k, params[k]])
  // role keeps a walk-forward test run apart from the identical run on the next training window
  const key = JSON.stringify({ c: configText, p: sorted, d: dataId, w: window === undefined ? null : [window.fromMs, window.toMs], ...(role ? { r: role } : {}) })
  return createHash('sha256').update(key).digest('hex').slice(0, 24)
}
