import type { Command } from 'commander'
import type { CliIo } from '../io.ts'
import { formatTable } from '../formatTable.ts'
import { logStreamOf } from './live.ts'

export function registerStatus(program: Command, io: CliIo): void {
  program.command('status')
    .description('Show a live vault: state, positions, health, last runs, open orders, guard trips, kill switch.')
    .argument('<config>', 'the live config, e.g. config/sandbox.yaml')
    .option('--json', 'print one JSON object instead of tables')
    .action(async (config: string, f: { json?: boolean }) => {
      const { openLive } = await import('../../live/openLive.ts')
      const { liveStatus } = await import('../../live/liveStatus.ts')
      const live = await openLive(config, { logTo: logStreamOf(io), logLevel: 'warn' })
      try {
        const st = await liveStatus(live)
        if (f.json) { io.out(`${JSON.stringify(st, null, 2)}\n`); return }
        const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString())
        const out: string[] = []
        out.push(st.vault === null ? 'vault: not opened yet (the first epoch roll opens it)' : `vault: epoch ${st.vault.epoch}, NAV ${st.vault.nav} ${live.config.vault.asset} at ${iso(st.vault.atMs)}`)
        out.push(st.killSwitch === null ? 'kill switch: off' : `kill switch: ON since ${iso(st.killSwitch.sinceMs)} (${st.killSwitch.reason}); \`optvault resume\` lifts it`)
        out.push(st.lock === null ? 'lock: free' : `lock: held by pid ${st.lock.pid}, heartbeat ${iso(st.lock.heartbeatMs)}`)
        out.push(`health: ${st.health === null ? 'no margin used' : st.health.toFixed(3)}  unresolved intents: ${st.unresolved}`)
        for (const [c, b] of Object.entries(st.balances)) out.push(`balance ${c}: equity ${b.total}, free ${b.free}, maintenance margin ${b.maintenanceMargin}`)
        out.push('', 'positions:')
        out.push(st.positions.length === 0 ? '  none' : formatTable(['instrument', 'qty', 'avg price'], st.positions.map((p) => [p.instrument, String(p.qty), String(p.avgPrice)])))
        out.push('', 'open orders:')
        out.push(st.openOrders.length === 0 ? '  none' : formatTable(['client id', 'status', 'filled'], st.openOrders.map((o) => [o.clientId, o.status, String(o.filledQty)])))
        out.push('', 'last runs:')
        out.push(st.lastRuns.length === 0 ? '  none' : formatTable(['run', 'job', 'tick', 'status', 'message'], st.lastRuns.map((r) => [String(r.id), r.job, iso(r.tickMs), r.status, r.message ?? ''])))
        if (st.guardTrips.length > 0) {
          out.push('', 'guard trips:')
          out.push(formatTable(['run', 'guard', 'at', 'message'], st.guardTrips.map((g) => [String(g.runId), g.guard, iso(g.atMs), g.message])))
        }
        io.out(`${out.join('\n')}\n`)
      } finally {
        live.journal.close()
      }
    })
}
