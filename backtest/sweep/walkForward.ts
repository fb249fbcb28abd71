import { InputError } from '../../engine/errors/input.ts'
import type { RunWindow } from './sweepJob.ts'

/** `--walk-forward train=90d,test=30d`: lengths of the training and test windows in ms. */
export interface WalkForwardSpec { readonly trainMs: number; readonly testMs: number }

/** One step of a walk-forward: parameters are chosen on `train`, then run untouched on the `test` that follows. */
export interface WalkForwardWindow { readonly index: number; readonly train: RunWindow; readonly test: RunWindow }

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 }

/** Parses `train=90d,test=30d` (units h, d, w; order free). Throws InputError naming the flag. */
export function parseWalkForward(text: string, flag = '--walk-forward'): WalkForwardSpec {
  const got: Record<string, number> = {}
  for (const part of text.split(',')) {
    const m = /^\s*(train|test)\s*=\s*(\d+(?:\.\d+)?)\s*([hdw])\s*$/.exec(part)
    if (!m) throw new InputError(`${flag} ${text}`, flag, `has "${part}", not train=<n><h|d|w> or test=<n><h|d|w>`, 'write --walk-forward train=90d,test=30d.')
    const ms = Number(m[2]) * (UNIT_MS[m[3] as string] as number)
    if (!(ms > 0)) throw new InputError(`${flag} ${text}`, flag, `has ${m[1]} of zero length`, 'give both windows a positive length.')
    got[m[1] as string] = ms
  }
  if (got.train === undefined || got.test === undefined) throw new InputError(`${flag} ${text}`, flag, 'must give both train= and test=', 'write --walk-forward train=90d,test=30d.')
  return { trainMs: got.train, testMs: got.test }
}

/** Rolling windows over [startMs, endMs): train [s, s + train), test [s + train, s + train + test), then s moves
 * on by one test length, so the test windows tile the period after the first training window without overlap.
 * A last test window that would run past endMs is dropped (a short one would be scored on fewer bars). */
export function walkForwardWindows(startMs: number, endMs: number, spec: WalkForwardSpec): WalkForwardWindow[] {
  const out: WalkForwardWindow[] = []
  for (let s = startMs; s + spec.trainMs + spec.testMs <= endMs; s += spec.testMs) {
    const t = s + spec.trainMs
    out.push({ index: out.length, train: { fromMs: s, toMs: t }, test: { fromMs: t, toMs: t + spec.testMs } })
  }
  return out
}

/** Chains NAV curves end to end: each segment is rescaled to start where the previous one ended, so the result
 * is the NAV of putting the money through each test window in turn. Bars keep their own times. */
export function stitchEquity(segments: readonly { readonly tMs: Float64Array; readonly nav: Float64Array }[]): { tMs: Float64Array; nav: Float64Array } {
  const n = segments.reduce((a, s) => a + s.tMs.length, 0)
  const tMs = new Float64Array(n)
  const nav = new Float64Array(n)
  let k = 0
  let level = 1
  for (const s of segments) {
    if (s.tMs.length === 0) continue
    const scale = level / (s.nav[0] as number)
    for (let i = 0; i < s.tMs.length; i++) { tMs[k] = s.tMs[i] as number; nav[k] = (s.nav[i] as number) * scale; k++ }
    level = nav[k - 1] as number
  }
  return { tMs, nav }
}
