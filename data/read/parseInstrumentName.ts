/** A Deribit option instrument name, split: `BTC-28JUN24-58000-P`. */
export interface InstrumentParts {
  readonly underlying: string
  /** Deribit options expire at 08:00 UTC on the named day */
  readonly expiryMs: number
  readonly strike: number
  readonly isCall: boolean
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
// Linear USDC options write a decimal strike with `d` (XRP_USDC-…-0d625-C); the day has no leading zero (9JAN24).
const NAME = /^([A-Z0-9_]+)-(\d{1,2})([A-Z]{3})(\d{2})-(\d+(?:d\d+)?)-([CP])$/
const EXPIRY_HOUR_UTC = 8

/** Parses a Deribit option name, or returns undefined when it is not one.
 * @example parseInstrumentName('BTC-28JUN24-58000-P') // { underlying: 'BTC', expiryMs: Date.UTC(2024, 5, 28, 8), strike: 58000, isCall: false } */
export function parseInstrumentName(name: string): InstrumentParts | undefined {
  const m = NAME.exec(name)
  if (m === null) return undefined
  const [, underlying, day, mon, yy, strike, cp] = m as unknown as [string, string, string, string, string, string, string]
  const month = MONTHS.indexOf(mon)
  if (month < 0) return undefined
  const expiry = new Date(Date.UTC(2000 + Number(yy), month, Number(day), EXPIRY_HOUR_UTC))
  if (expiry.getUTCDate() !== Number(day)) return undefined // 31FEB24
  return { underlying, expiryMs: expiry.getTime(), strike: Number(strike.replace('d', '.')), isCall: cp === 'C' }
}
