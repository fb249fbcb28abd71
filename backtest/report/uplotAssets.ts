import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

let cached: { js: string; css: string } | undefined

/** uPlot's minified browser build and stylesheet, read from node_modules (resolved like an import, so it works from
 * any working directory) and inlined into the report: the file must open with no network. Read once per process. */
export function uplotAssets(): { js: string; css: string } {
  if (cached === undefined) {
    const require = createRequire(import.meta.url)
    cached = {
      js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    }
  }
  return cached
}
