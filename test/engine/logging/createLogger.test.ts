import { Writable } from 'node:stream'
import { expect, test } from 'vitest'
import { createLogger } from '../../../engine/logging/createLogger.ts'
import { Secret } from '../../../engine/config/secret.ts'

const sink = () => {
  const lines: string[] = []
  return { lines, stream: new Writable({ write(c, _e, cb) { lines.push(String(c)); cb() } }) }
}

test('keys named like secrets are redacted wherever they sit; secret values are scrubbed from any text', () => {
  const s = sink()
  const log = createLogger({ destination: s.stream, secrets: ['k3y-VALUE-123', 's3cr3t-VALUE-456'] })
  log.info({ apiKey: 'k3y-VALUE-123', nested: { secret: 's3cr3t-VALUE-456' }, headers: { authorization: 'deri-hmac-sha256 id=k3y-VALUE-123' } }, 'login')
  log.error({ err: 'request failed: https://x.test/?key=k3y-VALUE-123' }, 'message quoting s3cr3t-VALUE-456')
  log.info({ cred: new Secret('k3y-VALUE-123') }, 'a Secret object')
  const text = s.lines.join('')
  expect(s.lines).toHaveLength(3)
  expect(text).not.toContain('k3y-VALUE-123')
  expect(text).not.toContain('s3cr3t-VALUE-456')
  expect(JSON.parse(s.lines[0]!)).toMatchObject({ apiKey: '[redacted]', nested: { secret: '[redacted]' }, msg: 'login' })
  expect(JSON.parse(s.lines[1]!).msg).toBe('message quoting [redacted]')
  expect(JSON.parse(s.lines[2]!).cred).toBe('[redacted]')
})
