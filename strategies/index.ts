/** The built-in strategies, by the name a config's `strategy.name` uses. The runtime resolves a name here and a
 * `strategy.path` by importing the plugin file. */
import type { StrategyDefinition } from '../engine/plugin/index.ts'
import coveredCall from './coveredCall/index.ts'
import gammaVault from './gammaScaling/index.ts'

export const builtInStrategies: Record<string, StrategyDefinition> = {
  [coveredCall.name]: coveredCall,
  [gammaVault.name]: gammaVault,
}
