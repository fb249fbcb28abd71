import type { OptvaultConfig } from '../config/loadConfig.ts'
import type { HedgePolicy } from '../domain/hedging/hedgePolicy.ts'

/** The config's hedge section as the plugin API's HedgePolicy; Whalley-Wilmott's cost defaults to taker fee plus
 * slippage, as a fraction of notional. */
export function hedgePolicyOf(cfg: OptvaultConfig): HedgePolicy | undefined {
  const h = cfg.hedge
  if (h === undefined) return undefined
  switch (h.trigger) {
    case 'interval': return { trigger: 'interval', targetDelta: h.targetDelta, intervalHours: h.intervalHours }
    case 'band': return { trigger: 'band', targetDelta: h.targetDelta, band: h.band }
    case 'move': return { trigger: 'move', targetDelta: h.targetDelta, moveFraction: h.moveFraction }
    case 'whalley-wilmott': {
      const x = cfg.execution
      const costFraction = h.costFraction ?? (x.fees.takerBps + (x.slippage.model === 'bps' ? x.slippage.bps : 0)) / 1e4
      return { trigger: 'whalley-wilmott', targetDelta: h.targetDelta, riskAversion: h.riskAversion, costFraction }
    }
  }
}
