// Module hooks for recordModules.mjs (they run on the loader thread): append each resolved URL to the file.
import { appendFileSync } from 'node:fs'

let out = ''
export function initialize(data) { out = data.out }
export async function resolve(specifier, context, nextResolve) {
  const r = await nextResolve(specifier, context)
  appendFileSync(out, `${r.url}\n`)
  return r
}
