import { createHmac } from 'node:crypto'
import type { RecordedRequest } from './sandboxHttp.ts'
import { DeribitRpcError } from './deribitRpcError.ts'

/** Checks a private request's `Authorization: deri-hmac-sha256 id=…,ts=…,sig=…,nonce=…` header the way
 * Deribit does (docs.deribit.com, "Authentication", HMAC-SHA256 signature):
 * sig = hex HMAC-SHA256(secret, ts + "\n" + nonce + "\n" + METHOD + "\n" + URI + "\n" + BODY + "\n"),
 * where URI is the path with its query string. Throws the JSON-RPC error Deribit answers otherwise.
 * For private methods added to the fake: `d.method('private/buy', (p, req) => { verifyDeribitAuth(req, keys); … })`.
 * @example verifyDeribitAuth(req, { apiKey: 'k', secret: 's' }) */
export function verifyDeribitAuth(req: RecordedRequest, keys: { apiKey: string; secret: string }): void {
  const h = req.headers['authorization']
  const m = typeof h === 'string' ? /^deri-hmac-sha256 (.*)$/.exec(h) : null
  if (m === null) throw new DeribitRpcError(13004, 'invalid_credentials', undefined, 400)
  const parts = Object.fromEntries(m[1]!.split(',').map((kv) => {
    const i = kv.indexOf('=')
    return [kv.slice(0, i).trim(), kv.slice(i + 1).trim()]
  }))
  if (parts['id'] !== keys.apiKey) throw new DeribitRpcError(13004, 'invalid_credentials', undefined, 400)
  const query = new URLSearchParams(req.query).toString()
  const uri = req.path + (query === '' ? '' : `?${query}`)
  const data = `${req.method}\n${uri}\n${req.body}\n`
  const expected = createHmac('sha256', keys.secret).update(`${parts['ts']}\n${parts['nonce']}\n${data}`).digest('hex')
  if (parts['sig'] !== expected) throw new DeribitRpcError(13009, 'unauthorized', { reason: 'invalid signature' }, 400)
}
