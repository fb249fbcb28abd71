import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** Writes a whole file or nothing: the bytes go to a temporary file in the same folder, which is then
 * renamed over `path` (a rename within one filesystem is atomic). A crash or an error mid-write leaves the
 * old file, if any, untouched and no partial file behind. `data` may be a list of chunks written one after
 * another, so a large file made of parts (a header and columns) is never copied into one buffer first.
 * @example writeFileAtomic('out/bars.csv', 'ts,open,high,low,close,volume\n') */
export function writeFileAtomic(path: string, data: string | Uint8Array | readonly Uint8Array[]): void {
  const dir = dirname(path)
  mkdirSync(dir, { recursive: true })
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`)
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(tmp, data)
    else writeChunks(tmp, data)
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
}

function writeChunks(file: string, chunks: readonly Uint8Array[]): void {
  const fd = openSync(file, 'w')
  try {
    for (const c of chunks) for (let at = 0; at < c.byteLength;) at += writeSync(fd, c, at, c.byteLength - at)
  } finally {
    closeSync(fd)
  }
}
