import type { GuardedPrice } from '../adapters/oracle/oracleGuard.ts'
import { OracleBoundsError, OracleDeviationError, StaleOracleError } from '../domain/oracle/oracleErrors.ts'
import type { GuardName } from './riskGuards.ts'

/** Reads the on-chain oracle guard and turns its refusals into a guard trip: a stale Chainlink round is
 * `oracleMaxStalenessSec`, sources apart by more than the limit `oracleMaxDeviationBps`, an answer outside
 * [minPrice, maxPrice] `oracleBounds`. Any other error (RPC down) is not a trip: it propagates and fails the step.
 * @example const r = await oracleTrip(guard); if ('guard' in r) journal.guardTrip(runId, r.guard, r.detail, now) */
export async function oracleTrip(oracle: { read(): Promise<GuardedPrice> }): Promise<GuardedPrice | { guard: GuardName; detail: string }> {
  try {
    return await oracle.read()
  } catch (e) {
    const detail = (e as Error).message?.split('\n')[0]?.replace(/\.$/, '') ?? String(e)
    if (e instanceof StaleOracleError) return { guard: 'oracleMaxStalenessSec', detail }
    if (e instanceof OracleDeviationError) return { guard: 'oracleMaxDeviationBps', detail }
    if (e instanceof OracleBoundsError) return { guard: 'oracleBounds', detail }
    throw e
  }
}
