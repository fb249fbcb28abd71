/** A real redis-server for tests: Debian's package (installed here when missing), on 127.0.0.1 at a free port,
 * with its own temp folder and no persistence, stopped afterwards. Test files run in parallel, so the install
 * runs under a lock file and only once. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface RedisServer {
  readonly url: string
  readonly port: number
  stop(): Promise<void>
}

const INSTALL_LOCK = '/tmp/optvault-redis-install.lock'

function hasRedis(): boolean {
  return spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).status === 0
}

/** Installs redis-server with apt when it is not on PATH (one installer at a time across test files). */
export function ensureRedisInstalled(): void {
  if (hasRedis()) return
  const r = spawnSync('flock', [INSTALL_LOCK, 'sh', '-c', 'command -v redis-server >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server)'],
    { encoding: 'utf8', timeout: 600_000 })
  if (r.status !== 0 || !hasRedis()) throw new Error(`could not install redis-server: ${r.stderr || r.error?.message || `exit ${r.status}`}`)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ host: '127.0.0.1', port })
    c.once('error', () => resolve(false))
    c.once('connect', () => c.write('PING\r\n'))
    c.once('data', (d) => { c.destroy(); resolve(d.toString().startsWith('+PONG')) })
  })
}

/** Starts redis-server on 127.0.0.1 at a random free port with a fresh temp dir; retries when the port was
 * taken between picking and binding. */
export async function startRedis(): Promise<RedisServer> {
  ensureRedisInstalled()
  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    const dir = mkdtempSync(join(tmpdir(), 'optvault-redis-'))
    const proc: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
      { stdio: ['ignore', 'pipe', 'pipe'] })
    let exited = false
    let log = ''
    proc.stdout?.on('data', (d: Buffer) => { log += d.toString() })
    proc.once('exit', () => { exited = true })
    const t0 = Date.now()
    while (!exited && Date.now() - t0 < 10_000 && !(await ping(port))) await new Promise((r) => setTimeout(r, 50))
    if (!exited && (await ping(port))) {
      return {
        port, url: `redis://127.0.0.1:${port}`,
        stop: async () => {
          if (!exited) {
            const gone = new Promise((r) => proc.once('exit', r))
            proc.kill('SIGTERM')
            await gone
          }
          rmSync(dir, { recursive: true, force: true })
        },
      }
    }
    proc.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    if (attempt >= 2) throw new Error(`redis-server did not start on port ${port}:\n${log}`)
  }
}
