export * from '../../../engine/sandbox/deribit/deribitMarket.ts'
