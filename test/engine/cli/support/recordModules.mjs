// Preloaded with `node --import` by the start-up test: records every module the process loads into the file
// named by OPTVAULT_RECORD_MODULES, one URL or path a line. Two sources, because neither sees everything:
// the ESM resolve hook sees every `import` (including the entry of a CommonJS package imported from ESM), and
// require.cache at exit holds every CommonJS file, including ones required from inside a CommonJS package.
// Plain .mjs so it runs before tsx is registered.
import { register, createRequire } from 'node:module'
import { appendFileSync, writeFileSync } from 'node:fs'

const out = process.env.OPTVAULT_RECORD_MODULES
if (out) {
  writeFileSync(out, '')
  register('./recordModulesHooks.mjs', import.meta.url, { data: { out } })
  const cache = createRequire(import.meta.url).cache
  process.on('exit', () => { appendFileSync(out, Object.keys(cache).map((p) => `${p}\n`).join('')) })
}
