import { InputError } from '../../../engine/errors/input.ts'

/** The BullMQ queue every sweep and worker meet on, unless --queue-name says otherwise. */
export const SWEEP_QUEUE = 'optvault-sweep'

/** The connection fields both BullMQ and ioredis accept. */
export interface RedisConnection {
  readonly host: string
  readonly port: number
  readonly db: number
  readonly username?: string
  readonly password?: string
  readonly maxRetriesPerRequest: null
}

/** ioredis options from `redis://[user:password@]HOST:PORT[/DB]`. BullMQ workers need
 * maxRetriesPerRequest null: a blocking wait for jobs must not give up after a few retries. */
export function redisOptions(url: string, flag = '--queue'): RedisConnection {
  let u: URL
  try { u = new URL(url) } catch { throw new InputError(`${flag} ${url}`, flag, `is "${url}", not a URL`, 'write redis://HOST:PORT, e.g. redis://127.0.0.1:6379.') }
  if (u.protocol !== 'redis:') throw new InputError(`${flag} ${url}`, flag, `uses ${u.protocol}, not redis:`, 'write redis://HOST:PORT.')
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0
  if (!Number.isInteger(db) || db < 0) throw new InputError(`${flag} ${url}`, flag, `names database "${u.pathname.slice(1)}"`, 'write redis://HOST:PORT/0 or leave the database out.')
  return {
    host: u.hostname, port: u.port === '' ? 6379 : Number(u.port), db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}), ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    maxRetriesPerRequest: null,
  }
}
