import { editDistance } from './editDistance.ts'

/** The candidate a mistyped word most likely meant, or undefined when none is close enough to be a
 * useful guess. Case, `_` and `-` are ignored first, so `target_delta` finds `targetDelta`; then up to one
 * edit per three characters is allowed (at least one), so short keys don't match everything.
 * @example didYouMean('bnad', ['band', 'interval', 'move']) // 'band' */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '')
  const w = norm(word)
  let best: string | undefined
  let bestD = Infinity
  for (const c of candidates) {
    if (c === word) continue
    const d = editDistance(w, norm(c))
    if (d < bestD) { best = c; bestD = d }
  }
  const allowed = Math.max(1, Math.floor(w.length / 3))
  return bestD <= allowed ? best : undefined
}
