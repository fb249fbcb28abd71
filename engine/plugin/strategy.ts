/** The strategy plugin contract, apiVersion 1. A strategy is a plain object of optional hooks plus a zod schema for
 * its parameters. The runtime calls the hooks in this order: onStart, then per epoch onEpochStart, onBar for every
 * bar (onFill as orders fill), onExpiry at settlement, onEpochEnd; onStop last. New hooks are always optional, so a
 * plugin written for apiVersion 1 keeps running. */
import type { z } from 'zod'
import type { StrategyContext } from './context.ts'
import type { Fill } from '../ports/executionPort.ts'
import type { SettlementNotice } from './context.ts'

/** The plugin API version this build of optvault implements. */
export const STRATEGY_API_VERSION = 1

export type Hook<P> = (ctx: StrategyContext, params: P) => void | Promise<void>

export interface StrategyDefinition<S extends z.ZodType = z.ZodType> {
  /** Unique, kebab-case: the name a config's `strategy.name` refers to. */
  readonly name: string
  readonly apiVersion: typeof STRATEGY_API_VERSION
  /** One line for `--help` and reports. */
  readonly description?: string
  /** Parameter schema with defaults; config `strategy.params` is validated against it, with file:line errors. */
  readonly params: S
  readonly onStart?: Hook<z.output<S>>
  readonly onEpochStart?: Hook<z.output<S>>
  /** Called once per bar, after the bar closed: `ctx.market` ends with that bar. Keep it cheap. */
  readonly onBar?: Hook<z.output<S>>
  readonly onFill?: (ctx: StrategyContext, params: z.output<S>, fill: Fill) => void | Promise<void>
  readonly onExpiry?: (ctx: StrategyContext, params: z.output<S>, settled: SettlementNotice) => void | Promise<void>
  readonly onEpochEnd?: Hook<z.output<S>>
  readonly onStop?: Hook<z.output<S>>
}

/** Declares a strategy. Identity at run time; it exists so TypeScript infers `params` in every hook.
 * @example
 * export default defineStrategy({
 *   name: 'weekly-covered-call', apiVersion: 1,
 *   params: z.object({ targetDelta: z.number().min(0.01).max(0.99).default(0.25) }),
 *   onEpochStart(ctx, p) { ctx.sell(ctx.chain.nearestByDelta({ kind: 'call', delta: p.targetDelta, minDays: 6 }).id, ctx.vault.freeCollateral()) },
 * }) */
export function defineStrategy<S extends z.ZodType>(def: StrategyDefinition<S>): StrategyDefinition<S> {
  return def
}
