// The ccxt adapter's public surface: the live venue over any ccxt exchange, its typed errors, and the id mapping.
export { CcxtVenue, type CcxtVenueOptions, type VenueEvent } from './ccxtVenue.ts'
export { VenueRejectedError, VenueTimeoutError } from './venueErrors.ts'
export { fromCcxtSymbol, toCcxtSymbol } from './ccxtSymbol.ts'
