/** The local HTTP server the exchange fakes build on. It is the sandbox's own server (the Deribit emulator ships
 * with `optvault sandbox`), re-exported here so test fakes and the emulator share one router and fault model. */
export {
  startFakeHttp, seededUnit, HANG,
  type RecordedRequest, type FakeResponse, type RouteHandler, type Fault, type FakeHttp, type FakeHttpOptions,
} from '../../engine/sandbox/deribit/sandboxHttp.ts'
