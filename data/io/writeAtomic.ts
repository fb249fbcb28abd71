import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** Writes a whole file or nothing: the bytes go to a temporary file in the same folder, which is then
 * renamed over `path` (a rename within one filesystem is atomic). A crash or an error mid-write leaves the
 * old file, if any, untouched and no partial file behind.
 * @example writeFileAtomic('out/bars.csv', 'ts,open,high,low,close,volume\n') */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path)
  mkdirSync(dir, { recursive: true })
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`)
  try {
    writeFileSync(tmp, data)
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
}
