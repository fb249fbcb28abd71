// Child process of the crash test: one `optvault live --once` that SIGKILLs itself right after its k-th journal
// step marker (k = 0: never), the way a power cut or an OOM kill would stop it.
// argv: configFile emulatorUrl k nowMs
import { Writable } from 'node:stream'
import { openLive } from '../../../../engine/live/openLive.ts'
import { runLive } from '../../../../engine/live/liveRunner.ts'
import type { UnixMs } from '../../../../engine/domain/units.ts'

const [configFile, url, kText, nowText] = process.argv.slice(2) as [string, string, string, string]
const k = Number(kText)
let n = 0
const s = await openLive(configFile, {
  env: { OPTVAULT_DERIBIT_URL: url }, nowMs: () => Number(nowText) as UnixMs,
  logTo: new Writable({ write(_c, _e, cb) { cb() } }), venue: { timeoutMs: 5_000, maxAttempts: 3, backoffMs: 10, rateLimitMs: 1 },
})
await runLive({
  ...s,
  onMarker: (name) => {
    n++
    if (n === k) {
      process.stderr.write(`SIGKILL after marker ${n}: ${name}\n`)
      process.kill(process.pid, 'SIGKILL')
    }
  },
}, { once: true })
process.stdout.write(`markers ${n}\n`)
s.journal.close()
