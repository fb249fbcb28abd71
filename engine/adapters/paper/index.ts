// The paper adapter's public surface: live prices, simulated fills, the account in the journal.
export { PaperVenue, type PaperVenueOptions } from './paperVenue.ts'
