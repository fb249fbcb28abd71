export { uniswapVenue } from './uniswapVenue.ts'
export type { SwapQuote, TokenInfo, UniswapPair, UniswapVenue, UniswapVenueConfig } from './uniswapVenue.ts'
export { UniswapOrderError } from './uniswapErrors.ts'
