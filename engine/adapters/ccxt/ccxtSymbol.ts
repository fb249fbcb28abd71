import { InputError } from '../../errors/input.ts'

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const OPTION_ID = /^([A-Z0-9]+)-(\d{1,2})([A-Z]{3})(\d{2})-(\d+(?:\.\d+)?)-([CP])$/
const OPTION_SYMBOL = /^([A-Z0-9]+)\/([A-Z0-9]+):([A-Z0-9]+)-(\d{2})(\d{2})(\d{2})-(\d+(?:\.\d+)?)-([CP])$/

/** Deribit-style instrument id (ours, and Deribit's own: `BTC-28JUN24-60000-C`, `BTC-PERPETUAL`) to ccxt's unified
 * symbol (`BTC/USD:BTC-240628-60000-C`, `BTC/USD:BTC`). Coin-settled (inverse) on Deribit, so the settle currency is
 * the coin. Spot pairs (`BTC/USDT`) and symbols already unified pass through.
 * @example toCcxtSymbol('BTC-28JUN24-60000-C') // 'BTC/USD:BTC-240628-60000-C' */
export function toCcxtSymbol(id: string): string {
  if (id.includes('/')) return id
  const perp = /^([A-Z0-9]+)-PERPETUAL$/.exec(id)
  if (perp) return `${perp[1]}/USD:${perp[1]}`
  const m = OPTION_ID.exec(id)
  if (m === null) {
    throw new InputError(`instrument ${id}`, 'instrument', 'is not an option id like BTC-28JUN24-60000-C, a perpetual like BTC-PERPETUAL or a spot pair like BTC/USDT')
  }
  const [, coin, day, mon, yy, strike, cp] = m as unknown as [string, string, string, string, string, string, string]
  const month = MONTHS.indexOf(mon) + 1
  if (month === 0) throw new InputError(`instrument ${id}`, 'instrument', `has no month called ${mon}`)
  return `${coin}/USD:${coin}-${yy}${String(month).padStart(2, '0')}${day.padStart(2, '0')}-${strike}-${cp}`
}

/** ccxt's unified symbol back to our instrument id; the inverse of toCcxtSymbol.
 * @example fromCcxtSymbol('BTC/USD:BTC-240628-60000-C') // 'BTC-28JUN24-60000-C' */
export function fromCcxtSymbol(symbol: string): string {
  const m = OPTION_SYMBOL.exec(symbol)
  if (m) {
    const [, coin, , , yy, mm, dd, strike, cp] = m as unknown as [string, string, string, string, string, string, string, string, string]
    // Deribit writes the day without a leading zero: 7JUN24, not 07JUN24
    return `${coin}-${Number(dd)}${MONTHS[Number(mm) - 1]}${yy}-${strike}-${cp}`
  }
  const perp = /^([A-Z0-9]+)\/USD:([A-Z0-9]+)$/.exec(symbol)
  if (perp && perp[1] === perp[2]) return `${perp[1]}-PERPETUAL`
  return symbol
}
