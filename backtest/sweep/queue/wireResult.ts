import type { RunResult } from '../sweepJob.ts'

/** A RunResult as BullMQ stores it (JSON): NAV curves as plain number arrays. */
export interface WireResult extends Omit<RunResult, 'equity'> {
  readonly equity?: { readonly tMs: number[]; readonly nav: number[] }
}

export function toWire(r: RunResult): WireResult {
  const { equity, ...rest } = r
  return equity === undefined ? rest : { ...rest, equity: { tMs: Array.from(equity.tMs), nav: Array.from(equity.nav) } }
}

export function fromWire(w: WireResult): RunResult {
  const { equity, ...rest } = w
  return equity === undefined ? rest : { ...rest, equity: { tMs: Float64Array.from(equity.tMs), nav: Float64Array.from(equity.nav) } }
}

/** The BullMQ jobId of a run: its hash, plus what extra it must return, so asking again for the best run's
 * files is a new job rather than the finished metrics-only one. */
export function queueJobId(job: { id: string; withFiles?: boolean; withEquity?: boolean }): string {
  return `${job.id}${job.withFiles ? '-files' : ''}${job.withEquity ? '-equity' : ''}`
}

/** Redis key holding a sweep's shared data for remote workers. */
export function dataKey(queue: string, dataId: string): string {
  return `optvault:${queue}:data:${dataId}`
}
