// The Deribit fake grew into the shipped emulator (engine/sandbox/deribit); tests keep their old names.
export { DeribitRpcError } from '../../../engine/sandbox/deribit/deribitRpcError.ts'
export {
  startDeribitEmulator as startFakeDeribit,
  type DeribitEmulator as FakeDeribit,
  type DeribitEmulatorOptions as FakeDeribitOptions,
  type DeribitMethod,
} from '../../../engine/sandbox/deribit/startDeribitEmulator.ts'
