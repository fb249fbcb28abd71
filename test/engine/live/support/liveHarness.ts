import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { startSandbox, type Sandbox } from '../../../../engine/sandbox/startSandbox.ts'
import { openLive, type OpenLiveOptions } from '../../../../engine/live/openLive.ts'
import type { LiveSetup } from '../../../../engine/live/liveStep.ts'
import type { UnixMs } from '../../../../engine/domain/units.ts'

const SANDBOX_YAML = new URL('../../../../config/sandbox.yaml', import.meta.url)

/** A Friday 09:30 UTC: the 08:00 epoch roll and the 09:00 hedge check are both due. */
export const T_FRIDAY = Date.UTC(2024, 5, 7, 9, 30) as UnixMs

export interface Harness {
  readonly sb: Sandbox
  readonly dir: string
  readonly configFile: string
  readonly env: Record<string, string>
  readonly logs: string[]
  clock: { now: UnixMs; emulatorLagMs: number }
  open(o?: OpenLiveOptions): Promise<LiveSetup>
  close(): Promise<void>
}

/** The shipped config/sandbox.yaml against an emulator on a free port, with its journal in a temp folder, on a
 * clock the test moves. `edit` rewrites the YAML text (e.g. a risk limit) before it is written. */
export async function startHarness(o: { edit?: (yaml: string) => string; keys?: { apiKey: string; secret: string }; currencies?: readonly string[]; realTime?: boolean } = {}): Promise<Harness> {
  const clock = { now: T_FRIDAY, emulatorLagMs: 0 }
  // realTime: for commands that read the wall clock themselves (the CLI)
  const emulatorNow = o.realTime ? () => Date.now() : () => clock.now - clock.emulatorLagMs
  const sb = await startSandbox({
    chain: false, deribitPort: 0, nowMs: emulatorNow, currencies: o.currencies ?? ['BTC'], ...(o.keys ? { keys: o.keys } : {}),
  })
  const dir = mkdtempSync(join(tmpdir(), 'ov-live-'))
  const configFile = join(dir, 'sandbox.yaml')
  let yaml = readFileSync(SANDBOX_YAML, 'utf8').replace('path: ../runs/sandbox.journal.sqlite', 'path: ./journal.sqlite')
  if (o.edit) yaml = o.edit(yaml)
  writeFileSync(configFile, yaml)
  const env: Record<string, string> = { OPTVAULT_DERIBIT_URL: sb.deribit.url, ...(o.keys ? { OPTVAULT_DERIBIT_KEY: o.keys.apiKey, OPTVAULT_DERIBIT_SECRET: o.keys.secret } : {}) }
  const logs: string[] = []
  const opened: LiveSetup[] = []
  return {
    sb, dir, configFile, env, logs, clock,
    open: async (x = {}) => {
      const s = await openLive(configFile, {
        env, nowMs: () => clock.now, logTo: new Writable({ write(chunk, _e, cb) { logs.push(String(chunk)); cb() } }),
        venue: { timeoutMs: 5_000, maxAttempts: 3, backoffMs: 10, rateLimitMs: 1 }, ...x,
      })
      opened.push(s)
      return s
    },
    close: async () => {
      for (const s of opened) if (s.journal.db.open) s.journal.close()
      await sb.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Orders the emulator holds, by label (our client id). */
export function ordersByLabel(h: Harness): Map<string, number> {
  const m = new Map<string, number>()
  for (const o of h.sb.account.orders.values()) m.set(o.label, (m.get(o.label) ?? 0) + 1)
  return m
}
