export { verifyDeribitAuth } from '../../../engine/sandbox/deribit/deribitAuth.ts'
