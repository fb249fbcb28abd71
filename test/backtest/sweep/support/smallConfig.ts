import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../../', import.meta.url))

/** config/covered-call.yaml copied into a temp folder, reading the bundled samples over [from, to], so a real
 * backtest of it takes a fraction of a second. Returns the config path and its folder (for --out). */
export function smallConfig(from = '2024-01-01', to = '2024-02-29', extra = ''): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'optvault-sweep-'))
  const text = readFileSync(join(root, 'config/covered-call.yaml'), 'utf8')
    .replaceAll('../data/samples/', join(root, 'data/samples') + '/')
    .replace('  barSize: 1h', `  barSize: 1h\n  from: ${from}\n  to: ${to}`)
    .replace('../runs/covered-call.journal.sqlite', join(dir, 'journal.sqlite')) + extra
  const file = join(dir, 'covered-call.yaml')
  writeFileSync(file, text)
  return { file, dir }
}
