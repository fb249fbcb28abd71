import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request as the fake server saw it. `route` is the router key it matched (or the raw path). */
export interface RecordedRequest {
  readonly route: string
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly body: string
  readonly atMs: number
}

/** What a route handler returns: a status, a JSON body (serialised as is) or raw text, and headers. */
export interface FakeResponse {
  readonly status?: number
  readonly json?: unknown
  readonly text?: string
  readonly headers?: Readonly<Record<string, string>>
  /** Accept the request and never answer: the work is done, the answer is lost (a dropped connection). */
  readonly hang?: true
}

export type RouteHandler = (req: RecordedRequest) => FakeResponse | Promise<FakeResponse>

/** A failure the server answers with instead of the route's real answer.
 * - `status`: that HTTP status with the given body and headers (429 with Retry-After, 502, …)
 * - `hang`: accept the request and never answer, so the client's own timeout fires */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly body?: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'hang' }

export interface FakeHttp {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string
  /** Adds or replaces a route. Routes are keyed by what `routeOf` makes of a request. */
  route(key: string, handler: RouteHandler): void
  /** The next `times` requests whose route is `route` (every route when omitted) answer with `fault`. */
  failNext(times: number, fault: Fault, route?: string): void
  /** Drops every fault not yet used. */
  clearFaults(): void
  /** Every request whose route is `route`, oldest first (every request when omitted). */
  received(route?: string): readonly RecordedRequest[]
  close(): Promise<void>
}

export interface FakeHttpOptions {
  readonly host?: string
  readonly port?: number
  /** Maps a request to its router key. Default: the path without its leading slash. */
  readonly routeOf?: (method: string, path: string, body: string) => string
  /** The answer for a request no route matches. */
  readonly notFound?: (req: RecordedRequest) => FakeResponse
  /** Delay before every answer, to let a test act while a run is in flight. */
  readonly delayMs?: number
}

interface PendingFault { route: string | undefined; remaining: number; fault: Fault }

/** Starts a real HTTP server on 127.0.0.1 (port 0 by default: the OS picks a free one). The exchange emulator
 * builds on it: a router, fault injection and a request log, so a test can point a real client at it.
 * @example const s = await startFakeHttp({}); s.route('ping', () => ({ json: {} })); await s.close() */
export async function startFakeHttp(o: FakeHttpOptions = {}): Promise<FakeHttp> {
  const routes = new Map<string, RouteHandler>()
  const log: RecordedRequest[] = []
  const faults: PendingFault[] = []
  const routeOf = o.routeOf ?? ((_m: string, path: string) => path.replace(/^\/+/, ''))
  const hanging = new Set<ServerResponse>()

  const takeFault = (route: string): Fault | undefined => {
    const f = faults.find((x) => x.remaining > 0 && (x.route === undefined || x.route === route))
    if (f === undefined) return undefined
    f.remaining--
    return f.fault
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const u = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = req.method ?? 'GET'
    const route = routeOf(method, u.pathname, body)
    const rec: RecordedRequest = {
      route, method, path: u.pathname, query: Object.fromEntries(u.searchParams), headers: req.headers, body, atMs: Date.now(),
    }
    log.push(rec)
    if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs))
    const fault = takeFault(route)
    if (fault?.kind === 'hang') { hanging.add(res); return }
    let answer: FakeResponse
    if (fault?.kind === 'status') {
      answer = { status: fault.status, text: fault.body ?? '', headers: fault.headers ?? {} }
    } else {
      const h = routes.get(route)
      answer = h ? await h(rec) : (o.notFound?.(rec) ?? { status: 404, text: 'not found' })
      if (answer.hang) { hanging.add(res); return }
    }
    const text = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? '')
    res.writeHead(answer.status ?? 200, {
      'content-type': answer.json !== undefined ? 'application/json' : 'text/plain',
      ...answer.headers,
    })
    res.end(text)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(`fake server bug: ${String(e)}`)
    })
  })
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    route: (key, handler) => { routes.set(key, handler) },
    failNext: (times, fault, route) => { faults.push({ route, remaining: times, fault }) },
    clearFaults: () => { faults.length = 0 },
    received: (route) => (route === undefined ? [...log] : log.filter((r) => r.route === route)),
    close: async () => {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A number in [0, 1) fixed by its keys: fake market state is a pure function of (seed, time, instrument…),
 * so two runs, or two pages of one run, always see the same history. (splitmix32-style integer hash.) */
export function seededUnit(seed: number, ...keys: readonly number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0
  for (const k of keys) {
    // fold the key in 32-bit halves so millisecond timestamps keep every bit
    const lo = k >>> 0
    const hi = Math.floor(k / 4294967296) >>> 0
    h = mix(h ^ lo)
    h = mix(h ^ hi)
  }
  return mix(h) / 4294967296
}

function mix(x: number): number {
  x = (x + 0x9e3779b9) >>> 0
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0
  return (x ^ (x >>> 16)) >>> 0
}

/** A JSON-RPC handler returns this to mean "the work is done, but the answer never leaves" (a dropped answer). */
export const HANG: unique symbol = Symbol('hang')
