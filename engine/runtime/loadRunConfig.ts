import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { parse } from 'yaml'
import { loadConfig, type OptvaultConfig, type ParseConfigOptions, type StrategyRef } from '../config/loadConfig.ts'
import type { StrategyDefinition } from '../plugin/strategy.ts'
import { builtInStrategies, loadStrategy } from './loadStrategy.ts'

export interface RunConfig {
  readonly config: OptvaultConfig
  readonly strategy: StrategyDefinition
  /** strategy.params parsed by the strategy's own schema, defaults filled. */
  readonly params: unknown
}

/** Loads a config and its strategy, and checks strategy.params against the strategy's zod schema in the config
 * loader, so a bad parameter is reported at its file:line:column together with every other config error. The
 * strategy is found first from the raw YAML (a plugin is imported asynchronously), then the whole file is
 * validated once with its schema. When the strategy cannot be loaded, the config's own errors win if it has any.
 * @example const { config, strategy, params } = await loadRunConfig('config/covered-call.yaml') */
export async function loadRunConfig(file: string, opts: ParseConfigOptions = {}): Promise<RunConfig> {
  const builtIns = await builtInStrategies()
  const knownStrategies = Object.keys(builtIns)
  const known = knownStrategies.length > 0 ? { knownStrategies } : {}
  const ref = rawStrategyRef(file)
  let strategy: StrategyDefinition
  try {
    if (ref === undefined) throw new Error('no strategy section')
    strategy = await loadStrategy(ref)
  } catch (e) {
    loadConfig(file, { ...opts, ...known }) // throws the config's own errors (with positions) when there are any
    throw e
  }
  const config = loadConfig(file, { ...opts, ...known, strategyParamsSchema: () => strategy.params })
  return { config, strategy, params: config.strategy.params }
}

/** strategy.name or strategy.path (made absolute) as written, or undefined when the file does not say. */
function rawStrategyRef(file: string): StrategyRef | undefined {
  let doc: unknown
  try { doc = parse(readFileSync(file, 'utf8')) } catch { return undefined }
  const s = (doc as { strategy?: { name?: unknown; path?: unknown } } | null)?.strategy
  if (s === undefined || s === null || typeof s !== 'object') return undefined
  if (typeof s.path === 'string' && !s.path.includes('${')) return { path: isAbsolute(s.path) ? s.path : resolve(dirname(resolve(file)), s.path) }
  if (typeof s.name === 'string') return { name: s.name }
  return undefined
}
