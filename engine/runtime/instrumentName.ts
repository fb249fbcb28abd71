import type { OptionInstrument } from '../domain/instruments/instrument.ts'
import type { OptionKind } from '../domain/pricing/types.ts'
import type { UnixMs } from '../domain/units.ts'

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']

/** Deribit's option name: `BTC-5JAN24-45000-C` (day without a leading zero, strike in quote currency, a decimal
 * strike written with `d`). */
export function optionName(underlying: string, expiryMs: UnixMs, strike: number, kind: OptionKind): string {
  const d = new Date(expiryMs)
  const yy = String(d.getUTCFullYear() % 100).padStart(2, '0')
  const k = Number.isInteger(strike) ? String(strike) : String(strike).replace('.', 'd')
  return `${underlying}-${d.getUTCDate()}${MONTHS[d.getUTCMonth()]}${yy}-${k}-${kind === 'call' ? 'C' : 'P'}`
}

/** An option instrument with its Deribit-style id. */
export function makeOption(underlying: string, quote: string, expiryMs: UnixMs, strike: number, kind: OptionKind,
  inverse: boolean): OptionInstrument {
  return { type: 'option', id: optionName(underlying, expiryMs, strike, kind), underlying, quote, kind, strike, expiryMs, inverse }
}
