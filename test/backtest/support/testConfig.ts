import { parseConfigText } from '../../../engine/config/parseConfigText.ts'
import type { OptvaultConfig } from '../../../engine/config/loadConfig.ts'

/** A validated config from YAML sections, for loop tests; data paths are never opened (the tests pass bars). */
export function testConfig(o: { vault?: string; iv?: string; execution?: string; hedge?: string; risk?: string } = {}): OptvaultConfig {
  const text = [
    'vault:', o.vault ?? '  asset: BTC\n  initialNav: 10',
    'strategy:\n  name: test',
    `data:\n  bars: bars.csv\n  barSize: 1h${o.iv?.includes('index') ? '\n  vol: vol.csv' : ''}${o.iv?.includes('chain') ? '\n  chain: chain.csv' : ''}`,
    'iv:', o.iv ?? '  source: constant\n  value: 0.6',
    'execution:', o.execution ?? '  venue: sim\n  fees: { makerBps: 0, takerBps: 0, option: { pctOfUnderlying: 0, capPctOfPrice: 0 } }\n  slippage: { model: bps, bps: 0 }',
    ...(o.hedge ? ['hedge:', o.hedge] : []),
    ...(o.risk ? ['risk:', o.risk] : []),
  ].join('\n')
  return parseConfigText(text, '/tmp/optvault-test/config.yaml')
}
