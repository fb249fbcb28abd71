import { closeSync, openSync, readSync, statSync } from 'node:fs'

/** Byte offset just past the last character that is not a space or a line break: editors often leave blank
 * lines at the end, and reading only up to here lets them pass without allowing blank lines elsewhere.
 * @example contentEnd('bars.csv') // 182191409 for a file that ends in one '\n' */
export function contentEnd(file: string): number {
  const size = statSync(file).size
  const n = Math.min(size, 65_536)
  const buf = Buffer.alloc(n)
  const fd = openSync(file, 'r')
  try { readSync(fd, buf, 0, n, size - n) } finally { closeSync(fd) }
  let i = n
  while (i > 0 && (buf[i - 1] === 10 || buf[i - 1] === 13 || buf[i - 1] === 32 || buf[i - 1] === 9)) i--
  return i === 0 && size > n ? size : size - n + i
}

/** Rows expected in a file: its size over the mean length of the lines in its first 64 KiB, plus 2% so a file
 * whose later lines are slightly longer still fits without growing.
 * @example estimateRows('bars-1m.csv') // ~2.65M for 2.6M rows of 70 bytes */
export function estimateRows(file: string): number {
  const size = statSync(file).size
  const buf = Buffer.alloc(Math.min(size, 65_536))
  const fd = openSync(file, 'r')
  try { readSync(fd, buf, 0, buf.length, 0) } finally { closeSync(fd) }
  let lines = 0
  for (let i = 0; i < buf.length; i++) if (buf[i] === 10) lines++
  if (lines === 0) return 16
  return Math.ceil((size / (buf.length / lines)) * 1.02)
}
