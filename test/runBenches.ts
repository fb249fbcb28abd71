/** `npm run bench [-- FILTER]`: runs every test/**\/*.bench.ts in its own process (so memory figures are its own),
 * one after another so they don't compete for the 2 cores. A bench that crashes makes the command exit 1. */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const filter = process.argv[2]

function find(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(p)
    return e.name.endsWith('.bench.ts') ? [p] : []
  })
}

const files = find(join(root, 'test')).sort().filter((f) => filter === undefined || f.includes(filter))
let failed = 0
for (const file of files) {
  console.log(`\n== ${relative(root, file)}`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) { failed++; console.log(`!! ${relative(root, file)} exited ${r.status ?? r.signal}`) }
}
console.log(`\n${files.length} benchmark files run, ${failed} failed`)
process.exitCode = failed === 0 ? 0 : 1
