import { OptvaultError } from '../../engine/errors/base.ts'

/** A download that could not finish: the exchange kept failing after every retry, or answered something we
 * cannot use. Exits 1. Rows fetched before the failure were written whole, so rerunning resumes from there.
 * @example throw new FetchFailedError('binance BTC/USDT 1h klines from 2024-01-01T00:00:00.000Z', 'gave up after 5 retries', err) */
export class FetchFailedError extends OptvaultError {
  override name = 'FetchFailedError'
  constructor(what: string, problem: string, cause?: unknown, fix?: string) {
    super(`Could not fetch ${what}: ${problem}${cause instanceof Error ? ` (${cause.constructor.name}: ${firstLine(cause.message)})` : ''}.`, {
      fix: fix ?? 'Check the network and the exchange status page, then run the same command again: it resumes where the file ends.',
      cause,
    })
  }
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? ''
  return line.length > 300 ? `${line.slice(0, 300)}…` : line
}
