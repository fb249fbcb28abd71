import type { OptvaultConfig } from './schema/optvaultConfigSchema.ts'

/** A few lines that tell a quant what a config will run. Never shows a secret: only which credentials are set.
 * @example summarizeConfig(cfg)[0] // 'vault     BTC, collateral underlying, initial NAV 10 BTC, weekly epochs ending friday 08:00 UTC' */
export function summarizeConfig(c: OptvaultConfig): string[] {
  const v = c.vault
  const epoch = v.epoch.every === 'daily' ? `daily epochs ending ${pad(v.epoch.hourUtc)}:00 UTC`
    : `${v.epoch.every} epochs ending ${v.epoch.every === 'monthly' ? 'last ' : ''}${v.epoch.weekday} ${pad(v.epoch.hourUtc)}:00 UTC`
  const fees = v.fees.managementFeePct === 0 && v.fees.performanceFeePct === 0 ? 'no fees'
    : `fees ${v.fees.managementFeePct}% mgmt / ${v.fees.performanceFeePct}% perf`
  const lines = [
    `vault     ${v.asset}, collateral ${v.collateral}, initial NAV ${v.initialNav} ${v.asset}, ${epoch}, ${fees}`,
    `strategy  ${c.strategy.name ?? c.strategy.path}${paramsText(c.strategy.params)}`,
  ]
  if (c.data) {
    const window = `${c.data.from ?? 'start'} to ${c.data.to ?? 'end'}`
    lines.push(`data      ${c.data.bars} (${c.data.barSize} bars, ${window}, gaps: ${c.data.gapPolicy})`)
  }
  const iv = c.iv
  lines.push(`iv        ${iv.source === 'constant' ? `constant ${iv.value}` : iv.source}${iv.sellSpreadVol > 0 ? `, sells ${iv.sellSpreadVol} vol below model` : ''}`)
  const e = c.execution
  const creds = e.credentials ? Object.keys(e.credentials).filter((k) => (e.credentials as Record<string, unknown>)[k] !== undefined) : []
  lines.push(`execution ${e.venue}${e.testnet ? ' (testnet)' : ''}, fills ${e.fillTiming}, taker ${e.fees.takerBps} bps, slippage ${e.slippage.model === 'bps' ? `${e.slippage.bps} bps` : 'chain spread'}${creds.length > 0 ? `, credentials set: ${creds.join(', ')}` : ''}`)
  lines.push(`hedge     ${c.hedge ? `${c.hedge.instrument} to delta ${c.hedge.targetDelta}, trigger ${c.hedge.trigger}` : 'none'}`)
  lines.push(`schedule  epoch roll "${c.schedule.epochRoll}", hedge check "${c.schedule.hedgeCheck}" (UTC)`)
  lines.push(`journal   ${c.journal.path}`)
  return lines
}

function paramsText(p: Record<string, unknown>): string {
  const keys = Object.keys(p)
  return keys.length === 0 ? '' : ` (params: ${keys.join(', ')})`
}

function pad(h: number): string {
  return String(h).padStart(2, '0')
}
