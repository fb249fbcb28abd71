import { MarginInvariantError } from '../../errors/margin.ts'
import type { MarginInstrument } from './types.ts'

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const
// Deribit names: BTC-28JUN24-60000-C (option), BTC-28JUN24 (future), BTC-PERPETUAL.
const NAME = /^([A-Z0-9]+)-(?:(PERPETUAL)|(\d{1,2})([A-Z]{3})(\d{2})(?:-(\d+(?:\.\d+)?)-([CP]))?)$/

/** Parses a Deribit instrument name. Expiry is 08:00 UTC on the named day, when Deribit fixes its expiries.
 * Throws MarginInvariantError for a name it cannot read (the CLI turns that into an InputError with a line).
 * @example parseInstrument('BTC-28JUN24-60000-C') // { type: 'option', underlying: 'BTC', strikeUsd: 60000, kind: 'call', expiryMs: Date.UTC(2024, 5, 28, 8) } */
export function parseInstrument(name: string): MarginInstrument {
  const m = NAME.exec(name)
  if (m === null) {
    throw new MarginInvariantError(`cannot read instrument name "${name}"`,
      'use Deribit names: BTC-28JUN24-60000-C, BTC-28JUN24-60000-P, BTC-28JUN24 or BTC-PERPETUAL')
  }
  const underlying = m[1] as string
  if (m[2] !== undefined) return { type: 'perpetual', name, underlying }
  const day = Number(m[3])
  const month = MONTHS.indexOf(m[4] as (typeof MONTHS)[number])
  const year = 2000 + Number(m[5])
  const expiryMs = Date.UTC(year, month, day, 8)
  // Date.UTC rolls 31FEB into March; a name that does not round-trip is not a real day.
  if (month < 0 || day < 1 || new Date(expiryMs).getUTCDate() !== day) {
    throw new MarginInvariantError(`"${name}" has no such expiry date`, 'write the day as on Deribit, e.g. 28JUN24')
  }
  if (m[6] === undefined) return { type: 'future', name, underlying, expiryMs }
  const strikeUsd = Number(m[6])
  if (!(strikeUsd > 0)) throw new MarginInvariantError(`"${name}" has strike 0`, 'use a positive strike')
  return { type: 'option', name, underlying, expiryMs, strikeUsd, kind: m[7] === 'C' ? 'call' : 'put' }
}
