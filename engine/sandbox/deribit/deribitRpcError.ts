/** A JSON-RPC error the way Deribit sends it: `{ jsonrpc, error: { code, message, data } }`, HTTP 400. */
export class DeribitRpcError extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown, readonly httpStatus = 400) { super(message) }
}
