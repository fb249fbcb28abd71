import { loadConfig, type OptvaultConfig, type ParseConfigOptions } from '../config/loadConfig.ts'
import type { StrategyDefinition } from '../plugin/strategy.ts'
import { builtInStrategies, loadStrategy } from './loadStrategy.ts'

export interface RunConfig {
  readonly config: OptvaultConfig
  readonly strategy: StrategyDefinition
  /** strategy.params parsed by the strategy's own schema, defaults filled. */
  readonly params: unknown
}

/** Loads a config and its strategy, and checks strategy.params against the strategy's zod schema in the config
 * loader, so a bad parameter is reported at its file:line:column like any other config error. Two passes: the
 * first finds which strategy (a plugin is imported asynchronously), the second validates with its schema.
 * @example const { config, strategy, params } = await loadRunConfig('config/covered-call.yaml') */
export async function loadRunConfig(file: string, opts: ParseConfigOptions = {}): Promise<RunConfig> {
  const builtIns = await builtInStrategies()
  const knownStrategies = Object.keys(builtIns)
  const first = loadConfig(file, { ...opts, ...(knownStrategies.length > 0 ? { knownStrategies } : {}) })
  const strategy = await loadStrategy(first.strategy)
  const config = loadConfig(file, { ...opts, strategyParamsSchema: () => strategy.params })
  return { config, strategy, params: config.strategy.params }
}
