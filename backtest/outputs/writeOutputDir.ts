import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** Writes a whole folder of files or nothing: the files go to a hidden sibling folder, which is renamed into
 * place (a rename within one filesystem is atomic). An existing folder is replaced only after every file was
 * written; an error leaves the old folder (or no folder) and no temporary one.
 * @example writeOutputDir('out/covered-call', { 'summary.json': '{}\n' }) */
export function writeOutputDir(dir: string, files: Readonly<Record<string, string>>): void {
  const parent = dirname(dir)
  mkdirSync(parent, { recursive: true })
  const tmp = join(parent, `.${basename(dir)}.tmp-${process.pid}`)
  const old = join(parent, `.${basename(dir)}.old-${process.pid}`)
  rmSync(tmp, { recursive: true, force: true })
  try {
    mkdirSync(tmp)
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, name), text)
    if (existsSync(dir)) renameSync(dir, old)
    renameSync(tmp, dir)
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true })
    if (existsSync(old) && !existsSync(dir)) renameSync(old, dir)
    throw e
  }
  rmSync(old, { recursive: true, force: true })
}
