import { z } from 'zod'
import { configPath } from './configPath.ts'
import { isoUtc, isoUtcToMs } from './isoUtc.ts'
import type { SchemaContext } from './schemaContext.ts'

export const BAR_SIZES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const

/** Market data for backtests: files (relative to the config file), bar size, window and gap policy.
 * Loads with `fromMs`/`toMs` (UnixMs) next to the ISO strings the user wrote. */
export function dataSchema(ctx: SchemaContext) {
  const file = (d: string) => configPath(ctx, d)
  return z.strictObject({
    bars: file('OHLCV bars of the underlying (CSV or Parquet), relative to this config file.'),
    vol: file('Implied-volatility index series (e.g. DVOL), used when iv.source is index.').optional(),
    chain: z.union([file('Option chain snapshot file.'), z.array(file('Option chain snapshot file.')).min(1)])
      .transform((c) => (Array.isArray(c) ? c : [c])).optional()
      .describe('Option chain snapshot file or list of files, used when iv.source is chain.'),
    funding: file('Perpetual funding-rate series, used when hedging with perps.').optional(),
    gas: file('Gas-price series in gwei, used when execution.gas.model is series.').optional(),
    barSize: z.enum(BAR_SIZES).default('1h').describe('Bar size of `bars`. Default 1h.'),
    from: isoUtc('First bar to use, ISO 8601 UTC (2024-01-05 or 2024-01-05T08:00:00Z). Default: first bar in the file.').optional(),
    to: isoUtc('Last bar to use (inclusive), ISO 8601 UTC. Default: last bar in the file.').optional(),
    gapPolicy: z.enum(['error', 'skip', 'forward-fill']).default('error')
      .describe('What a missing bar does: error stops the run, skip steps over it, forward-fill repeats the last close. Default error.'),
  }).superRefine((d, issue) => {
    if (d.from !== undefined && d.to !== undefined && isoUtcToMs(d.to) <= isoUtcToMs(d.from)) {
      issue.addIssue({ code: 'custom', path: ['to'], message: `must be after data.from (${d.from})`, params: { fix: 'swap from and to, or widen the window.' } })
    }
  }).transform((d) => ({
    ...d,
    /** `from` as UnixMs, when given. */
    fromMs: d.from === undefined ? undefined : isoUtcToMs(d.from),
    /** `to` as UnixMs, when given. */
    toMs: d.to === undefined ? undefined : isoUtcToMs(d.to),
  })).describe('Market data files and the backtest window.')
}
