/** Damerau-Levenshtein distance in its optimal-string-alignment form: insertions, deletions, substitutions
 * and swaps of two neighbouring characters each cost 1, so the common typo "bnad" is 1 away from "band".
 * @example editDistance('bnad', 'band') // 1 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0
  if (a.length === 0) return b.length
  if (b.length === 0) return a.length
  const w = b.length + 1
  // three rolling rows: the swap rule looks two rows back
  let prev2 = new Array<number>(w).fill(0)
  let prev = Array.from({ length: w }, (_, j) => j)
  let cur = new Array<number>(w).fill(0)
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1)
      cur[j] = d
    }
    ;[prev2, prev, cur] = [prev, cur, prev2]
  }
  return prev[b.length]!
}
