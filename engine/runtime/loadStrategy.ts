import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { STRATEGY_API_VERSION, type StrategyDefinition } from '../plugin/strategy.ts'
import { StrategyLoadError } from './strategyError.ts'

/** The built-in strategies (strategies/index.ts exports `builtInStrategies`). Loaded on first use, so commands
 * that never run a strategy don't pay for them; the extension follows this file's own, so the same code loads
 * index.ts from the sources (tsx) and index.js from a `npm run build` output. Imported once per thread: each
 * import() of it, even of a module already loaded, goes through tsx's resolve hook (a round trip to the loader
 * thread, ~1-2 ms), and a sweep asks for it before every run.
 * A failed import is not kept, so a later call tries again. */
export function builtInStrategies(): Promise<Readonly<Record<string, StrategyDefinition>>> {
  builtIns ??= importBuiltIns()
  builtIns.catch(() => { builtIns = undefined })
  return builtIns
}
let builtIns: Promise<Readonly<Record<string, StrategyDefinition>>> | undefined

async function importBuiltIns(): Promise<Readonly<Record<string, StrategyDefinition>>> {
  const ext = import.meta.url.endsWith('.js') ? 'js' : 'ts'
  const url = new URL(`../../strategies/index.${ext}`, import.meta.url)
  if (!existsSync(url)) return {}
  const mod = (await import(url.href)) as { builtInStrategies?: Record<string, StrategyDefinition> }
  return mod.builtInStrategies ?? {}
}

/** A strategy by built-in name or by path to a .ts/.js plugin whose default export (or `strategy` export) is a
 * defineStrategy object. TypeScript plugins load without a build step (bin/optvault.js registers tsx).
 * Throws StrategyLoadError for an unknown name, a missing file, a bad export or another apiVersion.
 * @example const s = await loadStrategy({ path: '/home/me/myStrategy.ts' }) */
export async function loadStrategy(ref: { name?: string | undefined; path?: string | undefined }): Promise<StrategyDefinition> {
  if (ref.path !== undefined) {
    if (!existsSync(ref.path)) throw new StrategyLoadError(ref.path, 'does not exist', 'check strategy.path; it is relative to the config file.')
    let mod: Record<string, unknown>
    try {
      mod = (await import(pathToFileURL(ref.path).href)) as Record<string, unknown>
    } catch (e) {
      throw new StrategyLoadError(ref.path, `failed to load: ${e instanceof Error ? e.message : String(e)}`, 'fix the error in the plugin file.', e)
    }
    return check(ref.path, mod.default ?? mod.strategy)
  }
  const name = ref.name ?? ''
  const all = await builtInStrategies()
  const def = Object.hasOwn(all, name) ? all[name] : undefined
  if (def === undefined) {
    const names = Object.keys(all)
    throw new StrategyLoadError(`"${name}"`, 'is not a built-in strategy',
      names.length > 0 ? `use one of: ${names.join(', ')}; or give strategy.path to a plugin file.` : 'give strategy.path to a plugin file.')
  }
  return check(name, def)
}

function check(what: string, def: unknown): StrategyDefinition {
  const d = def as Partial<StrategyDefinition> | undefined
  if (d === undefined || d === null || typeof d !== 'object' || typeof d.name !== 'string') {
    throw new StrategyLoadError(what, 'has no strategy as its default export', 'write `export default defineStrategy({ name, apiVersion: 1, params, ... })`.')
  }
  if (d.apiVersion !== STRATEGY_API_VERSION) {
    throw new StrategyLoadError(what, `declares apiVersion ${String(d.apiVersion)}, but this optvault implements ${STRATEGY_API_VERSION}`, `set apiVersion: ${STRATEGY_API_VERSION}.`)
  }
  if (d.params === undefined || typeof (d.params as { safeParse?: unknown }).safeParse !== 'function') {
    throw new StrategyLoadError(what, 'has no zod params schema', 'give params: z.object({ ... }) (z is exported by optvault).')
  }
  return d as StrategyDefinition
}
