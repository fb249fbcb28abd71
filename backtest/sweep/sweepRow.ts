import type { ParamPoint } from './gridPoints.ts'

/** One row of sweep.csv: a finished run, from this sweep or read back on resume. */
export interface SweepRow {
  readonly hash: string
  readonly params: ParamPoint
  readonly metrics: Readonly<Record<string, number | null>>
  readonly error?: string
  /** Walk-forward only: which phase and window the run belongs to. */
  readonly phase?: 'train' | 'test'
  readonly window?: number
  readonly fromMs?: number
  readonly toMs?: number
}
