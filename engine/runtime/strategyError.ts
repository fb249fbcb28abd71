import { OptvaultError } from '../errors/base.ts'

/** Anything a strategy's hook throws, wrapped with the strategy and hook names so a user sees whose code failed
 * (Freqtrade wraps user strategy errors the same way). The original error is the `cause`. Exits 1. */
export class StrategyError extends OptvaultError {
  override name = 'StrategyError'
  constructor(readonly strategy: string, readonly hook: string, cause: unknown, where?: string) {
    const why = cause instanceof Error ? cause.message : String(cause)
    super(`Strategy "${strategy}" threw in ${hook}: ${why}`, {
      ...(where === undefined ? {} : { where }),
      fix: `Fix the strategy's ${hook} hook; the stack trace of the cause shows the line.`,
      cause,
    })
  }
}

/** A strategy that cannot be loaded: unknown name, missing file, no default export, wrong apiVersion. Exits 2. */
export class StrategyLoadError extends OptvaultError {
  override name = 'StrategyLoadError'
  override readonly exitCode = 2 as const
  constructor(what: string, problem: string, fix: string, cause?: unknown) {
    super(`Strategy ${what} ${problem}.`, { fix, cause })
  }
}
